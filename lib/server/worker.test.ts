// An edge worker must never load Next.js (lib/edge/portal-proxy: it taxes every request of the
// process). The worker entry's whole import graph is loaded in a fresh process and the modules
// it brought in are listed; the same check on a module that does load Next.js proves it sees it.
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

function nextModulesLoadedBy(entry: string): string[] {
  const script = `
    import { createRequire } from 'node:module';
    await import(${JSON.stringify(entry)});
    const loaded = Object.keys(createRequire(import.meta.url).cache);
    console.log(JSON.stringify(loaded.filter((m) => m.includes('/node_modules/next/'))));`;
  const run = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { encoding: 'utf8', env: { ...process.env, NODE_ENV: 'production' } });
  expect(run.status, run.stderr).toBe(0);
  return JSON.parse(run.stdout.trim().split('\n').pop()!);
}

describe('the worker entry', () => {
  it('loads no Next.js module (the portal worker imports it only when it starts Next)', () => {
    expect(nextModulesLoadedBy('./lib/server/worker.ts')).toEqual([]);
  });

  it('(the check sees Next.js when a module does load it)', () => {
    expect(nextModulesLoadedBy('next').length).toBeGreaterThan(0);
  });
});
