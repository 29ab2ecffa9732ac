// The audit log is append-only and hash-chained: each entry's hash covers its own fields and
// the previous entry's hash, so any edit or deletion breaks verification from that point on.
import { createHash } from 'node:crypto';
import type { Tx } from '../db/client';
import type { Actor } from '../auth/actor';

export type AuditInput = {
  action: string;
  objectType?: string;
  objectId?: string;
  orgId?: string | null;
  details?: Record<string, unknown>;
};

export const GENESIS_HASH = '0'.repeat(64);
// Serializes appends so two transactions never chain onto the same predecessor.
const AUDIT_LOCK_KEY = 0x7472_7573;

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

export function hashEntry(prevHash: string, fields: HashedFields): string {
  const body = canonicalJson({
    at: fields.at.toISOString(), actorId: fields.actorId, actorEmail: fields.actorEmail, orgId: fields.orgId, address: fields.address,
    action: fields.action, objectType: fields.objectType, objectId: fields.objectId, details: fields.details ?? null,
  });
  return createHash('sha256').update(prevHash).update('\n').update(body).digest('hex');
}

/** Appends one entry inside the caller's transaction; call it last, as it takes the chain lock. */
export async function appendAudit(tx: Tx, actor: Actor | null, input: AuditInput): Promise<void> {
  // Two statements on purpose: under READ COMMITTED the head must be read by a statement that
  // starts after the lock is held, or it could miss the entry committed by the previous holder.
  await tx.$executeRawUnsafe(`SELECT pg_advisory_xact_lock(${AUDIT_LOCK_KEY})`);
  const last = await tx.auditEntry.findFirst({ orderBy: { seq: 'desc' }, select: { hash: true } });
  const fields: HashedFields = {
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
  const prevHash = last?.hash ?? GENESIS_HASH;
  await tx.auditEntry.create({
    data: { ...fields, details: (fields.details ?? undefined) as object | undefined, prevHash, hash: hashEntry(prevHash, fields) },
  });
}
