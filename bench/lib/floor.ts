// Drives ./floor-server.ts for bench:issue, and compares servers in interleaved rounds: these
// machines drift by a fifth or more within a minute, so servers measured one after the other in
// long phases differ by the drift as much as by their code (bench/RESULTS.md, stop 33). Each
// round gives every server the same number of certificates, seconds apart, and the comparison is
// the median of the rounds' ratios.
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import pg from 'pg';
import { benchClient } from './http-client';
import { cpuByProcess, cpuSince, isPostgres } from './process-cpu';
import { freePort, pool } from './server';

export type FloorMode = 'memory' | 'pg' | 'lib';

/** A server under comparison: issues one certificate, and says which processes are its own. */
export type Target = { name: string; issue: (csr: string) => Promise<void>; isServer: (commandLine: string) => boolean; stop?: () => Promise<void> };

const FLOOR_SCHEMA = 'bench_floor';

async function createTables(databaseUrl: string) {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  await client.query(`DROP SCHEMA IF EXISTS ${FLOOR_SCHEMA} CASCADE; CREATE SCHEMA ${FLOOR_SCHEMA};
    CREATE TABLE ${FLOOR_SCHEMA}.csr (id uuid PRIMARY KEY, pem text NOT NULL);
    CREATE TABLE ${FLOOR_SCHEMA}.certificate (id uuid PRIMARY KEY, csr_id uuid NOT NULL UNIQUE, serial text NOT NULL UNIQUE, pem text NOT NULL)`);
  return { drop: async () => (await client.query(`DROP SCHEMA ${FLOOR_SCHEMA} CASCADE`), await client.end()) };
}

/** Starts a floor server in `mode`; its processes carry the mode in their command line. */
export async function startFloor(mode: FloorMode, o: { databaseUrl: string; actors?: unknown }): Promise<Target> {
  const tables = mode === 'pg' ? await createTables(o.databaseUrl) : null;
  const port = await freePort();
  const script = new URL('./floor-server.ts', import.meta.url).pathname;
  const child = spawn(process.execPath, [...(process.env.BENCH_FLOOR_ARGS ?? '').split(' ').filter(Boolean), '--import', 'tsx', script, `--floor=${mode}`], {
    env: { ...process.env, NODE_ENV: 'production', FLOOR_PORT: String(port), FLOOR_MODE: mode, FLOOR_DATABASE_URL: o.databaseUrl, FLOOR_SCHEMA, FLOOR_ACTORS: JSON.stringify(o.actors ?? {}), DB_POOL_SIZE: '20' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise<void>((resolve, reject) => {
    createInterface({ input: child.stdout! }).on('line', (line) => line === 'ready' && resolve());
    child.once('exit', () => reject(new Error(`the ${mode} floor server exited`)));
  });
  const client = benchClient(`http://127.0.0.1:${port}`);
  return {
    name: mode,
    isServer: (c) => c.includes(`--floor=${mode}`),
    issue: async (csr) => {
      const s = await client.post('/csrs', { 'content-type': 'application/json' }, JSON.stringify({ csr }));
      if (s.status !== 201) throw new Error(`floor submit ${s.status} ${s.text}`);
      const a = await client.post(`/csrs/${s.json().id}/approve`, { 'content-type': 'application/json' }, '{}');
      if (a.status !== 200) throw new Error(`floor approve ${a.status} ${a.text}`);
    },
    stop: async () => {
      client.close();
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
      await tables?.drop();
    },
  };
}

export type RoundResult = { rate: number; serverMs: number; postgresMs: number };

/** `count` certificates through `target` at `concurrency`: its rate and CPU per certificate. */
export async function measure(target: Target, csrs: string[], concurrency: number): Promise<RoundResult> {
  const before = { server: cpuByProcess(target.isServer), postgres: cpuByProcess(isPostgres) };
  const start = performance.now();
  await pool(csrs.length, concurrency, (i) => target.issue(csrs[i]));
  const seconds = (performance.now() - start) / 1000;
  return { rate: csrs.length / seconds, serverMs: cpuSince(before.server, target.isServer) / csrs.length, postgresMs: cpuSince(before.postgres, isPostgres) / csrs.length };
}

/**
 * `rounds` rounds; in each, every target issues the next `perRound` of its own CSRs (`csrsOf`).
 * Returns each target's rounds, in order.
 */
export async function interleave(targets: Target[], csrsOf: (target: Target) => string[], o: { rounds: number; perRound: number; concurrency: number }) {
  const results = new Map<string, RoundResult[]>(targets.map((t) => [t.name, []]));
  for (let round = 0; round < o.rounds; round++) {
    for (const target of targets) {
      const csrs = csrsOf(target).slice(round * o.perRound, (round + 1) * o.perRound);
      results.get(target.name)!.push(await measure(target, csrs, o.concurrency));
    }
  }
  return results;
}
