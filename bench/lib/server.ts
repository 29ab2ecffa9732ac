// Starts the production build of the portal on a fresh database for a benchmark.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { startEmbeddedDatabase } from '../../lib/db/embedded';
import { disconnectDb } from '../../lib/db/client';

export const freePort = () =>
  new Promise<number>((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });

function newest(entry: string): number {
  if (!existsSync(entry)) return 0;
  const stat = statSync(entry);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return readdirSync(entry).reduce((max, name) => Math.max(max, newest(path.join(entry, name))), stat.mtimeMs);
}

/** Builds the production bundle when there is none or the sources are newer: a bench measures the tree. */
function ensureFreshBuild(sources = ['app', 'lib', 'components', 'prisma', 'next.config.ts', 'package.json']): void {
  const built = existsSync('.next/BUILD_ID') ? statSync('.next/BUILD_ID').mtimeMs : 0;
  if (built && sources.every((s) => newest(s) <= built)) return;
  console.log(built ? 'sources changed since the production build: running `npm run build`' : 'no production build: running `npm run build`');
  const result = spawnSync('npm', ['run', 'build'], { stdio: 'inherit' });
  if (result.status !== 0) throw new Error('build failed');
}

export type BenchServer = { baseUrl: string; mtlsPort: number; databaseUrl: string; stop: () => Promise<void> };

export async function startBenchServer(): Promise<BenchServer> {
  ensureFreshBuild();
  const dataDir = mkdtempSync(path.join(tmpdir(), 'trustgate-bench-'));
  const embedded = process.env.DATABASE_URL ? null : await startEmbeddedDatabase(dataDir);
  const databaseUrl = process.env.DATABASE_URL ?? embedded!.url;
  const port = await freePort();
  const mtlsPort = await freePort();
  const baseUrl = `http://localhost:${port}`;
  const secret = randomBytes(32).toString('base64url');
  Object.assign(process.env, { DATABASE_URL: databaseUrl, TRUSTGATE_SECRET: secret, DATA_DIR: dataDir, PUBLIC_URL: baseUrl, LOG_LEVEL: 'warn' });
  const extraArgs = (process.env.BENCH_SERVER_ARGS ?? '').split(' ').filter(Boolean);
  const child: ChildProcess = spawn(process.execPath, [...extraArgs, '--import', 'tsx', 'server.ts'], {
    env: { ...process.env, NODE_ENV: 'production', PORT: String(port), MTLS_PORT: String(mtlsPort), DB_POOL_SIZE: '20' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  for (let i = 0; i < 600; i += 1) {
    if (await fetch(`${baseUrl}/api/health`).then((r) => r.ok).catch(() => false)) break;
    if (child.exitCode !== null) throw new Error('server exited');
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    baseUrl,
    mtlsPort,
    databaseUrl,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await exited;
      }
      await embedded?.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * Runs a bench against a fresh production server and always stops it (and its database), also
 * when the bench fails; exits 0 or 1 so that pg pools and child processes cannot keep it alive.
 */
export function runBench(bench: (server: BenchServer) => Promise<void>): void {
  const main = async () => {
    const server = await startBenchServer();
    try {
      await bench(server);
    } finally {
      await disconnectDb();
      await server.stop();
    }
  };
  main().then(
    () => process.exit(0),
    (error) => {
      console.error(error);
      process.exit(1);
    },
  );
}

/** The middle value (the mean of the two middle ones for an even count). */
export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

export async function pool<T>(count: number, concurrency: number, fn: (i: number) => Promise<T>): Promise<T[]> {
  const out: T[] = new Array(count);
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) {
        const i = next++;
        out[i] = await fn(i);
      }
    }),
  );
  return out;
}
