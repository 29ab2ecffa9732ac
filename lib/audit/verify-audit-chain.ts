import { db } from '../db/client';
import { GENESIS_HASH, hashEntry, type HashedFields } from './append-audit';

export type ChainReport = { ok: boolean; entries: number; brokenAt: string | null; /** The last good entry's hash: compare an export's last hash with it. */ head: string };
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
    if (result.brokenAt !== null) return { ok: false, entries, brokenAt: result.brokenAt.toString(), head: result.lastHash };
    if (rows.length < batchSize) return { ok: true, entries, brokenAt: null, head: result.lastHash };
    prevHash = result.lastHash;
    cursor = rows[rows.length - 1].seq;
  }
}

export type ExportReport = ChainReport & { /** Whether the file starts at the first entry ever written. */ fromGenesis: boolean };

/**
 * Verifies an export (lib/audit/export-audit, JSON Lines) without the database: every entry's
 * hash must match its fields and, unless the export was filtered, link to the line before it.
 * A filtered export has gaps by design, so there only each entry's own hash is checked. Whoever
 * recomputes a whole file can forge it; the last hash, compared with the live chain's head
 * (`audit verify`), is what anchors it.
 */
export function verifyExportedChain(text: string, { filtered = false } = {}): ExportReport {
  const rows: StoredEntry[] = [];
  for (const [i, line] of text.split('\n').entries()) {
    if (!line.trim()) continue;
    try {
      const entry = JSON.parse(line);
      if (typeof entry.prevHash !== 'string' || typeof entry.hash !== 'string' || typeof entry.at !== 'string') throw new Error();
      // BigInt throws on a missing or non-numeric seq, which makes the line not an entry too.
      rows.push({ ...entry, seq: BigInt(entry.seq), at: new Date(entry.at), details: entry.details ?? null });
    } catch {
      return { ok: false, entries: rows.length, brokenAt: `line ${i + 1} (not an exported entry)`, head: rows.at(-1)?.hash ?? GENESIS_HASH, fromGenesis: false };
    }
  }
  const first = rows[0]?.prevHash ?? GENESIS_HASH;
  const fromGenesis = first === GENESIS_HASH;
  // Filtered: each entry against its own prevHash. Otherwise: one chain from the first line's.
  const segments = filtered ? rows.map((row) => ({ rows: [row], prevHash: row.prevHash })) : [{ rows, prevHash: first }];
  let entries = 0;
  for (const segment of segments) {
    const result = checkChainSegment(segment.rows, segment.prevHash);
    entries += result.good;
    if (result.brokenAt !== null) return { ok: false, entries, brokenAt: result.brokenAt.toString(), head: result.lastHash, fromGenesis };
  }
  return { ok: true, entries, brokenAt: null, head: rows.at(-1)?.hash ?? GENESIS_HASH, fromGenesis };
}
