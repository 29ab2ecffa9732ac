// Starts the real server once for the integration tests: a fresh database (embedded PostgreSQL
// in a temporary DATA_DIR, or a new database on the DATABASE_URL server), `tsx server.ts` on a
// free port, then completes first-run setup through the API with the token the server printed.
import { spawn, type ChildProcess } from 'node:child_process';
import { appendFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { freePortNumber as freePort } from './ports';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import type { TestProject } from 'vitest/node';
import { startEmbeddedDatabase } from '../lib/db/embedded';

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string;
    mtlsPort: number;
    databaseUrl: string;
    secret: string;
    dataDir: string;
    /** The test server's output so far (stdout and stderr), a file. */
    serverLog: string;
    operator: { email: string; password: string };
  }
}


async function freshDatabase(dataDir: string): Promise<{ url: string; drop: () => Promise<void> }> {
  const { Client } = await import('pg');
  if (process.env.DATABASE_URL) {
    const server = new URL(process.env.DATABASE_URL);
    const name = `trustgate_test_${randomBytes(4).toString('hex')}`;
    const admin = new Client({ connectionString: process.env.DATABASE_URL });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    server.pathname = `/${name}`;
    return {
      url: server.toString(),
      drop: async () => {
        const c = new Client({ connectionString: process.env.DATABASE_URL });
        await c.connect();
        await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        await c.end();
      },
    };
  }
  const embedded = await startEmbeddedDatabase(dataDir);
  return { url: embedded.url, drop: embedded.stop };
}

async function waitForHealth(baseUrl: string, child: ChildProcess, output: () => string) {
  const deadline = Date.now() + 150_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`server exited (${child.exitCode}):\n${output()}`);
    const ok = await fetch(`${baseUrl}/api/health`).then((r) => r.ok).catch(() => false);
    if (ok) return;
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`server did not become healthy:\n${output()}`);
}

export default async function setup(project: TestProject) {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'trustgate-test-'));
  const database = await freshDatabase(dataDir);
  const port = await freePort();
  const mtlsPort = await freePort();
  const baseUrl = `http://localhost:${port}`;
  const secret = randomBytes(32).toString('base64url');
  const env = {
    ...process.env,
    NODE_ENV: 'development',
    DATABASE_URL: database.url,
    DATA_DIR: dataDir,
    PORT: String(port),
    MTLS_PORT: String(mtlsPort),
    PUBLIC_URL: baseUrl,
    TRUSTGATE_SECRET: secret,
    NEXT_DIST_DIR: '.next-test',
    LOG_LEVEL: 'warn',
    DB_POOL_SIZE: '20',
    TRUSTED_PROXIES: '127.0.0.2',
  } as NodeJS.ProcessEnv;
  let log = '';
  const child = spawn(process.execPath, ['--import', 'tsx', 'server.ts'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  // The server's output also goes to a file that outlives the run, for reading after a failure.
  const logFile = path.join(tmpdir(), 'trustgate-test-server.log');
  writeFileSync(logFile, '');
  child.stdout!.on('data', (d) => { log += d; appendFileSync(logFile, d); });
  child.stderr!.on('data', (d) => { log += d; appendFileSync(logFile, d); });
  const teardown = async () => {
    // A server that already ended (a crash, a kill) has emitted 'exit': waiting for it would hang.
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    }
    await database.drop().catch(() => undefined);
    rmSync(dataDir, { recursive: true, force: true });
  };

  const operator = { email: 'operator@trustgate.test', password: 'operator-password-1' };
  try {
    await waitForHealth(baseUrl, child, () => log);
    const token = /setup token:\s+(\S+)/.exec(log)?.[1];
    if (!token) throw new Error(`no setup token in the server log:\n${log}`);
    const res = await fetch(`${baseUrl}/api/setup`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ setupToken: token, ...operator }),
    });
    if (res.status !== 201) throw new Error(`setup failed: ${res.status} ${await res.text()}`);
  } catch (error) {
    // Vitest runs no teardown for a setup that failed: stop the server and the database here,
    // or a failed run leaves an embedded PostgreSQL behind.
    await teardown();
    throw error;
  }

  project.provide('baseUrl', baseUrl);
  project.provide('serverLog', logFile);
  project.provide('mtlsPort', mtlsPort);
  project.provide('databaseUrl', database.url);
  project.provide('secret', secret);
  project.provide('dataDir', dataDir);
  project.provide('operator', operator);

  return teardown;
}
