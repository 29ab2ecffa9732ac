// Start-up shared by the server, the CLI and the tests: parse the configuration, resolve the
// development secret and the database (embedded unless DATABASE_URL), apply migrations.
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { ConfigError, config, parseConfig, resetConfig } from './config';
import { disconnectDb } from './db/client';
import { startEmbeddedDatabase, stopStartingDatabases } from './db/embedded';
import { applyMigrations } from './db/schema-engine';

export type Runtime = { databaseUrl: string; embedded: boolean; applied: string[]; shutdown: () => Promise<void> };

async function resolveSecret(dataDir: string): Promise<string> {
  const file = path.join(dataDir, 'secret');
  if (existsSync(file)) return (await readFile(file, 'utf8')).trim();
  const secret = randomBytes(32).toString('base64url');
  await writeFile(file, secret + '\n', { mode: 0o600 });
  return secret;
}

async function reachable(url: string): Promise<void> {
  const { Client } = await import('pg');
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  try {
    await client.connect();
    await client.query('select 1');
  } catch (error) {
    throw new ConfigError(`DATABASE_URL: cannot reach the database (${(error as Error).message})`);
  } finally {
    await client.end().catch(() => undefined);
  }
}

// The embedded database this process started, until it is stopped: a signal that arrives while
// start-up is still under way (migrations) must stop it too (stopStartedDatabase).
let started: (() => Promise<void>) | null = null;

/** Stops the embedded database this process started, if any, whether or not start-up finished. */
export async function stopStartedDatabase(): Promise<void> {
  const stop = started;
  started = null;
  await disconnectDb().catch(() => undefined);
  await Promise.all([stop?.(), stopStartingDatabases()]);
}

export async function startRuntime(opts: { migrate?: boolean } = {}): Promise<Runtime> {
  const env = parseConfig();
  await mkdir(env.DATA_DIR, { recursive: true });
  if (!env.TRUSTGATE_SECRET) process.env.TRUSTGATE_RESOLVED_SECRET = await resolveSecret(env.DATA_DIR);

  let databaseUrl = env.DATABASE_URL;
  if (!databaseUrl) {
    const embedded = await startEmbeddedDatabase(env.DATA_DIR).catch((error: Error) => {
      throw new ConfigError(`DATA_DIR: cannot start the embedded PostgreSQL in ${path.resolve(env.DATA_DIR, 'pg')} (${error.message})`);
    });
    databaseUrl = embedded.url;
    if (embedded.owned) started = embedded.stop;
    process.env.TRUSTGATE_RESOLVED_DATABASE_URL = databaseUrl;
  } else {
    await reachable(databaseUrl);
  }
  let applied: string[];
  try {
    resetConfig();
    config();
    applied = opts.migrate === false ? [] : await applyMigrations(databaseUrl);
  } catch (error) {
    // Leave no embedded PostgreSQL behind: the next start would adopt it without owning it.
    await stopStartedDatabase();
    throw error;
  }
  return {
    databaseUrl,
    embedded: !env.DATABASE_URL,
    applied,
    shutdown: stopStartedDatabase,
  };
}
