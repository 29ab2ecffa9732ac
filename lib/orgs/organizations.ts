import { z } from 'zod';
import { db, transaction, Prisma, type Tx } from '../db/client';
import { appendAudit } from '../audit/append-audit';
import { assertSameOrg, orgScope, requireRole, type Actor } from '../auth/actor';
import { fail } from '../errors';
import { createOrgInput } from './schemas';

export async function createOrganization(actor: Actor, input: z.infer<typeof createOrgInput>) {
  requireRole(actor, 'operator');
  try {
    return await transaction(async (tx) => {
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

// Certificates per organization, every state, from the count the Certificate triggers keep
// (OrganizationCertificateCount): a row per organization. Summing the per-day totals instead
// read 0.6 rows per certificate, 140 ms at 1,000,000 (bench:expiry).
async function certificateTotals(orgId: string | null): Promise<Map<string, number>> {
  const rows = await db().organizationCertificateCount.findMany({ where: orgId ? { orgId } : {} });
  return new Map(rows.map((r) => [r.orgId, r.count]));
}

export async function listOrganizations(actor: Actor) {
  const scope = orgScope(actor).orgId ? (actor.orgId ?? '') : null;
  const [orgs, certificates] = await Promise.all([
    db().organization.findMany({
      where: scope === null ? {} : { id: scope },
      orderBy: { createdAt: 'asc' },
      include: { _count: { select: { users: { where: { disabledAt: null } }, csrs: { where: { status: 'pending' } } } } },
    }),
    certificateTotals(scope),
  ]);
  // pendingCsrs: what waits in the approval queue, which operators filter by organization.
  return orgs.map((o) => ({
    id: o.id, name: o.name, active: o.active, createdAt: o.createdAt,
    members: o._count.users, certificates: certificates.get(o.id) ?? 0, pendingCsrs: o._count.csrs,
  }));
}

export async function getOrganization(actor: Actor, id: string) {
  assertSameOrg(actor, id, 'Organization');
  const org = await db().organization.findUnique({ where: { id } });
  if (!org) return fail('not_found', 'Organization not found.');
  // When each last signed in, for an access review: admins' business, not colleagues'.
  const members = await db().user.findMany({
    where: { orgId: id, disabledAt: null }, orderBy: { createdAt: 'asc' },
    select: { id: true, email: true, role: true, createdAt: true, lastSignInAt: actor.role !== 'engineer' },
  });
  const [invitations, certificates, pendingCsrs] = await Promise.all([
    db().invitation.findMany({
      where: { orgId: id, acceptedAt: null, expiresAt: { gt: new Date() } },
      orderBy: { createdAt: 'desc' },
      select: { id: true, email: true, role: true, createdAt: true, expiresAt: true },
    }),
    certificateTotals(id).then((totals) => totals.get(id) ?? 0),
    db().csr.count({ where: { orgId: id, status: 'pending' } }),
  ]);
  return { id: org.id, name: org.name, active: org.active, createdAt: org.createdAt, members, invitations, certificates, pendingCsrs };
}

export async function organizationName(id: string): Promise<string | null> {
  return (await db().organization.findUnique({ where: { id }, select: { name: true } }))?.name ?? null;
}

/**
 * Suspend or resume an organization (operators). Suspended, its certificates are refused by the
 * mTLS listener, its OAuth clients get no tokens, and nothing new is made for it (CSRs,
 * approvals, OAuth clients, secrets, invitations) until it is resumed; what it has is kept.
 * Every instance hears of the change through the Organization trigger's NOTIFY.
 */
export async function setOrganizationActive(actor: Actor, id: string, active: boolean) {
  requireRole(actor, 'operator');
  return transaction(async (tx) => {
    const changed = await tx.organization.updateMany({ where: { id, active: !active }, data: { active } });
    if (changed.count === 0) {
      const org = await tx.organization.findUnique({ where: { id }, select: { id: true } });
      if (!org) return fail('not_found', 'Organization not found.');
      return fail('conflict', active ? 'This organization is active already.' : 'This organization is suspended already.');
    }
    await appendAudit(tx, actor, { action: active ? 'organization.resume' : 'organization.suspend', objectType: 'organization', objectId: id, orgId: id });
    const org = await tx.organization.findUniqueOrThrow({ where: { id } });
    return { id: org.id, name: org.name, active: org.active, createdAt: org.createdAt };
  });
}

/** Refuses to make anything new for a suspended organization (see setOrganizationActive). */
export async function assertOrganizationActive(tx: Tx, orgId: string): Promise<void> {
  const org = await tx.organization.findUnique({ where: { id: orgId }, select: { active: true } });
  if (org && !org.active) fail('organization_inactive', 'This organization is suspended: an operator must resume it first.');
}
