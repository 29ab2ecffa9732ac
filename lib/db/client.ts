// The one database pool and Prisma client of the process. Next.js bundles route handlers
// separately from the custom server, so both live on globalThis to keep one pool per process.
// The protocol edge (lib/edge, lib/oauth) queries the same pg pool directly on its hot paths,
// where a token request must cost two round trips and little else.
import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import { PrismaClient } from './generated/client';
import { config } from '../config';

export type Db = PrismaClient;
export type Tx = Omit<PrismaClient, '$connect' | '$disconnect' | '$on' | '$transaction' | '$extends'>;

const holder = globalThis as unknown as { __trustgateDb?: PrismaClient; __trustgatePool?: pg.Pool };

export function pool(): pg.Pool {
  if (!holder.__trustgatePool) {
    const url = config().DATABASE_URL;
    if (!url) throw new Error('DATABASE_URL: no database configured and the embedded one is not running');
    holder.__trustgatePool = new pg.Pool({ connectionString: url, max: Number(process.env.DB_POOL_SIZE ?? 10) });
  }
  return holder.__trustgatePool;
}

export function db(): PrismaClient {
  holder.__trustgateDb ??= new PrismaClient({ adapter: new PrismaPg(pool()) });
  return holder.__trustgateDb;
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
