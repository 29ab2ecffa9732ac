// The mTLS listener on MTLS_PORT (API.md "Sandbox", PRODUCT.md "The mTLS edge"): TLS 1.3 only
// unless MTLS_ALLOW_TLS12, a client certificate required and chain-verified against our CA
// during the handshake (which also refuses expired ones), then, per connection and per request,
// not revoked and of an active organization (lib/edge/client-status, one second fresh). The
// verified leaf reaches the handlers as RFC 9440 Client-Cert; one sent by the client is dropped.
import { createServer, type Server } from 'node:https';
import type { TLSSocket } from 'node:tls';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { config, ConfigError } from '../config';
import { retryHeaders, unavailableError } from '../http/respond';
import { log, loggablePath } from '../log';
import { caChainPem, loadIssuingCa } from '../pki/ca-store';
import { issueServerCertificate } from '../pki/server-certificate';
import { sandboxCaPem } from '../sandbox/identity';
import { clientCertificateStatus } from './client-status';
import { formatClientCert } from './client-cert';
import { drainServer } from './drain';
import { send, serveEdge } from './http';
import { mtlsRoute } from './routes';
import { answerClientError } from './malformed';

const RENEW_BEFORE_MS = 2 * 86_400_000;
/** How long a connection with a refused certificate stays open for the request its 401 answers. */
const REFUSED_GRACE_MS = 2_000;

export type MtlsListener = { server: Server; close: (graceMs: number) => Promise<void> };

async function credentials(hostnames: string[]) {
  const issuer = await loadIssuingCa();
  // Clients may present our certificates or an organization's sandbox identity (the console's).
  return { creds: await issueServerCertificate(issuer, hostnames), trust: `${(await caChainPem()).trim()}\n${(await sandboxCaPem()).trim()}\n` };
}

function handler(req: IncomingMessage, res: ServerResponse) {
  delete req.headers['client-cert'];
  delete req.headers['client-cert-chain'];
  const socket = req.socket as TLSSocket;
  const route = mtlsRoute((req.url ?? '/').split('?')[0]);
  if (!route) return send(res, { status: 404, body: { error: { code: 'not_found', message: 'The mTLS port serves /oauth/* and /sandbox/* only.' } } });
  const der = socket.getPeerCertificate(false)?.raw;
  // No certificate left: the handshake check refused this connection and destroyed the socket.
  if (!der) return void socket.destroy();
  void (async () => {
    const status = await clientCertificateStatus(der);
    // The answer names the layer and the reason (API.md "Sandbox"), then the connection closes.
    if (!status.ok) return send(res, { status: 401, headers: { 'cache-control': 'no-store', connection: 'close' }, body: { error: { code: status.code, message: status.message, layer: 'mtls' } } });
    req.headers['client-cert'] = formatClientCert(der);
    await serveEdge(route, req, res);
  })().catch((error) => {
    const down = res.headersSent ? null : unavailableError(error, loggablePath(req.url));
    if (down) return send(res, { status: down.status, headers: retryHeaders(down), body: { error: { code: down.code, message: down.message, layer: 'mtls' } } });
    log.error('mTLS request failed', { error: String(error) });
    if (!res.headersSent) send(res, { status: 500, body: { error: { code: 'internal', message: 'Internal error.' } } });
  });
}

export async function startMtlsListener(): Promise<MtlsListener> {
  const cfg = config();
  const hostnames = cfg.MTLS_HOSTNAMES.split(',').map((h) => h.trim()).filter(Boolean);
  let { creds, trust } = await credentials(hostnames);
  const server = createServer(
    {
      key: creds.keyPem,
      cert: `${creds.certPem.trim()}\n${creds.chainPem.trim()}\n`,
      ca: trust,
      requestCert: true,
      rejectUnauthorized: true,
      minVersion: cfg.MTLS_ALLOW_TLS12 ? 'TLSv1.2' : 'TLSv1.3',
    },
    handler,
  );
  // A revoked (or otherwise refused) certificate gets no service on any request (the handler's
  // check), and its connection lasts only long enough to carry the 401 that says why: closing it
  // silently left a client with "empty reply from server" and nothing to act on.
  server.on('secureConnection', (socket: TLSSocket) => {
    const der = socket.getPeerCertificate(false)?.raw;
    if (!der) return socket.destroy();
    void clientCertificateStatus(der).then(
      (s) => { if (!s.ok) setTimeout(() => socket.destroy(), REFUSED_GRACE_MS).unref(); },
      () => socket.destroy(),
    );
  });
  server.on('clientError', answerClientError);
  server.on('tlsClientError', (error) => log.debug('mTLS handshake refused', { error: error.message }));
  server.keepAliveTimeout = 30_000;

  const renew = setInterval(() => {
    if (creds.notAfter.getTime() - Date.now() > RENEW_BEFORE_MS) return;
    void credentials(hostnames).then((fresh) => {
      ({ creds, trust } = fresh);
      server.setSecureContext({ key: creds.keyPem, cert: `${creds.certPem.trim()}\n${creds.chainPem.trim()}\n`, ca: trust });
      log.info('renewed the mTLS server certificate', { notAfter: creds.notAfter.toISOString() });
    }, (error) => log.error('mTLS server certificate renewal failed', { error: String(error) }));
  }, 3_600_000);
  renew.unref();

  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(error.code === 'EADDRINUSE' ? new ConfigError(`MTLS_PORT: ${cfg.MTLS_PORT} is already in use`) : error),
    );
    server.listen(cfg.MTLS_PORT, resolve);
  });
  return {
    server,
    close: async (graceMs: number) => {
      clearInterval(renew);
      await drainServer(server, graceMs);
    },
  };
}
