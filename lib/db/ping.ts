import { db } from './client';

/** True once the database answers a query (GET /api/health). */
export async function pingDatabase(): Promise<boolean> {
  return db().$queryRaw`SELECT 1`.then(() => true, () => false);
}
