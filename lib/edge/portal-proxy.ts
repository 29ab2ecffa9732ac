// In production the protocol edge and the portal's pages run in different processes (server.ts):
// Next.js patches process-wide machinery (a Date wrapper, AsyncLocalStorage's promise hooks on
// Node 20) and every request of a process that loaded it pays for that, measured at about a
// fifth of the token endpoint's CPU. So edge workers never load Next.js; they answer the
// protocol endpoints themselves and hand every other request to a portal worker over a Unix
// socket in a private directory (not reachable from the network, so the portal trusts the
// headers the edge stamped, lib/edge/stamp: x-trustgate-peer, x-trustgate-url, Client-Cert).
//
// Hand-written on node:http: http-proxy-3 needs Node 22 and http-proxy is unmaintained, and
// this hop needs none of their features (no rewriting, no TLS, no websockets in production).
import { Agent, request, type IncomingMessage, type ServerResponse } from 'node:http';
import { pipeline } from 'node:stream';
import { TrustgateError } from '../errors';
import { errorResult } from '../http/respond';
import { log, loggablePath } from '../log';
import { EDGE_HEADERS, stampedLines } from './stamp';

// RFC 9110 section 7.6.1: hop-by-hop fields describe one connection and are not forwarded.
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'te', 'trailer', 'transfer-encoding', 'upgrade']);

/** Header lines as received, without hop-by-hop fields (and those the Connection field names). */
export function endToEndHeaders(rawHeaders: string[], drop?: ReadonlySet<string>): string[] {
  const named = new Set<string>();
  for (let i = 0; i < rawHeaders.length; i += 2) {
    if (rawHeaders[i].toLowerCase() === 'connection') for (const token of rawHeaders[i + 1].split(',')) named.add(token.trim().toLowerCase());
  }
  const out: string[] = [];
  for (let i = 0; i < rawHeaders.length; i += 2) {
    const name = rawHeaders[i].toLowerCase();
    if (!HOP_BY_HOP.has(name) && !named.has(name) && !drop?.has(name)) out.push(rawHeaders[i], rawHeaders[i + 1]);
  }
  return out;
}

/** What a portal worker receives: the client's end-to-end lines, with the edge's stamps instead of any the client sent. */
export const forwardedHeaders = (req: IncomingMessage): string[] => [...endToEndHeaders(req.rawHeaders, EDGE_HEADERS), ...stampedLines(req)];

// How long a portal worker that refused a connection is passed over (it is being restarted).
const DOWN_MS = 1_000;
const RETRY_AFTER_SECONDS = 1;

type Upstream = { socketPath: string; agent: Agent; downUntil: number };

// The JSON API's error body (lib/http/respond) under /api; a short text for pages.
function unavailable(req: IncomingMessage, res: ServerResponse): void {
  const message = 'The portal is restarting; retry in a moment.';
  const api = (req.url ?? '').startsWith('/api/');
  const body = api ? JSON.stringify(errorResult(new TrustgateError('portal_unavailable', message)).body) : message;
  res.writeHead(503, {
    'content-type': api ? 'application/json' : 'text/plain; charset=utf-8',
    'retry-after': String(RETRY_AFTER_SECONDS),
    'cache-control': 'no-store',
    'content-length': String(Buffer.byteLength(body)),
  });
  res.end(body);
}

const hasBody = (req: IncomingMessage) => req.headers['transfer-encoding'] !== undefined || Number(req.headers['content-length'] ?? 0) > 0;

// A connection that was never made: the worker is down (or being replaced).
const notConnected = (error: NodeJS.ErrnoException) => error.code === 'ECONNREFUSED' || error.code === 'ENOENT';
const IDEMPOTENT = new Set(['GET', 'HEAD', 'OPTIONS']);
// When a request may go to another worker: one without a body (a body already read is gone) that
// was never answered, if nothing was sent (no connection) or its method is idempotent (RFC 9110
// section 9.2.2): a kept-alive connection to a worker that just died fails only once a request is on it.
const retryable = (req: IncomingMessage, error: NodeJS.ErrnoException) =>
  !hasBody(req) && (notConnected(error) || (IDEMPOTENT.has(req.method ?? '') && (error.code === 'ECONNRESET' || error.code === 'EPIPE')));

/**
 * A request handler that forwards to the portal workers listening on `socketPaths`, one request
 * at a time in turn (per request, not per connection: a browser's one keep-alive connection
 * still spreads its page's requests over every worker).
 */
export function createPortalProxy(socketPaths: string[]): { proxy: (req: IncomingMessage, res: ServerResponse) => void; close: () => void } {
  const upstreams: Upstream[] = socketPaths.map((socketPath) => ({ socketPath, agent: new Agent({ keepAlive: true }), downUntil: 0 }));
  let turn = 0;

  const pick = (exclude?: Upstream): Upstream | null => {
    const now = Date.now();
    for (let i = 0; i < upstreams.length; i += 1) {
      const candidate = upstreams[turn++ % upstreams.length];
      if (candidate !== exclude && candidate.downUntil <= now) return candidate;
    }
    return null;
  };

  const forward = (req: IncomingMessage, res: ServerResponse, upstream: Upstream | null, retried: boolean): void => {
    if (!upstream) return unavailable(req, res);
    const outgoing = request({ socketPath: upstream.socketPath, agent: upstream.agent, method: req.method, path: req.url, headers: forwardedHeaders(req) });
    outgoing.on('response', (incoming) => {
      res.writeHead(incoming.statusCode ?? 502, incoming.statusMessage, endToEndHeaders(incoming.rawHeaders));
      // Streamed as it comes (React's streamed pages); a client gone mid-answer ends both sides.
      pipeline(incoming, res, () => undefined);
    });
    outgoing.on('error', (error: NodeJS.ErrnoException) => {
      if (res.headersSent) return void res.destroy();
      if (res.destroyed) return; // the client left
      if (notConnected(error)) upstream.downUntil = Date.now() + DOWN_MS;
      if (!retried && retryable(req, error)) return forward(req, res, pick(upstream), true);
      log.warn('portal worker request failed', { path: loggablePath(req.url), error: error.message });
      unavailable(req, res);
    });
    res.on('close', () => {
      if (!res.writableFinished) outgoing.destroy();
    });
    if (hasBody(req)) pipeline(req, outgoing, () => undefined);
    else outgoing.end();
  };

  return {
    proxy: (req, res) => {
      if (!hasBody(req)) req.resume();
      forward(req, res, pick(), false);
    },
    close: () => upstreams.forEach((u) => u.agent.destroy()),
  };
}
