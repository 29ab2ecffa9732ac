// `npm run dev` and `npm start`: the process that owns the embedded database (unless
// DATABASE_URL), applies migrations, creates the CA and the token-signing key on first start,
// and serves the portal and the protocol endpoints.
//
// In production the primary does the once-only work above, owns the embedded database and
// starts two kinds of worker process with node:cluster, WEB_CONCURRENCY of each (default: one
// per CPU), restarting any that dies: edge workers share PORT and MTLS_PORT, answer the protocol
// endpoints (OAuth, the sandbox, the issuance API) themselves and pass everything else to portal
// workers, which run Next.js on private Unix sockets (lib/edge/portal-proxy says why the two
// are apart). Everything shared lives in PostgreSQL (sessions are stateless JWTs, caches are
// dropped on NOTIFY), so any worker can answer any request. Development is one process, for
// Next's hot reload.
import { availableParallelism } from 'node:os';
import { ConfigError, config, parseConfig } from './lib/config';
import { startRuntime, stopStartedDatabase, type Runtime } from './lib/runtime';
import { ensureCa, loadIssuingCa } from './lib/pki/ca-store';
import { issueSetupToken } from './lib/auth/setup';
import { log } from './lib/log';
import { checkTrustedProxies } from './lib/edge/client-cert';
import { maintainOAuth } from './lib/oauth/maintenance';
import { pruneIdempotencyRecords } from './lib/http/idempotency';
import { pruneRevokedSessions } from './lib/auth/session-revocation';
import { startJobs } from './lib/jobs/queue';
import { startMailDelivery } from './lib/mail/deliver';
import { serveAll } from './lib/server/listeners';
import { startWorkers } from './lib/server/cluster';
import { handleSignals, isStopping, onStop } from './lib/server/signals';

const HOUR_MS = 3_600_000;
const dev = process.env.NODE_ENV !== 'production';

/** Hourly, and at start: the OAuth keys and expired tokens, Idempotency-Keys past their day, signed-out sessions past their expiry. */
async function upkeep(): Promise<void> {
  await maintainOAuth();
  await pruneIdempotencyRecords();
  await pruneRevokedSessions();
}

/** The once-only start-up work: database, migrations, CA, signing key, setup token. */
async function prepareDeployment(): Promise<{ runtime: Runtime; setupToken: string | null }> {
  const runtime = await startRuntime();
  try {
    checkTrustedProxies();
    if (runtime.applied.length) log.info('migrations applied', { migrations: runtime.applied });
    if ((await ensureCa()).created) log.info('created the certificate authority (ECDSA P-384 root and issuing CA)');
    // Opens the CA key now: a TRUSTGATE_SECRET other than the one it was sealed under stops
    // start-up with one line, before anything is served.
    await loadIssuingCa();
    await upkeep();
  } catch (error) {
    await runtime.shutdown();
    throw error;
  }
  return { runtime, setupToken: await issueSetupToken() };
}

/**
 * The background work (hourly upkeep, the job queue with its expiry scan, mail delivery), begun
 * only once the listeners serve: an instance that cannot bind its port queues nothing on its
 * way out. Stopped before the database.
 */
async function startBackground(runtime: Runtime): Promise<void> {
  setInterval(() => void upkeep().catch((error) => log.error('hourly upkeep failed', { error: String(error) })), HOUR_MS).unref();
  const jobs = await startJobs({ scanAtStart: true });
  const stopDelivery = startMailDelivery();
  const shutdown = runtime.shutdown;
  runtime.shutdown = async () => {
    await stopDelivery();
    await jobs.stop().catch((error) => log.error('stopping the job queue failed', { error: String(error) }));
    await shutdown();
  };
}

function banner(runtime: Runtime, setupToken: string | null, workers: number | null) {
  const cfg = config();
  console.log(`Trustgate ${dev ? 'development' : 'production'} server${workers ? ` (${workers} edge + ${workers} portal worker processes)` : ''}`);
  console.log(`  portal:    ${cfg.publicUrl}`);
  console.log(`  database:  ${runtime.embedded ? `embedded PostgreSQL in ${cfg.DATA_DIR}/pg` : 'DATABASE_URL'}`);
  console.log(`  CA chain:  ${cfg.publicUrl}/pki/ca.pem`);
  console.log(`  OAuth:     ${cfg.publicUrl}/.well-known/oauth-authorization-server`);
  console.log(`  mTLS:      ${cfg.mtlsUrl} (sandbox API and OAuth; TLS ${cfg.MTLS_ALLOW_TLS12 ? '1.2+' : '1.3'})`);
  if (setupToken) {
    console.log(`\n  No operator exists yet. Open ${cfg.publicUrl}/setup and enter this one-time setup token:\n\n    ${setupToken}\n`);
  }
}

/** Development: one process, for Next's hot reload. */
async function singleProcess() {
  const { runtime, setupToken } = await prepareDeployment();
  // A start that fails after the database is up stops it again: an embedded PostgreSQL left
  // running would be adopted, unowned, by the next start.
  const stopServing = await serveAll(dev).catch(async (error) => {
    await runtime.shutdown();
    throw error;
  });
  await startBackground(runtime);
  banner(runtime, setupToken, null);
  onStop(async (signal) => {
    log.info('stopping', { signal });
    await stopServing();
    await runtime.shutdown();
  });
}

/** Production: this process is the primary; lib/server/cluster runs the workers. */
async function primary(count: number) {
  const { runtime, setupToken } = await prepareDeployment();
  const workers = startWorkers(count);
  onStop(async (signal) => {
    log.info('stopping', { signal });
    await workers.stop();
    await runtime.shutdown();
  });
  try {
    await workers.ready;
  } catch (error) {
    if (!isStopping()) await runtime.shutdown(); // else the signal's stop is doing it
    throw error;
  }
  await startBackground(runtime);
  banner(runtime, setupToken, count);
}

async function main() {
  handleSignals();
  // From the first moment a signal stops the embedded database this process started: a signal
  // during start-up must not leave it running. Start-up replaces this once it serves.
  onStop(() => stopStartedDatabase());
  return dev ? singleProcess() : primary(parseConfig().WEB_CONCURRENCY ?? availableParallelism());
}

main().catch((error) => {
  // Start-up failed because a signal stopped the database under it: the signal's own stop ends
  // the process.
  if (isStopping()) return;
  console.error(error instanceof ConfigError ? `Cannot start: ${error.message}` : error);
  process.exit(1);
});
