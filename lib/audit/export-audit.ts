// The audit log for auditors, oldest first: JSON Lines with every hashed field plus prevHash
// and hash (so the file verifies offline: `npm run cli -- audit verify --file`), or CSV for a
// spreadsheet. Read in keyset pages, so any size streams in constant memory.
import { z } from 'zod';
import { db } from '../db/client';
import { requireRole, type Actor } from '../auth/actor';
import type { HashedFields } from './append-audit';
import { auditFilterQuery, auditWhere, type AuditFilter } from './list-audit';

export const exportAuditQuery = auditFilterQuery({ format: z.enum(['jsonl', 'csv']).default('jsonl') });

export type ExportFormat = z.infer<typeof exportAuditQuery>['format'];

const PAGE = 2000;

type Row = HashedFields & { seq: bigint; prevHash: string; hash: string };

/** One exported entry: the fields the chain hashes (lib/audit/append-audit), seq, and both hashes. */
export const exportedEntry = (r: Row) => ({
  seq: r.seq.toString(), at: r.at.toISOString(), actorId: r.actorId, actorEmail: r.actorEmail, orgId: r.orgId, address: r.address,
  action: r.action, objectType: r.objectType, objectId: r.objectId, details: r.details ?? null, prevHash: r.prevHash, hash: r.hash,
});

const CSV_COLUMNS = ['seq', 'at', 'actorEmail', 'actorId', 'orgId', 'address', 'action', 'objectType', 'objectId', 'details', 'prevHash', 'hash'] as const;

/**
 * RFC 4180 quoting. A cell that a spreadsheet would read as a formula (=, +, -, @, tab, CR at
 * the start; OWASP "CSV injection") gets a leading apostrophe: e-mails and details are typed by users.
 */
export function csvCell(value: unknown): string {
  let text = value === null || value === undefined ? '' : typeof value === 'string' ? value : JSON.stringify(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

function formatLine(format: ExportFormat, row: Row): string {
  const entry = exportedEntry(row);
  return format === 'jsonl' ? `${JSON.stringify(entry)}\n` : `${CSV_COLUMNS.map((c) => csvCell(entry[c])).join(',')}\r\n`;
}

/**
 * The matching entries as text lines. Authorizes at once (before the first line is asked for),
 * so that a refusal is an error response and not a broken download.
 */
export function exportAudit(actor: Actor, filter: AuditFilter, format: ExportFormat): AsyncGenerator<string> {
  requireRole(actor, 'operator');
  return (async function* lines() {
    if (format === 'csv') yield `${CSV_COLUMNS.join(',')}\r\n`;
    // The time range is read once, as a run of seq: what is appended while the file streams is
    // not in it, so the export is the log as it stood when asked for.
    const where = await auditWhere(filter);
    let after = 0n;
    for (;;) {
      const rows = await db().auditEntry.findMany({ where: { AND: [where, { seq: { gt: after } }] }, orderBy: { seq: 'asc' }, take: PAGE });
      if (rows.length) yield rows.map((r) => formatLine(format, r)).join('');
      if (rows.length < PAGE) return;
      after = rows[rows.length - 1].seq;
    }
  })();
}
