// The listeners: PORT (the protocol edge, then Next.js for everything else) and MTLS_PORT, in
// the three shapes a process can take (server.ts): everything in one process (development),
// an edge worker, or a portal worker.
import { rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { ConfigError, config } from '../config';
import { stampPeer, stampUrl } from '../edge/stamp';
import { drainServer } from '../edge/drain';
import { settledResetRequests } from '../orgs/password-reset';
import { serveEdge } from '../edge/http';
import { startMtlsListener } from '../edge/mtls';
import { createPortalProxy } from '../edge/portal-proxy';
import { edgeRoute } from '../edge/routes';
import { stopCacheListener } from '../db/notify-cache';
import { answerMethodNotAllowed, answerTrace } from '../http/method-not-allowed';
import { responseSecurityHeaders } from '../http/security-headers';
import { answerClientError, answerUndecodablePath } from '../edge/malformed';

// How long a stopping server lets requests already received finish (well inside the 30 s an
// orchestrator such as Kubernetes waits after SIGTERM before it kills the process).
export const SHUTDOWN_GRACE_MS = 10_000;

// How long PORT keeps an idle keep-alive connection. Node's default of 5 s raced with clients
// that reuse a connection after a pause of about that length: a request written just as the
// server closed the connection failed with ECONNRESET (seen in CI from Playwright's request
// client). Longer than the 60 s that load balancers commonly keep an idle connection to their
// targets (AWS ALB's default, nginx's upstream keepalive_timeout), so that the proxy, not this
// server, ends it first. Node advertises it in the Keep-Alive response header, and measures its
// header and request timeouts per request, not across the idle time.
export const KEEP_ALIVE_MS = 65_000;

type Handler = (req: IncomingMessage, res: ServerResponse) => void;
export type Stop = () => Promise<void>;

/** The portal's pages and the rest of the JSON API: Next.js, prepared (imported only here). */
async function startNext(dev: boolean): Promise<{ handle: Handler; close: Stop }> {
  process.env.NEXTAUTH_URL ??= config().publicUrl;
  process.env.NEXT_TELEMETRY_DISABLED ??= '1';
  const { default: next } = await import('next');
  const { answerBadRouterState } = await import('./router-state');
  const app = next({ dev, dir: process.cwd(), hostname: 'localhost', port: config().PORT, turbopack: dev });
  await app.prepare();
  const handle = app.getRequestHandler();
  const { publicUrl } = config();
  const serve: Handler = (req, res) => {
    answerMethodNotAllowed(req, res);
    const headers = responseSecurityHeaders(req.url ?? '/', dev, publicUrl);
    // Next.js reads the nonce from the request's policy: one a client sent is replaced, never used.
    req.headers['content-security-policy'] = headers['content-security-policy'];
    for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
    if (!answerTrace(req, res) && !answerBadRouterState(req, res)) void handle(req, res);
  };
  return { handle: serve, close: () => app.close().catch(() => undefined) };
}

function listen(server: Server, target: number | { path: string; exclusive: true }, what: string): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => reject(error.code === 'EADDRINUSE' ? new ConfigError(`${what} is already in use`) : error));
    server.listen(target, resolve);
  });
}

/** PORT and MTLS_PORT: the edge answers its routes itself and gives every other request to `rest`. */
async function serveEdgeAndRest(rest: Handler): Promise<Stop> {
  const cfg = config();
  const server = createServer((req, res) => {
    stampPeer(req);
    const edge = edgeRoute(req.method ?? 'GET', (req.url ?? '/').split('?')[0]);
    if (edge) void serveEdge(edge, req, res);
    else if (!answerUndecodablePath(req, res)) {
      stampUrl(req);
      rest(req, res);
    }
  });
  server.on('clientError', answerClientError);
  server.keepAliveTimeout = KEEP_ALIVE_MS;
  await listen(server, cfg.PORT, `PORT: ${cfg.PORT}`);
  const mtls = await startMtlsListener().catch(async (error) => {
    server.close();
    throw error;
  });
  return async () => {
    // Both listeners drain together: requests already received finish, new ones go elsewhere.
    await Promise.all([mtls.close(SHUTDOWN_GRACE_MS), drainServer(server, SHUTDOWN_GRACE_MS)]);
    await settledResetRequests();
    await stopCacheListener();
  };
}

/**
 * Development (and the tests): one process, Next.js beside the edge, for hot reload. The ports
 * are bound before Next.js prepares, so a port in use is the one line start-up prints (Next's
 * development warnings would come first otherwise), and found in a second rather than after the
 * compiler has started; a request that arrives meanwhile waits for Next.js.
 */
export async function serveAll(dev: boolean): Promise<Stop> {
  let ready: (handle: Handler) => void = () => undefined;
  const nextReady = new Promise<Handler>((resolve) => (ready = resolve));
  const stop = await serveEdgeAndRest((req, res) => void nextReady.then((handle) => handle(req, res)));
  const app = await startNext(dev).catch(async (error) => {
    await stop();
    throw error;
  });
  ready(app.handle);
  return async () => {
    await stop();
    await app.close();
  };
}

/** An edge worker: no Next.js in this process (lib/edge/portal-proxy says why). */
export async function serveEdgeWorker(portalSockets: string[]): Promise<Stop> {
  const portal = createPortalProxy(portalSockets);
  const stop = await serveEdgeAndRest(portal.proxy);
  return async () => {
    await stop();
    portal.close();
  };
}

/** A portal worker: Next.js on a Unix socket that only the edge workers reach. */
export async function servePortalWorker(socketPath: string): Promise<Stop> {
  const app = await startNext(false);
  rmSync(socketPath, { force: true }); // left by a worker that died
  const server = createServer(app.handle);
  // Only the edge workers' keep-alive pools connect here. Closing their idle connections after
  // Node's default 5 s raced with the pools' reuse: a request written onto a connection the worker
  // had just closed failed with EPIPE, and one with a body cannot be retried (a 503 on a form
  // post). The pools hold a bounded number of connections; a stopping worker closes them itself.
  server.keepAliveTimeout = 0;
  await listen(server, { path: socketPath, exclusive: true }, `the portal socket ${socketPath}`);
  return async () => {
    await drainServer(server, SHUTDOWN_GRACE_MS);
    await settledResetRequests(); // answered, and still writing the link
    await app.close();
    await stopCacheListener();
  };
}
