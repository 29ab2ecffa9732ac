import { z } from 'zod';
import { db, type Prisma } from '../db/client';
import { requireRole, type Actor } from '../auth/actor';
import { auditTime, seqRangeOf } from './time-range';

/** The filters the log page, its API and the export share. */
const filterShape = {
  action: z.string().max(100).optional(),
  orgId: z.string().max(64).optional(),
  actor: z.string().max(254).optional(),
  /** One object's ID, or up to 10 separated by commas (a certificate and the CSR it came from). IDs hold no commas. */
  objectId: z.string().max(1000).transform((v) => v.split(',').map((id) => id.trim()).filter(Boolean))
    .pipe(z.array(z.string().max(100)).max(10, 'at most 10 object IDs')).optional(),
  /** From this time on (inclusive). */
  since: auditTime.optional(),
  /** Before this time (exclusive), so that one range's `until` is the next one's `since`. */
  until: auditTime.optional(),
};
type FilterFields = { since?: Date; until?: Date };
const ordered = (f: FilterFields) => !f.since || !f.until || f.since < f.until;

/** The filters as a schema of their own, for the export to extend (a refined schema cannot be). */
export const auditFilterQuery = <E extends z.ZodRawShape>(extra: E) => z.object({ ...filterShape, ...extra }).refine((f) => ordered(f as FilterFields), { message: 'since must be before until', path: ['until'] });

export const listAuditQuery = auditFilterQuery({
  before: z.coerce.bigint().min(0n).max(9223372036854775807n).optional(), // seq is a bigint column
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

export type AuditFilter = { action?: string; orgId?: string; actor?: string; objectId?: string[] } & FilterFields;

/** The filters as a query: the time range becomes a run of seq (./time-range), below `before` when given. */
export async function auditWhere(filter: AuditFilter, before?: bigint): Promise<Prisma.AuditEntryWhereInput> {
  const { from, to } = await seqRangeOf(filter);
  const below = to !== null && before !== undefined ? (to < before ? to : before) : (to ?? before);
  const seq = { ...(from !== null ? { gte: from } : {}), ...(below !== undefined ? { lt: below } : {}) };
  return {
    ...(filter.action ? { action: { startsWith: filter.action } } : {}),
    ...(filter.orgId ? { orgId: filter.orgId } : {}),
    ...(filter.actor ? { actorEmail: { contains: filter.actor, mode: 'insensitive' } } : {}),
    ...(filter.objectId?.length ? { objectId: { in: filter.objectId } } : {}),
    ...(Object.keys(seq).length ? { seq } : {}),
  };
}

export async function listAudit(actor: Actor, query: z.infer<typeof listAuditQuery>) {
  requireRole(actor, 'operator');
  const rows = await db().auditEntry.findMany({ where: await auditWhere(query, query.before), orderBy: { seq: 'desc' }, take: query.limit + 1 });
  const page = rows.slice(0, query.limit);
  return {
    items: page.map((r) => ({ ...r, seq: r.seq.toString() })),
    nextBefore: rows.length > query.limit ? page[page.length - 1].seq.toString() : null,
  };
}
