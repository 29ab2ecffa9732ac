// `npm run dev` and `npm start`: one process that owns the embedded database (unless
// DATABASE_URL), applies migrations, creates the CA on first start and serves the portal.
import { createServer, type IncomingMessage } from 'node:http';
import next from 'next';
import { ConfigError } from './lib/config';
import { startRuntime } from './lib/runtime';
import { ensureCa } from './lib/pki/ca-store';
import { issueSetupToken } from './lib/auth/setup';
import { config } from './lib/config';
import { log } from './lib/log';
import { checkTrustedProxies, isTrustedProxy } from './lib/edge/client-cert';
import { serveEdge } from './lib/edge/http';
import { edgeRoute } from './lib/edge/routes';
import { maintainSigningKeys } from './lib/oauth/signing-keys';

// Headers only our own edge may set; anything a client sends under these names is dropped.
// RFC 9440 Client-Cert is kept only from TRUSTED_PROXIES (a TLS-terminating proxy in front).
function stampPeer(req: IncomingMessage) {
  delete req.headers['x-trustgate-peer'];
  if (!isTrustedProxy(req.socket.remoteAddress)) {
    delete req.headers['client-cert'];
    delete req.headers['client-cert-chain'];
  }
  req.headers['x-trustgate-peer'] = req.socket.remoteAddress ?? '';
}

const HOUR_MS = 3_600_000;

async function main() {
  const dev = process.env.NODE_ENV !== 'production';
  const runtime = await startRuntime();
  const cfg = config();
  checkTrustedProxies();
  process.env.NEXTAUTH_URL ??= cfg.publicUrl;
  process.env.NEXT_TELEMETRY_DISABLED ??= '1';
  if (runtime.applied.length) log.info('migrations applied', { migrations: runtime.applied });
  if ((await ensureCa()).created) log.info('created the certificate authority (ECDSA P-384 root and issuing CA)');

  await maintainSigningKeys();
  setInterval(() => void maintainSigningKeys().catch((error) => log.error('signing-key rotation failed', { error: String(error) })), HOUR_MS).unref();

  const setupToken = await issueSetupToken();
  const app = next({ dev, dir: process.cwd(), hostname: 'localhost', port: cfg.PORT, turbopack: dev });
  await app.prepare();
  const handle = app.getRequestHandler();

  const server = createServer((req, res) => {
    stampPeer(req);
    const edge = edgeRoute((req.url ?? '/').split('?')[0]);
    void (edge ? serveEdge(edge, req, res) : handle(req, res));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(error.code === 'EADDRINUSE' ? new ConfigError(`PORT: ${cfg.PORT} is already in use`) : error),
    );
    server.listen(cfg.PORT, resolve);
  });

  console.log(`Trustgate ${dev ? 'development' : 'production'} server`);
  console.log(`  portal:    ${cfg.publicUrl}`);
  console.log(`  database:  ${runtime.embedded ? `embedded PostgreSQL in ${cfg.DATA_DIR}/pg` : 'DATABASE_URL'}`);
  console.log(`  CA chain:  ${cfg.publicUrl}/pki/ca.pem`);
  console.log(`  OAuth:     ${cfg.publicUrl}/.well-known/oauth-authorization-server`);
  if (setupToken) {
    console.log(`\n  No operator exists yet. Open ${cfg.publicUrl}/setup and enter this one-time setup token:\n\n    ${setupToken}\n`);
  }

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info('stopping', { signal });
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    await app.close().catch(() => undefined);
    await runtime.shutdown();
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}

main().catch((error) => {
  console.error(error instanceof ConfigError ? `Cannot start: ${error.message}` : error);
  process.exit(1);
});
