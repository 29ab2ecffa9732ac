// The one database pool and Prisma client of the process. Next.js bundles route handlers
// separately from the custom server, so both live on globalThis to keep one pool per process.
// The protocol edge (lib/edge, lib/oauth) queries the same pg pool directly on its hot paths,
// where a token request must cost two round trips and little else.
import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import { PrismaClient, type Prisma } from './generated/client';
import { config } from '../config';
import { log } from '../log';
import { retryOnWriteConflict } from './write-conflict';

export type Db = PrismaClient;
export type Tx = Omit<PrismaClient, '$connect' | '$disconnect' | '$on' | '$transaction' | '$extends'>;

const holder = globalThis as unknown as { __trustgateDb?: PrismaClient; __trustgatePool?: pg.Pool };

/** How long a query waits for a connection of the pool (pg's connectionTimeoutMillis). */
const CONNECT_TIMEOUT_MS = 5000;

/**
 * A pool that survives the server closing an idle connection (a restart, a failover,
 * pg_terminate_backend, idle_session_timeout). pg-pool re-emits such an error on the pool, and an
 * 'error' event with no listener ends the whole process; the pool has already dropped the
 * connection, so the next query simply opens a new one. A connection attempt that gets no
 * answer (a host that is down, a network that drops packets) fails after `connectTimeoutMs`
 * instead of holding the request until TCP gives up minutes later.
 */
export function createPool(connectionString: string, max: number, options: { connectTimeoutMs?: number; application_name?: string } = {}): pg.Pool {
  const { connectTimeoutMs = CONNECT_TIMEOUT_MS, application_name } = options;
  const created = new pg.Pool({ connectionString, max, connectionTimeoutMillis: connectTimeoutMs, application_name });
  created.on('error', (error: Error & { code?: string }) => {
    // 57P01: the database was stopped on purpose (a restart, or our own shutdown): not a warning.
    (error.code === '57P01' ? log.info : log.warn)('database connection closed while idle; the pool will reconnect', { code: error.code, error: error.message });
  });
  return created;
}

export function pool(): pg.Pool {
  if (!holder.__trustgatePool) {
    const url = config().DATABASE_URL;
    if (!url) throw new Error('DATABASE_URL: no database configured and the embedded one is not running');
    holder.__trustgatePool = createPool(url, Number(process.env.DB_POOL_SIZE ?? 10));
  }
  return holder.__trustgatePool;
}

export function db(): PrismaClient {
  holder.__trustgateDb ??= new PrismaClient({ adapter: new PrismaPg(pool()) });
  return holder.__trustgateDb;
}

/**
 * An interactive transaction, run again when PostgreSQL aborts it to break a deadlock or a
 * serialization conflict (lib/db/write-conflict). Every multi-statement write goes through here.
 */
export function transaction<T>(fn: (tx: Prisma.TransactionClient) => Promise<T>, options?: { timeout?: number; maxWait?: number }): Promise<T> {
  // Prisma gives up starting a transaction after 2 s by default, while the pool would queue the
  // request for a connection for CONNECT_TIMEOUT_MS: under a burst the queue, not the database,
  // decided, and a write failed that would have run a moment later (P2028).
  return retryOnWriteConflict(() => db().$transaction(fn, { maxWait: CONNECT_TIMEOUT_MS, ...options }));
}

export async function disconnectDb(): Promise<void> {
  await holder.__trustgateDb?.$disconnect();
  await holder.__trustgatePool?.end().catch(() => undefined);
  holder.__trustgateDb = undefined;
  holder.__trustgatePool = undefined;
}

/** SQLSTATE 23505 from a statement sent on the pool: a unique index refused the row. */
export const isUniqueViolation = (error: unknown): boolean => (error as { code?: string } | null)?.code === '23505';

export * from './generated/client';
