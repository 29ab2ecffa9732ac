import { db } from '../db/client';
import { GENESIS_HASH, hashEntry, type HashedFields } from './append-audit';

export type ChainReport = { ok: boolean; entries: number; brokenAt: string | null };
type StoredEntry = HashedFields & { seq: bigint; prevHash: string; hash: string };

/** Checks one run of entries against the hash before it; returns the first bad entry's seq. */
export function checkChainSegment(rows: StoredEntry[], prevHash: string): { lastHash: string; good: number; brokenAt: bigint | null } {
  let last = prevHash;
  for (const [i, row] of rows.entries()) {
    if (row.prevHash !== last || row.hash !== hashEntry(last, row)) return { lastHash: last, good: i, brokenAt: row.seq };
    last = row.hash;
  }
  return { lastHash: last, good: rows.length, brokenAt: null };
}

/** Recomputes every hash in order; reports the first entry whose hash or link does not match. */
export async function verifyAuditChain(batchSize = 2000): Promise<ChainReport> {
  let prevHash = GENESIS_HASH;
  let cursor = 0n;
  let entries = 0;
  for (;;) {
    const rows = await db().auditEntry.findMany({ where: { seq: { gt: cursor } }, orderBy: { seq: 'asc' }, take: batchSize });
    const result = checkChainSegment(rows.map((r) => ({ ...r, details: r.details ?? null })), prevHash);
    entries += result.good;
    if (result.brokenAt !== null) return { ok: false, entries, brokenAt: result.brokenAt.toString() };
    if (rows.length < batchSize) return { ok: true, entries, brokenAt: null };
    prevHash = result.lastHash;
    cursor = rows[rows.length - 1].seq;
  }
}
