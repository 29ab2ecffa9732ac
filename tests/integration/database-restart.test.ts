// The database restarts under a running portal (an upgrade, a failover, an operator's restart).
// The server must stay up, answer 503 with Retry-After while the database is away (the JSON API
// with `database_unavailable`, OAuth with `temporarily_unavailable`), and serve again as soon as
// it is back, with no restart of its own. This server has a database of its own so that stopping
// it touches no other test.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmbeddedDatabase, type EmbeddedDatabase } from '../../lib/db/embedded';
import { freePortNumber } from '../ports';

const dbDir = mkdtempSync(path.join(tmpdir(), 'trustgate-restart-db-'));
const appDir = mkdtempSync(path.join(tmpdir(), 'trustgate-restart-app-'));
let database: EmbeddedDatabase;
let server: ChildProcess;
let baseUrl = '';
let output = '';

const bogusToken = `tgp_${'A'.repeat(43)}`;
const calls = {
  health: () => fetch(`${baseUrl}/api/health`),
  // Served by the protocol edge: the client lookup needs the database.
  token: () => fetch(`${baseUrl}/oauth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: `Basic ${Buffer.from('cli_unknown:secret').toString('base64')}` },
    body: 'grant_type=client_credentials',
  }),
  // Served by Next.js: looking up the personal API token needs the database.
  me: () => fetch(`${baseUrl}/api/v1/me`, { headers: { authorization: `Bearer ${bogusToken}` } }),
};

beforeAll(async () => {
  database = await startEmbeddedDatabase(dbDir);
  const port = await freePortNumber();
  baseUrl = `http://localhost:${port}`;
  server = spawn(process.execPath, ['--import', 'tsx', 'server.ts'], {
    env: {
      ...process.env, NODE_ENV: 'development', DATABASE_URL: database.url, DATA_DIR: appDir, PORT: String(port),
      MTLS_PORT: String(await freePortNumber()), PUBLIC_URL: baseUrl, TRUSTGATE_SECRET: randomBytes(32).toString('base64url'),
      NEXT_DIST_DIR: '.next-test-restart', LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  server.stdout!.on('data', (d) => (output += d));
  server.stderr!.on('data', (d) => (output += d));
  for (const deadline = Date.now() + 180_000; ; await new Promise((r) => setTimeout(r, 500))) {
    if (server.exitCode !== null) throw new Error(`the server exited:\n${output}`);
    if ((await calls.health().then((r) => r.status).catch(() => 0)) === 200) break;
    if (Date.now() > deadline) throw new Error(`the server did not become healthy:\n${output}`);
  }
}, 240_000);

afterAll(async () => {
  if (server?.exitCode === null) {
    server.kill('SIGTERM');
    await new Promise((r) => server.once('exit', r));
  }
  await database?.stop();
  rmSync(dbDir, { recursive: true, force: true });
  rmSync(appDir, { recursive: true, force: true });
});

describe('a database restart under a running server', () => {
  it('answers 503 with Retry-After while the database is away, and serves again when it is back', async () => {
    // Before: the pool holds idle connections, which the stopping database will close.
    expect((await calls.token()).status).toBe(401);
    expect((await calls.me()).status).toBe(401);

    await database.stop();

    expect((await calls.health()).status).toBe(503);
    const token = await calls.token();
    expect(token.status).toBe(503);
    expect(token.headers.get('retry-after')).toBe('5');
    expect(await token.json()).toMatchObject({ error: 'temporarily_unavailable' });
    const me = await calls.me();
    expect(me.status).toBe(503);
    expect(me.headers.get('retry-after')).toBe('5');
    expect(await me.json()).toMatchObject({ error: { code: 'database_unavailable' } });
    expect(server.exitCode, output).toBeNull();

    const before = database.url;
    database = await startEmbeddedDatabase(dbDir);
    expect(database.url).toBe(before); // the same server the portal was configured with

    await expect.poll(() => calls.health().then((r) => r.status), { timeout: 30_000, interval: 250 }).toBe(200);
    expect((await calls.token()).status).toBe(401);
    const after = await calls.me();
    expect(after.status).toBe(401);
    expect(await after.json()).toMatchObject({ error: { code: 'unauthenticated' } });
    expect(server.exitCode, output).toBeNull();
    expect(output).not.toMatch(/unhandled error|Unhandled 'error' event/);
  }, 180_000);
});
