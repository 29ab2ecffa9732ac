// The one Prisma client of the process. Next.js bundles route handlers separately from the
// custom server, so the instance lives on globalThis to keep one pool per process.
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from './generated/client';
import { config } from '../config';

export type Db = PrismaClient;
export type Tx = Omit<PrismaClient, '$connect' | '$disconnect' | '$on' | '$transaction' | '$extends'>;

const holder = globalThis as unknown as { __trustgateDb?: PrismaClient };

export function db(): PrismaClient {
  if (!holder.__trustgateDb) {
    const url = config().DATABASE_URL;
    if (!url) throw new Error('DATABASE_URL: no database configured and the embedded one is not running');
    const adapter = new PrismaPg({ connectionString: url, max: Number(process.env.DB_POOL_SIZE ?? 10) });
    holder.__trustgateDb = new PrismaClient({ adapter });
  }
  return holder.__trustgateDb;
}

export async function disconnectDb(): Promise<void> {
  await holder.__trustgateDb?.$disconnect();
  holder.__trustgateDb = undefined;
}

export * from './generated/client';
