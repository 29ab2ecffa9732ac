// Reading the log by time. An entry's time never goes back along the chain (the chain trigger
// gives an entry stamped before the head the head's time: migration audit_time_never_backwards),
// so the entries of [since, until) are one contiguous run of seq. Each end is found by a binary
// search over seq, about log2(entries) primary-key reads (20 at a million entries), rather than
// by an index on `at` that every audited write would have to maintain. A run of the chain is
// verifiable as it stands: its first entry's prevHash ties it to the entry before it. (Entries
// written before that migration may stand a few milliseconds out of order; a boundary among
// such neighbours falls between two of them, not always at the exact millisecond.)
import type pg from 'pg';
import { z } from 'zod';
import { pool } from '../db/client';

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

/** An RFC 3339 time with its offset, or a date (that day's start in UTC). */
export const auditTime = z
  .union([z.iso.datetime({ offset: true }), z.iso.date()], { error: 'a time in RFC 3339 form, e.g. 2026-11-30T14:00:00Z, or a date' })
  .transform((text) => new Date(DATE_ONLY.test(text) ? `${text}T00:00:00Z` : text));

export type TimeRange = { since?: Date; until?: Date };

const FIRST_FROM_SQL = 'SELECT seq, at FROM "AuditEntry" WHERE seq >= $1 ORDER BY seq LIMIT 1';
const HEAD_SQL = 'SELECT coalesce(max(seq), 0) AS head FROM "AuditEntry"';

/**
 * The first seq whose entry is at or after `time` (head + 1 when none is). Searches seq values
 * rather than rows, reading the first entry at or after each probe: logs written before seq was
 * gap-free (migration audit_seq_without_gaps) have holes.
 */
async function firstSeqAtOrAfter(q: Queryable, time: Date, head: bigint): Promise<bigint> {
  let lo = 1n;
  let hi = head + 1n;
  while (lo < hi) {
    const mid = (lo + hi) / 2n;
    const { rows } = await q.query({ name: 'audit_first_from', text: FIRST_FROM_SQL, values: [mid.toString()] });
    const entry = rows[0] as { seq: string; at: Date } | undefined;
    if (entry && entry.at < time) lo = BigInt(entry.seq) + 1n;
    else hi = mid;
  }
  return lo;
}

/** The pool, or one connection (a test reads its own uncommitted entries). */
type Queryable = Pick<pg.Pool, 'query'> | Pick<pg.PoolClient, 'query'>;

/**
 * The seq run [from, to) holding exactly the entries of [since, until), as the log stands now;
 * null for an end left open.
 */
export async function seqRangeOf(range: TimeRange, q: Queryable = pool()): Promise<{ from: bigint | null; to: bigint | null }> {
  if (!range.since && !range.until) return { from: null, to: null };
  const head = BigInt((await q.query({ name: 'audit_head', text: HEAD_SQL })).rows[0].head);
  return {
    from: range.since ? await firstSeqAtOrAfter(q, range.since, head) : null,
    to: range.until ? await firstSeqAtOrAfter(q, range.until, head) : null,
  };
}
