// Drives ./floor-server.ts for bench:issue: the same CSRs, concurrency and client as Trustgate's
// run (fresh ones for the lib mode), and the CPU each process used per certificate (/proc).
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import pg from 'pg';
import { benchClient } from './http-client';
import { cpuByProcess, cpuSince } from './process-cpu';
import { freePort, pool } from './server';

export type FloorMode = 'memory' | 'pg' | 'lib';
export type FloorResult = { rate: number; cpuMsPerCert: { server: number; postgres: number } };

const FLOOR_SCHEMA = 'bench_floor';
const isFloorServer = (c: string) => c.includes('floor-server.ts');
const isPostgres = (c: string) => c.startsWith('postgres') || c.includes('bin/postgres');

async function createTables(databaseUrl: string) {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  await client.query(`DROP SCHEMA IF EXISTS ${FLOOR_SCHEMA} CASCADE; CREATE SCHEMA ${FLOOR_SCHEMA};
    CREATE TABLE ${FLOOR_SCHEMA}.csr (id uuid PRIMARY KEY, pem text NOT NULL);
    CREATE TABLE ${FLOOR_SCHEMA}.certificate (id uuid PRIMARY KEY, csr_id uuid NOT NULL UNIQUE, serial text NOT NULL UNIQUE, pem text NOT NULL)`);
  return { drop: async () => (await client.query(`DROP SCHEMA ${FLOOR_SCHEMA} CASCADE`), await client.end()) };
}

export async function runFloor(mode: FloorMode, o: { csrs: string[]; n: number; warmup: number; concurrency: number; databaseUrl: string; actors?: unknown }): Promise<FloorResult> {
  const tables = mode === 'pg' ? await createTables(o.databaseUrl) : null;
  const port = await freePort();
  const child = spawn(process.execPath, [...(process.env.BENCH_FLOOR_ARGS ?? '').split(' ').filter(Boolean), '--import', 'tsx', new URL('./floor-server.ts', import.meta.url).pathname], {
    env: { ...process.env, NODE_ENV: 'production', FLOOR_PORT: String(port), FLOOR_MODE: mode, FLOOR_DATABASE_URL: o.databaseUrl, FLOOR_SCHEMA, FLOOR_ACTORS: JSON.stringify(o.actors ?? {}), DB_POOL_SIZE: '20' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  try {
    await new Promise<void>((resolve, reject) => {
      createInterface({ input: child.stdout! }).on('line', (line) => line === 'ready' && resolve());
      child.once('exit', () => reject(new Error('the floor server exited')));
    });
    const client = benchClient(`http://127.0.0.1:${port}`);
    const issue = async (csr: string) => {
      const s = await client.post('/csrs', { 'content-type': 'application/json' }, JSON.stringify({ csr }));
      if (s.status !== 201) throw new Error(`floor submit ${s.status} ${s.text}`);
      const a = await client.post(`/csrs/${s.json().id}/approve`, { 'content-type': 'application/json' }, '{}');
      if (a.status !== 200) throw new Error(`floor approve ${a.status} ${a.text}`);
    };
    await pool(o.warmup, o.concurrency, (i) => issue(o.csrs[o.n + (i % (o.csrs.length - o.n))]));
    const before = { server: cpuByProcess(isFloorServer), postgres: cpuByProcess(isPostgres) };
    const start = performance.now();
    await pool(o.n, o.concurrency, (i) => issue(o.csrs[i]));
    const seconds = (performance.now() - start) / 1000;
    client.close();
    return {
      rate: o.n / seconds,
      cpuMsPerCert: { server: cpuSince(before.server, isFloorServer) / o.n, postgres: cpuSince(before.postgres, isPostgres) / o.n },
    };
  } finally {
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    await exited;
    await tables?.drop();
  }
}
