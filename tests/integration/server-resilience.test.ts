// What operations do to a running portal: the database restarts under it (an upgrade, a
// failover), and the portal itself is stopped with SIGTERM (a rolling deploy). This server has
// a database of its own, so that stopping either touches no other test.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmbeddedDatabase, type EmbeddedDatabase } from '../../lib/db/embedded';
import { freePortNumber } from '../ports';

const dbDir = mkdtempSync(path.join(tmpdir(), 'trustgate-resilience-db-'));
const appDir = mkdtempSync(path.join(tmpdir(), 'trustgate-resilience-app-'));
let database: EmbeddedDatabase;
let server: ChildProcess;
let port = 0;
let baseUrl = '';
let output = '';

const basic = `Basic ${Buffer.from('cli_unknown:secret').toString('base64')}`;
const bogusToken = `tgp_${'A'.repeat(43)}`;
const calls = {
  health: () => fetch(`${baseUrl}/api/health`),
  // Served by the protocol edge: the client lookup needs the database.
  token: () => fetch(`${baseUrl}/oauth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: basic },
    body: 'grant_type=client_credentials',
  }),
  // Served by Next.js: looking up the personal API token needs the database.
  me: () => fetch(`${baseUrl}/api/v1/me`, { headers: { authorization: `Bearer ${bogusToken}` } }),
};

beforeAll(async () => {
  database = await startEmbeddedDatabase(dbDir);
  port = await freePortNumber();
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
  if (server && server.exitCode === null && server.signalCode === null) {
    const exited = new Promise((r) => server.once('exit', r));
    server.kill('SIGKILL');
    await exited;
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
    // Liveness does not depend on the database: a probe must not restart a healthy process.
    const live = await fetch(`${baseUrl}/api/health/live`);
    expect([live.status, await live.json()]).toEqual([200, { status: 'ok' }]);
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

describe('keep-alive', () => {
  it('keeps an idle connection open past Node\'s default 5 s, so a client that pauses reuses it', async () => {
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const get = () => new Promise<{ status: number; reused: boolean; keepAlive?: string; socket: import('node:net').Socket }>((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port, path: '/api/health', agent }, (res) => {
        res.resume();
        res.on('end', () => resolve({ status: res.statusCode!, reused: req.reusedSocket, keepAlive: String(res.headers['keep-alive']), socket: req.socket! }));
      });
      req.on('error', reject);
      req.end();
    });
    try {
      const first = await get();
      expect(first).toMatchObject({ status: 200, reused: false, keepAlive: 'timeout=65' });
      let closed = false;
      first.socket.once('close', () => (closed = true));
      await new Promise((r) => setTimeout(r, 6_000));
      expect(closed).toBe(false);
      expect(await get()).toMatchObject({ status: 200, reused: true });
    } finally {
      agent.destroy();
    }
  }, 30_000);
});

describe('SIGTERM', () => {
  it('lets a request already under way finish, closes its keep-alive connection, refuses new ones and exits 0', async () => {
    const body = 'grant_type=client_credentials&scope=payments%3Aread';
    const exited = new Promise<number | null>((resolve) => server.once('exit', resolve));
    // A request whose body is still arriving when the signal comes.
    let socketClosed!: Promise<void>;
    const answer = new Promise<{ status: number; json: { error?: string } }>((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port, method: 'POST', path: '/oauth/token', agent: new Agent({ keepAlive: true }), headers: {
        'content-type': 'application/x-www-form-urlencoded', authorization: basic, 'content-length': Buffer.byteLength(body),
      } }, (res) => {
        let text = '';
        res.on('data', (d) => (text += d));
        res.on('end', () => resolve({ status: res.statusCode!, json: JSON.parse(text) }));
      });
      req.on('socket', (socket) => (socketClosed = new Promise((r) => socket.once('close', () => r()))));
      req.on('error', reject);
      req.write(body.slice(0, 10));
      setTimeout(() => {
        server.kill('SIGTERM');
        setTimeout(() => req.end(body.slice(10)), 500);
      }, 300);
    });
    expect(await answer).toMatchObject({ status: 401, json: { error: 'invalid_client' } });
    // The keep-alive connection does not linger until its timeout: the server ends it once idle.
    const t = performance.now();
    await socketClosed;
    expect(performance.now() - t).toBeLessThan(2000);
    // Stopped accepting: a new connection is refused while the process finishes.
    await expect(fetch(`${baseUrl}/api/health`)).rejects.toThrow();
    expect(await exited).toBe(0);
  }, 60_000);
});
