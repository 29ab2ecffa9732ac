// A client of our own mTLS listener: used by the test console (server side), the tests and
// bench:sandbox. It signs requests exactly as API.md asks of any client: Content-Digest for a
// body, RFC 9421 `sig1` over @method, @target-uri, content-digest and the Idempotency-Key,
// with created and keyid = the certificate's SHA-256 fingerprint.
import { Agent, request } from 'node:https';
import { createPrivateKey, X509Certificate } from 'node:crypto';
import { certificateDigests } from '../edge/client-cert';
import type { TLSSocket } from 'node:tls';
import type { Algorithm } from '../signatures/algorithms';
import { describeKey } from '../signatures/algorithms';
import { contentDigest } from '../signatures/content-digest';
import { request as message, type Header } from '../signatures/message';
import { signMessage, type Signed } from '../signatures/sign';
import { now } from '../clock';

export type MtlsIdentity = { keyPem: string; certPem: string; caPem: string };
export type MtlsResponse = {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
  tls: { protocol: string | null; cipher: string | null; serverCertificate: string | null; clientCertificate: string | null };
};

/**
 * `keepAlive` false (the test console): every call is a full handshake, as a client's first call
 * is. A resumed TLS session carries no server certificate to show (OpenSSL returns none for it).
 */
export function identityAgent(identity: MtlsIdentity, keepAlive = true): Agent {
  return new Agent({ key: identity.keyPem, cert: identity.certPem, ca: identity.caPem, keepAlive, maxSockets: 64, ...(keepAlive ? {} : { maxCachedSessions: 0 }) });
}

export function mtlsFetch(url: string, init: { method: string; headers?: Header[]; body?: string | Buffer }, agent: Agent): Promise<MtlsResponse> {
  return new Promise((resolve, reject) => {
    const target = new URL(url);
    const headers: Record<string, string> = {};
    for (const [k, v] of init.headers ?? []) headers[k] = v;
    const req = request({ host: target.hostname, port: target.port, path: target.pathname + target.search, method: init.method, headers, agent, servername: target.hostname.match(/^[\d.]+$/) ? undefined : target.hostname }, (res) => {
      const chunks: Buffer[] = [];
      // Read the TLS facts now: the socket is detached from the response once it has ended.
      const socket = res.socket as TLSSocket;
      const peer = socket.getPeerX509Certificate?.();
      const tls = { protocol: socket.getProtocol?.() ?? null, cipher: socket.getCipher?.()?.standardName ?? null };
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => {
        resolve({
          status: res.statusCode ?? 0,
          headers: res.headers,
          body: Buffer.concat(chunks),
          tls: {
            ...tls,
            serverCertificate: peer ? `${peer.subject.replace(/\n/g, ', ')} (issued by ${peer.issuer.replace(/\n/g, ', ')}; SHA-256 ${peer.fingerprint256.replace(/:/g, '').toLowerCase()})` : null,
            clientCertificate: null,
          },
        });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.setTimeout(15_000, () => req.destroy(new Error(`no answer from ${url} within 15 s`)));
    req.end(init.body);
  });
}

export function certificateFingerprint(certPem: string): string {
  return certificateDigests(new X509Certificate(certPem).raw).fingerprintSha256;
}

export function algorithmFor(keyPem: string): Algorithm {
  const algorithms = describeKey(createPrivateKey(keyPem)).algorithms;
  return algorithms.includes('rsa-pss-sha512') ? 'rsa-pss-sha512' : algorithms[0];
}

/** Headers for a sandbox call: Content-Digest (with a body), Signature-Input and Signature. */
export function signSandboxRequest(
  identity: MtlsIdentity,
  init: { method: string; url: string; headers?: Header[]; body?: string },
): { headers: Header[]; signed: Signed } {
  const m = message(init.method, init.url, [...(init.headers ?? [])], init.body);
  if (!m.headers.some(([n]) => n.toLowerCase() === 'host')) m.headers.unshift(['Host', m.url.host]);
  const components = ['@method', '@target-uri'];
  if (init.body) {
    m.headers.push(['Content-Digest', contentDigest(init.body)]);
    components.push('content-digest');
  }
  if (m.headers.some(([n]) => n.toLowerCase() === 'idempotency-key')) components.push('idempotency-key');
  const signed = signMessage(m, {
    components,
    params: { created: Math.floor(now().getTime() / 1000), keyid: certificateFingerprint(identity.certPem) },
    key: createPrivateKey(identity.keyPem),
    algorithm: algorithmFor(identity.keyPem),
  });
  return { headers: m.headers, signed };
}
