// The audit log is append-only and hash-chained: each entry's hash covers its own fields and
// the previous entry's hash, so any edit or deletion breaks verification from that point on.
import { createHash } from 'node:crypto';
import type { Tx } from '../db/client';
import { groupCommit, queryJsonRows } from '../db/group-commit';
import type { Actor } from '../auth/actor';

export type AuditInput = {
  action: string;
  objectType?: string;
  objectId?: string;
  orgId?: string | null;
  details?: Record<string, unknown>;
};

export const GENESIS_HASH = '0'.repeat(64);

export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

export type HashedFields = {
  at: Date;
  actorId: string | null;
  actorEmail: string | null;
  orgId: string | null;
  address: string | null;
  action: string;
  objectType: string | null;
  objectId: string | null;
  details: unknown;
};

/** The exact text the chain hashes for an entry (also stored as `body`). */
export function canonicalBody(fields: HashedFields): string {
  return canonicalJson({
    at: fields.at.toISOString(), actorId: fields.actorId, actorEmail: fields.actorEmail, orgId: fields.orgId, address: fields.address,
    action: fields.action, objectType: fields.objectType, objectId: fields.objectId, details: fields.details ?? null,
  });
}

/** SHA-256(prevHash || "\n" || body): the same formula as the audit_entry_chain trigger. */
export function hashEntry(prevHash: string, fields: HashedFields): string {
  return createHash('sha256').update(prevHash).update('\n').update(canonicalBody(fields)).digest('hex');
}

function auditFields(actor: Actor | null, input: AuditInput): HashedFields {
  return {
    at: new Date(),
    actorId: actor?.userId ?? null,
    actorEmail: actor?.email ?? null,
    orgId: input.orgId ?? actor?.orgId ?? null,
    address: actor?.address ?? null,
    action: input.action,
    objectType: input.objectType ?? null,
    objectId: input.objectId ?? null,
    details: input.details ?? null,
  };
}

// The advisory lock the audit_entry_chain trigger takes (prisma/migrations/…audit_chain_in_database).
export const AUDIT_CHAIN_LOCK = 1953658227;

/**
 * Takes the audit chain's lock now rather than at the entry's insert, for a transaction that
 * writes a certificate: an approval takes the chain's lock while its statement runs and the
 * per-day totals' rows in the Certificate triggers at its end, so a transaction that wrote a
 * certificate before its audit entry would take them the other way round and could deadlock
 * with one (lib/pki/revoke-certificate has the whole order).
 */
export async function lockAuditChain(tx: Tx): Promise<void> {
  await tx.$executeRawUnsafe(`SELECT pg_advisory_xact_lock(${AUDIT_CHAIN_LOCK})`);
}

/**
 * Appends one entry inside the caller's transaction. The database links it to the chain
 * (trigger audit_entry_chain: lock, head, seq, hash), so call it last: the chain lock is
 * held from here to the commit.
 */
export async function appendAudit(tx: Tx, actor: Actor | null, input: AuditInput): Promise<void> {
  const fields = auditFields(actor, input);
  // prevHash and hash are placeholders the trigger overwrites before any constraint is checked.
  await tx.auditEntry.createMany({
    data: [{ ...fields, details: (fields.details ?? undefined) as object | undefined, body: canonicalBody(fields), prevHash: '', hash: '' }],
  });
}

/**
 * For a statement that audits itself (one SQL statement = one transaction = one round trip) and
 * takes its rows as JSON (lib/db/group-commit): `auditRecord` is one entry as a JSON-ready object,
 * and `auditInsertJsonSql(from, record, order)` an `INSERT … SELECT … FROM from` writing one entry
 * per row, reading the fields from the jsonb expression `record`, in `order`. jsonb, not json: on
 * json each of the ten `->>` below lexes the record's text again from its start, and the record
 * parsed once as jsonb cost PostgreSQL 35–75 µs less per certificate issued (submission plus
 * approval, interleaved A/B in one session, stop 20). The chain trigger links the rows of one
 * statement in the order they are inserted, and holds its lock only until that statement commits.
 * A change that found nothing to change has no row, so no entry.
 */
export const auditRecord = (actor: Actor | null, input: AuditInput) => recordOf(auditFields(actor, input));

/** The JSON-ready record of fields already stamped (`auditRecord` stamps them now). */
export const recordOf = (f: HashedFields) => ({ ...f, details: f.details === null ? null : JSON.stringify(f.details), body: canonicalBody(f) });

export const auditInsertJsonSql = (from: string, record: string, order: string): string =>
  `INSERT INTO "AuditEntry" (at, "actorId", "actorEmail", "orgId", address, action, "objectType", "objectId", details, body, "prevHash", hash)
   SELECT (${record}->>'at')::timestamptz, ${record}->>'actorId', ${record}->>'actorEmail', ${record}->>'orgId', ${record}->>'address',
     ${record}->>'action', ${record}->>'objectType', ${record}->>'objectId', (${record}->>'details')::jsonb, ${record}->>'body', '', ''
   FROM ${from} ORDER BY ${order}`;

// A lone entry (a failed sign-in, say) as one statement on the pool, not an interactive
// transaction: a burst of them then takes one connection and one turn of the chain's lock per
// batch (lib/db/group-commit), where thirty transactions waiting on the lock held the pool and
// the ones queued behind them gave up after Prisma's 2 s to start one, unaudited.
const insertLone = groupCommit(async (records: object[]) => {
  await queryJsonRows(
    'audit_append_lone',
    `WITH lone AS (SELECT * FROM json_to_recordset($1::json) AS r(idx int, audit jsonb)) ${auditInsertJsonSql('lone', 'lone.audit', 'lone.idx')}`,
    records.map((audit, idx) => ({ idx, audit })),
  );
  return records.map(() => undefined);
});

// Entries of several requests share a statement, and PostgreSQL's json refuses U+0000 and a half
// surrogate pair: one such character (an e-mail as typed at sign-in, say) would fail every entry
// of its batch. Each becomes U+FFFD before the entry is hashed, as a text column would store it.
const wellFormed = (value: unknown): unknown => {
  if (typeof value === 'string') return value.replace(/\p{Cs}|\0/gu, '\ufffd'); // with /u, \p{Cs} is only a half pair
  if (Array.isArray(value)) return value.map(wellFormed);
  if (value && typeof value === 'object' && !(value instanceof Date)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [wellFormed(k), wellFormed(v)]));
  return value;
};

/** Appends one entry that no other write goes with, committed when this resolves. */
export async function appendAuditNow(actor: Actor | null, input: AuditInput): Promise<void> {
  await insertLone(recordOf(wellFormed(auditFields(actor, input)) as HashedFields));
}
