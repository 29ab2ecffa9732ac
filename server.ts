// `npm run dev` and `npm start`: the process that owns the embedded database (unless
// DATABASE_URL), applies migrations, creates the CA and the token-signing key on first start,
// and serves the portal and the protocol endpoints.
//
// In production it runs WEB_CONCURRENCY worker processes (default: one per CPU) behind one port
// with node:cluster: the primary does the once-only work above, owns the embedded database and
// restarts a worker that dies; each worker serves requests. Everything shared lives in
// PostgreSQL (sessions are stateless JWTs, caches are dropped on NOTIFY), so any worker can
// answer any request. Development is one process, for Next's hot reload.
import cluster from 'node:cluster';
import { availableParallelism } from 'node:os';
import { createServer, type IncomingMessage } from 'node:http';
import next from 'next';
import { ConfigError, config, parseConfig } from './lib/config';
import { startRuntime, stopStartedDatabase, type Runtime } from './lib/runtime';
import { ensureCa, loadIssuingCa } from './lib/pki/ca-store';
import { issueSetupToken } from './lib/auth/setup';
import { log } from './lib/log';
import { checkTrustedProxies, isTrustedProxy } from './lib/edge/client-cert';
import { serveEdge } from './lib/edge/http';
import { drainServer } from './lib/edge/drain';
import { edgeRoute } from './lib/edge/routes';
import { startMtlsListener } from './lib/edge/mtls';
import { maintainOAuth } from './lib/oauth/maintenance';
import { stopClientCache } from './lib/oauth/client-cache';
import { disconnectDb } from './lib/db/client';
import { startJobs } from './lib/jobs/queue';
import { startMailDelivery } from './lib/mail/deliver';

const HOUR_MS = 3_600_000;
// How long a stopping server lets requests already received finish (well inside the 30 s an
// orchestrator such as Kubernetes waits after SIGTERM before it kills the process).
const SHUTDOWN_GRACE_MS = 10_000;
const dev = process.env.NODE_ENV !== 'production';

// Headers only our own edge may set; anything a client sends under these names is dropped.
// RFC 9440 Client-Cert is kept only from TRUSTED_PROXIES (a TLS-terminating proxy in front).
function stampPeer(req: IncomingMessage) {
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
 * The once-only start-up work: database, migrations, CA, signing key, setup token; then the
 * background work (job queue with the expiry scan, mail delivery), stopped before the database.
 */
async function prepareDeployment(): Promise<{ runtime: Runtime; setupToken: string | null }> {
  const runtime = await startRuntime();
  try {
    checkTrustedProxies();
    if (runtime.applied.length) log.info('migrations applied', { migrations: runtime.applied });
    if ((await ensureCa()).created) log.info('created the certificate authority (ECDSA P-384 root and issuing CA)');
    // Opens the CA key now: a TRUSTGATE_SECRET other than the one it was sealed under stops
    // start-up with one line, before anything is served.
    await loadIssuingCa();
    await maintainOAuth();
  } catch (error) {
    await runtime.shutdown();
    throw error;
  }
  setInterval(() => void maintainOAuth().catch((error) => log.error('OAuth maintenance failed', { error: String(error) })), HOUR_MS).unref();
  const jobs = await startJobs({ scanAtStart: true });
  const stopDelivery = startMailDelivery();
  const shutdown = runtime.shutdown;
  runtime.shutdown = async () => {
    await stopDelivery();
    await jobs.stop().catch((error) => log.error('stopping the job queue failed', { error: String(error) }));
    await shutdown();
  };
  return { runtime, setupToken: await issueSetupToken() };
}

/** Serves HTTP on PORT; resolves with a function that stops serving. */
async function serve(): Promise<() => Promise<void>> {
  const cfg = config();
  process.env.NEXTAUTH_URL ??= cfg.publicUrl;
  process.env.NEXT_TELEMETRY_DISABLED ??= '1';
  const app = next({ dev, dir: process.cwd(), hostname: 'localhost', port: cfg.PORT, turbopack: dev });
  await app.prepare();
  const handle = app.getRequestHandler();
  const server = createServer((req, res) => {
    stampPeer(req);
    const edge = edgeRoute(req.method ?? 'GET', (req.url ?? '/').split('?')[0]);
    void (edge ? serveEdge(edge, req, res) : handle(req, res));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(error.code === 'EADDRINUSE' ? new ConfigError(`PORT: ${cfg.PORT} is already in use`) : error),
    );
    server.listen(cfg.PORT, resolve);
  });
  const mtls = await startMtlsListener().catch(async (error) => {
    server.close();
    throw error;
  });
  return async () => {
    // Both listeners drain together: requests already received finish, new ones go elsewhere.
    await Promise.all([mtls.close(SHUTDOWN_GRACE_MS), drainServer(server, SHUTDOWN_GRACE_MS)]);
    await app.close().catch(() => undefined);
    await stopClientCache();
  };
}

function banner(runtime: Runtime, setupToken: string | null, workers: number) {
  const cfg = config();
  console.log(`Trustgate ${dev ? 'development' : 'production'} server${workers > 1 ? ` (${workers} worker processes)` : ''}`);
  console.log(`  portal:    ${cfg.publicUrl}`);
  console.log(`  database:  ${runtime.embedded ? `embedded PostgreSQL in ${cfg.DATA_DIR}/pg` : 'DATABASE_URL'}`);
  console.log(`  CA chain:  ${cfg.publicUrl}/pki/ca.pem`);
  console.log(`  OAuth:     ${cfg.publicUrl}/.well-known/oauth-authorization-server`);
  console.log(`  mTLS:      ${cfg.mtlsUrl} (sandbox API and OAuth; TLS ${cfg.MTLS_ALLOW_TLS12 ? '1.2+' : '1.3'})`);
  if (setupToken) {
    console.log(`\n  No operator exists yet. Open ${cfg.publicUrl}/setup and enter this one-time setup token:\n\n    ${setupToken}\n`);
  }
}

/**
 * What a signal stops. From the first moment it is the embedded database this process started
 * (a signal during start-up must not leave it running); start-up replaces it once it serves.
 */
let stopProcess: (signal: string) => Promise<void> = () => stopStartedDatabase();
let stopping = false;

/**
 * SIGTERM, SIGINT and SIGHUP stop gracefully (the database last). A second signal while that is
 * under way ends the process at once; a terminal's Ctrl-C has then reached the embedded
 * PostgreSQL too (same process group), which shuts itself down. A worker ignores a second
 * signal: a Ctrl-C, or a service manager signalling the whole group, reaches it and then the
 * primary's SIGTERM follows.
 */
function handleSignals() {
  const once = (signal: NodeJS.Signals) => {
    if (stopping && cluster.isWorker) return;
    if (stopping) {
      log.warn('stopping now', { signal });
      process.exit(1);
    }
    stopping = true;
    void stopProcess(signal).then(() => process.exit(0), (error) => {
      log.error('stopping failed', { error: String(error) });
      process.exit(1);
    });
  };
  for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP'] as const) process.on(signal, () => once(signal));
}

async function singleProcess() {
  const { runtime, setupToken } = await prepareDeployment();
  // A start that fails after the database is up stops it again: an embedded PostgreSQL left
  // running would be adopted, unowned, by the next start.
  const stopServing = await serve().catch(async (error) => {
    await runtime.shutdown();
    throw error;
  });
  banner(runtime, setupToken, 1);
  stopProcess = async (signal) => {
    log.info('stopping', { signal });
    await stopServing();
    await runtime.shutdown();
  };
}

async function primary(workers: number) {
  const { runtime, setupToken } = await prepareDeployment();
  let ready = 0;
  const started = new Promise<void>((resolve, reject) => {
    cluster.on('message', (_worker, message: { type: string; error?: string }) => {
      if (message.type === 'ready' && ++ready === workers) resolve();
      if (message.type === 'fatal') reject(new ConfigError(message.error ?? 'a worker could not start'));
    });
  });
  for (let i = 0; i < workers; i++) cluster.fork();
  stopProcess = async (signal) => {
    log.info('stopping', { signal });
    const alive = Object.values(cluster.workers ?? {}).filter((w) => w && !w.isDead());
    await Promise.all(alive.map((w) => new Promise((resolve) => { w!.once('exit', resolve); w!.process.kill('SIGTERM'); })));
    await runtime.shutdown();
  };
  cluster.on('exit', (worker, code) => {
    if (stopping || ready < workers) return;
    log.error('a worker process exited; starting another', { pid: worker.process.pid, code });
    cluster.fork();
  });
  try {
    await started;
  } catch (error) {
    for (const w of Object.values(cluster.workers ?? {})) w?.process.kill('SIGTERM');
    await runtime.shutdown();
    throw error;
  }
  banner(runtime, setupToken, workers);
}

async function worker() {
  try {
    const stopServing = await serve();
    process.send?.({ type: 'ready' });
    stopProcess = async () => {
      await stopServing();
      await disconnectDb();
    };
  } catch (error) {
    process.send?.({ type: 'fatal', error: error instanceof Error ? error.message : String(error) });
    throw error;
  }
}

async function main() {
  handleSignals();
  if (cluster.isWorker) return worker();
  const workers = dev ? 1 : (parseConfig().WEB_CONCURRENCY ?? availableParallelism());
  return workers > 1 ? primary(workers) : singleProcess();
}

main().catch((error) => {
  // Start-up failed because a signal stopped the database under it: the signal's own stop ends
  // the process.
  if (stopping) return;
  if (!cluster.isWorker) console.error(error instanceof ConfigError ? `Cannot start: ${error.message}` : error);
  process.exit(1);
});
