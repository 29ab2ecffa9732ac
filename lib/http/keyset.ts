// Keyset pagination on (createdAt, id), newest or oldest first, for lists of rows with a UUID id:
// the cursor is the last row's pair, and the next page is the rows past it. Paging by the time
// alone loses rows: one transaction gives all its rows the same createdAt (the expiry scan queues
// thousands of mails at once), and a page that ends inside them would skip the rest.
import { fail } from '../errors';
import { UUID_PATTERN } from './params';

export type Keyset = { createdAt: Date; id: string };

export const encodeCursor = (row: Keyset): string => Buffer.from(`${row.createdAt.toISOString()}|${row.id}`).toString('base64url');

// Checked as strictly as PostgreSQL will read it: a UUID, and a time within years 1970–9999
// (JavaScript's dates reach back past timestamptz's 4713 BC; such a cursor gave a 500).
const CURSOR_TIME_MAX = Date.UTC(10000, 0, 1);

export function decodeCursor(cursor: string): Keyset {
  const [at, id] = Buffer.from(cursor, 'base64url').toString().split('|');
  const time = new Date(at).getTime();
  if (!id || !UUID_PATTERN.test(id) || !(time >= 0 && time < CURSOR_TIME_MAX)) fail('bad_request', 'The cursor is not valid.');
  return { createdAt: new Date(time), id };
}

export type Direction = 'asc' | 'desc';

/** The order a keyset list must be read in: createdAt, then id to break ties. */
export const keysetOrder = (direction: Direction = 'desc') => [{ createdAt: direction }, { id: direction }];

/**
 * The rows past the cursor, as a Prisma condition: (createdAt, id) < the cursor's, or > for
 * oldest first. The `lte`/`gte` is what lets an index on createdAt start at the cursor; the OR
 * alone is only a filter, and a page N deep then read every row before it (the certificate list:
 * page 20 of the revoked certificates at 100,000 filtered 50,099 rows in 11.8 ms; now 2,500 in
 * 0.6 ms, every page alike).
 */
export function afterCursor(after: Keyset, direction: Direction = 'desc') {
  const [past, pastOrAt] = direction === 'desc' ? (['lt', 'lte'] as const) : (['gt', 'gte'] as const);
  return { createdAt: { [pastOrAt]: after.createdAt }, OR: [{ createdAt: { [past]: after.createdAt } }, { id: { [past]: after.id } }] };
}

/** A page of `limit` rows from `limit + 1` fetched, and the cursor of the next page if there is one. */
export function keysetPage<Row extends Keyset>(rows: Row[], limit: number): { page: Row[]; nextCursor: string | null } {
  const page = rows.slice(0, limit);
  return { page, nextCursor: rows.length > limit ? encodeCursor(page[page.length - 1]) : null };
}
