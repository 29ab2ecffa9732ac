// Stopping a listener without cutting requests short (a rolling deploy sends SIGTERM while
// clients are mid-request): stop accepting connections, let every request already received
// finish, close keep-alive connections as soon as they fall idle, and only after `graceMs`
// cut whatever is still open.
import type { Server as HttpServer } from 'node:http';
import type { Server as HttpsServer } from 'node:https';

const IDLE_SWEEP_MS = 100;

export async function drainServer(server: HttpServer | HttpsServer, graceMs: number): Promise<void> {
  // Requests that still arrive on an open keep-alive connection are served, and told that the
  // connection ends with their response (RFC 9112 section 9.6), so the client does not send
  // another on a connection we are about to close.
  server.on('request', (_req, res) => {
    if (!res.headersSent) res.setHeader('connection', 'close');
  });
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  // Node closes the connections that are idle when close() is called, not the ones that
  // become idle afterwards (they would linger until keepAliveTimeout).
  server.closeIdleConnections();
  const sweep = setInterval(() => server.closeIdleConnections(), IDLE_SWEEP_MS);
  let timer: NodeJS.Timeout | undefined;
  const grace = new Promise<void>((resolve) => (timer = setTimeout(resolve, graceMs)));
  try {
    await Promise.race([closed, grace]);
  } finally {
    clearInterval(sweep);
    clearTimeout(timer);
  }
  server.closeAllConnections();
  await closed;
}
