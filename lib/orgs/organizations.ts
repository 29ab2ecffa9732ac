import { z } from 'zod';
import { db, Prisma } from '../db/client';
import { appendAudit } from '../audit/append-audit';
import { assertSameOrg, orgScope, requireRole, type Actor } from '../auth/actor';
import { fail } from '../errors';
import { createOrgInput } from './schemas';

export async function createOrganization(actor: Actor, input: z.infer<typeof createOrgInput>) {
  requireRole(actor, 'operator');
  try {
    return await db().$transaction(async (tx) => {
      const org = await tx.organization.create({ data: { id: input.id, name: input.name } });
      await appendAudit(tx, actor, { action: 'organization.create', objectType: 'organization', objectId: org.id, orgId: org.id, details: { name: org.name } });
      return org;
    });
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') {
      return fail('already_exists', `An organization with the ID ${input.id} already exists.`);
    }
    throw error;
  }
}

export async function listOrganizations(actor: Actor) {
  const where = orgScope(actor).orgId ? { id: actor.orgId ?? '' } : {};
  const orgs = await db().organization.findMany({
    where,
    orderBy: { createdAt: 'asc' },
    include: { _count: { select: { users: { where: { disabledAt: null } }, certificates: true } } },
  });
  return orgs.map((o) => ({ id: o.id, name: o.name, active: o.active, createdAt: o.createdAt, members: o._count.users, certificates: o._count.certificates }));
}

export async function getOrganization(actor: Actor, id: string) {
  assertSameOrg(actor, id, 'Organization');
  const org = await db().organization.findUnique({ where: { id } });
  if (!org) return fail('not_found', 'Organization not found.');
  const members = await db().user.findMany({ where: { orgId: id, disabledAt: null }, orderBy: { createdAt: 'asc' }, select: { id: true, email: true, role: true, createdAt: true } });
  const invitations = await db().invitation.findMany({
    where: { orgId: id, acceptedAt: null, expiresAt: { gt: new Date() } },
    orderBy: { createdAt: 'desc' },
    select: { id: true, email: true, role: true, createdAt: true, expiresAt: true },
  });
  return { id: org.id, name: org.name, active: org.active, createdAt: org.createdAt, members, invitations };
}

export async function organizationName(id: string): Promise<string | null> {
  return (await db().organization.findUnique({ where: { id }, select: { name: true } }))?.name ?? null;
}
