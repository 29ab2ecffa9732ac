import { z } from 'zod';
import { db, type Prisma } from '../db/client';
import { requireRole, type Actor } from '../auth/actor';

export const listAuditQuery = z.object({
  action: z.string().max(100).optional(),
  orgId: z.string().max(64).optional(),
  actor: z.string().max(254).optional(),
  objectId: z.string().max(100).optional(),
  before: z.coerce.bigint().min(0n).max(9223372036854775807n).optional(), // seq is a bigint column
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

export type AuditFilter = Pick<z.infer<typeof listAuditQuery>, 'action' | 'orgId' | 'actor' | 'objectId'>;

/** The filters the log page, its API and the export share. */
export const auditWhere = (filter: AuditFilter): Prisma.AuditEntryWhereInput => ({
  ...(filter.action ? { action: { startsWith: filter.action } } : {}),
  ...(filter.orgId ? { orgId: filter.orgId } : {}),
  ...(filter.actor ? { actorEmail: { contains: filter.actor, mode: 'insensitive' } } : {}),
  ...(filter.objectId ? { objectId: filter.objectId } : {}),
});

export async function listAudit(actor: Actor, query: z.infer<typeof listAuditQuery>) {
  requireRole(actor, 'operator');
  const where: Prisma.AuditEntryWhereInput = { ...auditWhere(query), ...(query.before ? { seq: { lt: query.before } } : {}) };
  const rows = await db().auditEntry.findMany({ where, orderBy: { seq: 'desc' }, take: query.limit + 1 });
  const page = rows.slice(0, query.limit);
  return {
    items: page.map((r) => ({ ...r, seq: r.seq.toString() })),
    nextBefore: rows.length > query.limit ? page[page.length - 1].seq.toString() : null,
  };
}
