// Headers only our own edge may set. Anything a client sends under these names is dropped, and
// the edge's values replace them: x-trustgate-peer (the TCP peer's address: audit entries and the
// per-address sign-in limit), x-trustgate-url (the path a page was asked for: the way back after
// sign-in), and RFC 9440 Client-Cert / Client-Cert-Chain, kept only from TRUSTED_PROXIES (a
// TLS-terminating proxy in front).
//
// Two places read them: handlers in this process read `req.headers` (stamped below), and the
// portal proxy forwards them to the Next.js workers. The proxy copies the header lines as
// received (`rawHeaders`, which keep order and repeats) — and a stamp changes `req.headers` only,
// so the proxy must take these names from `req.headers` and never from `rawHeaders`: it once
// forwarded the client's own x-trustgate-peer, and none of the edge's.
import type { IncomingMessage } from 'node:http';
import { isTrustedProxy } from './client-cert';

export const EDGE_HEADERS = new Set(['x-trustgate-peer', 'x-trustgate-url', 'client-cert', 'client-cert-chain']);

/** Stamps the edge's headers on a request as it arrives on PORT (the mTLS listener sets Client-Cert itself, lib/edge/mtls). */
export function stampPeer(req: IncomingMessage): void {
  const headers = req.headers;
  // `delete` only when there is something to remove: deleting turns the object into a slow
  // dictionary for the rest of the request.
  if (headers['x-trustgate-peer'] !== undefined) delete headers['x-trustgate-peer'];
  if (!isTrustedProxy(req.socket.remoteAddress)) {
    if (headers['client-cert'] !== undefined) delete headers['client-cert'];
    if (headers['client-cert-chain'] !== undefined) delete headers['client-cert-chain'];
  }
  headers['x-trustgate-peer'] = req.socket.remoteAddress ?? '';
}

/**
 * For a request the edge passes to Next.js: the path it asked for (app/_server/session). It
 * overwrites any a client sent, and only these requests are read for it, so the edge's own hot
 * path (tokens, issuance) does no work for it.
 */
export function stampUrl(req: IncomingMessage): void {
  req.headers['x-trustgate-url'] = req.url ?? '/';
}

/** The edge-owned header lines of a stamped request, to forward instead of the client's. */
export function stampedLines(req: IncomingMessage): string[] {
  const out: string[] = [];
  for (const name of EDGE_HEADERS) {
    const value = req.headers[name];
    if (typeof value === 'string') out.push(name, value);
  }
  return out;
}
