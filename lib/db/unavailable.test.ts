// Which failures are "the database is away" (503, retry) and which are defects (500): real errors
// from pg where they can be produced without a server, the documented shapes otherwise.
import pg from 'pg';
import { expect, it } from 'vitest';
import { isDatabaseUnavailable } from './unavailable';

const connectError = async (connectionString: string) => {
  const client = new pg.Client({ connectionString, connectionTimeoutMillis: 2000 });
  return client.connect().then(() => null, (error: unknown) => error);
};

it('a server that is not listening, over TCP and over a Unix socket', async () => {
  expect(isDatabaseUnavailable(await connectError('postgresql://postgres@127.0.0.1:1/x'))).toBe(true);
  expect(isDatabaseUnavailable(await connectError('postgresql://postgres@%2Ftmp%2Fnothing-here:5/x'))).toBe(true);
});

it('PostgreSQL shutting down, starting up, out of connections; Prisma and its driver adapter wrapping them', () => {
  for (const code of ['57P01', '57P03', '53300', '08006', 'P1001', 'P1017']) expect(isDatabaseUnavailable(Object.assign(new Error('x'), { code }))).toBe(true);
  expect(isDatabaseUnavailable(new Error('Connection terminated unexpectedly'))).toBe(true);
  expect(isDatabaseUnavailable(Object.assign(new Error('wrapped'), { meta: { driverAdapterError: { cause: { kind: 'DatabaseNotReachable' } } } }))).toBe(true);
  expect(isDatabaseUnavailable(new Error('outer', { cause: Object.assign(new Error('inner'), { code: 'ECONNRESET' }) }))).toBe(true);
});

it('defects and refusals by a healthy database stay what they are', () => {
  for (const code of ['23505', '42601', '40001', 'P2002', 'ENOENT']) expect(isDatabaseUnavailable(Object.assign(new Error('x'), { code }))).toBe(false);
  expect(isDatabaseUnavailable(new TypeError('x is undefined'))).toBe(false);
  expect(isDatabaseUnavailable(null)).toBe(false);
  expect(isDatabaseUnavailable('Connection terminated')).toBe(false);
  const cyclic: { cause?: unknown } = {};
  cyclic.cause = cyclic;
  expect(isDatabaseUnavailable(cyclic)).toBe(false);
});

it('a database host that accepts the connection and never answers is given up after the connect timeout', async () => {
  const { createServer } = await import('node:net');
  const { createPool } = await import('./client');
  const silent = createServer(() => undefined);
  await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
  const pool = createPool(`postgresql://postgres@127.0.0.1:${(silent.address() as { port: number }).port}/x`, 1, { connectTimeoutMs: 300 });
  try {
    const t = performance.now();
    const error = await pool.query('SELECT 1').then(() => null, (e: unknown) => e);
    expect(performance.now() - t).toBeLessThan(3000);
    expect(isDatabaseUnavailable(error)).toBe(true);
  } finally {
    await pool.end();
    silent.close();
  }
});
