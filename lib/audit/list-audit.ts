import { z } from 'zod';
import { db, type Prisma } from '../db/client';
import { requireRole, type Actor } from '../auth/actor';

export const listAuditQuery = z.object({
  action: z.string().max(100).optional(),
  orgId: z.string().max(64).optional(),
  actor: z.string().max(254).optional(),
  objectId: z.string().max(100).optional(),
  before: z.coerce.bigint().optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

export async function listAudit(actor: Actor, query: z.infer<typeof listAuditQuery>) {
  requireRole(actor, 'operator');
  const where: Prisma.AuditEntryWhereInput = {
    ...(query.action ? { action: { startsWith: query.action } } : {}),
    ...(query.orgId ? { orgId: query.orgId } : {}),
    ...(query.actor ? { actorEmail: { contains: query.actor, mode: 'insensitive' } } : {}),
    ...(query.objectId ? { objectId: query.objectId } : {}),
    ...(query.before ? { seq: { lt: query.before } } : {}),
  };
  const rows = await db().auditEntry.findMany({ where, orderBy: { seq: 'desc' }, take: query.limit + 1 });
  const page = rows.slice(0, query.limit);
  return {
    items: page.map((r) => ({ ...r, seq: r.seq.toString() })),
    nextBefore: rows.length > query.limit ? page[page.length - 1].seq.toString() : null,
  };
}
