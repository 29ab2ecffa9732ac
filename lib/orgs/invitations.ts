// Invitations: a 256-bit link token, shown to the inviting operator once and stored hashed.
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { db, transaction, Prisma } from '../db/client';
import { appendAudit } from '../audit/append-audit';
import { hashToken } from '../auth/api-tokens';
import { hashPassword } from '../auth/password';
import { isOperator, requireRole, type Actor } from '../auth/actor';
import { config } from '../config';
import { fail } from '../errors';
import { acceptInviteInput, inviteInput } from './schemas';
import { assertOrganizationActive } from './organizations';
import { enqueueMail, sealForMail } from '../mail/outbox';

const INVITATION_DAYS = 7;

export async function inviteMember(actor: Actor, orgId: string, input: z.infer<typeof inviteInput>) {
  requireRole(actor, 'operator', 'org_admin');
  if (!isOperator(actor) && actor.orgId !== orgId) fail('not_found', 'Organization not found.');
  const token = randomBytes(32).toString('base64url');
  return transaction(async (tx) => {
    const org = await tx.organization.findUnique({ where: { id: orgId }, select: { name: true } });
    if (!org) return fail('not_found', 'Organization not found.');
    await assertOrganizationActive(tx, orgId);
    // An organization admin learns nothing about accounts outside their organization: for an
    // e-mail that has one elsewhere the invitation is made as for anyone, and accepting it says
    // the account exists. Operators see every account anyway, and a member is no secret.
    const existing = await tx.user.findUnique({ where: { email: input.email }, select: { orgId: true, disabledAt: true } });
    // A member removed from this organization may be invited back: accepting restores the account.
    const returning = existing?.disabledAt && existing.orgId === orgId;
    if (existing && !returning && (isOperator(actor) || existing.orgId === orgId)) {
      fail('already_exists', existing.orgId === orgId ? `${input.email} is already a member.` : `${input.email} already has an account.`);
    }
    const superseded = await supersedeOpenInvitations(tx, orgId, input.email);
    const invitation = await tx.invitation.create({
      data: {
        tokenHash: hashToken(token), email: input.email, role: input.role, orgId,
        invitedById: actor.userId, expiresAt: new Date(Date.now() + INVITATION_DAYS * 86_400_000),
      },
    });
    const url = `${config().publicUrl}/invite/${token}`;
    await enqueueMail(tx, [{
      key: `invitation:${invitation.id}`, recipient: invitation.email, orgId,
      payload: { kind: 'invitation', orgName: org.name, role: invitation.role, expiresAt: invitation.expiresAt.toISOString(), sealedUrl: sealForMail(url) },
    }]);
    await appendAudit(tx, actor, { action: 'invitation.create', objectType: 'invitation', objectId: invitation.id, orgId, details: { email: input.email, role: input.role, ...(superseded.length ? { superseded } : {}) } });
    return {
      invitation: { id: invitation.id, email: invitation.email, role: invitation.role, orgId, expiresAt: invitation.expiresAt },
      url,
    };
  });
}

// Inviting an address again replaces its open invitation: one working link per person, so a
// link sent earlier (perhaps to the wrong inbox, perhaps with the wrong role) stops working,
// and its mail is dropped if it has not gone out yet.
async function supersedeOpenInvitations(tx: Prisma.TransactionClient, orgId: string, email: string): Promise<string[]> {
  const now = new Date();
  const open = await tx.invitation.findMany({ where: { orgId, email, acceptedAt: null, expiresAt: { gt: now } }, select: { id: true } });
  if (open.length === 0) return [];
  const ids = open.map((i) => i.id);
  await endInvitations(tx, ids, now);
  return ids;
}

/** The links stop working now, and a mail not yet sent is not sent. */
export async function endInvitations(tx: Prisma.TransactionClient, ids: string[], at: Date): Promise<void> {
  await tx.invitation.updateMany({ where: { id: { in: ids } }, data: { expiresAt: at } });
  await tx.mailMessage.deleteMany({ where: { key: { in: ids.map((id) => `invitation:${id}`) }, state: 'pending' } });
}

async function openInvitation(token: string) {
  const invitation = await db().invitation.findUnique({ where: { tokenHash: hashToken(token) }, include: { org: true } });
  if (!invitation || invitation.acceptedAt || invitation.expiresAt < new Date()) {
    return fail('not_found', 'This invitation link is not valid any more. Ask for a new one.');
  }
  return invitation;
}

export async function describeInvitation(token: string) {
  const inv = await openInvitation(token);
  return { email: inv.email, role: inv.role, org: { id: inv.org.id, name: inv.org.name }, expiresAt: inv.expiresAt };
}

export async function acceptInvitation(token: string, input: z.infer<typeof acceptInviteInput>, address: string | null) {
  const inv = await openInvitation(token);
  const passwordHash = await hashPassword(input.password);
  try {
    return await transaction(async (tx) => {
      const claimed = await tx.invitation.updateMany({ where: { id: inv.id, acceptedAt: null }, data: { acceptedAt: new Date() } });
      if (claimed.count !== 1) fail('not_found', 'This invitation link is not valid any more. Ask for a new one.');
      const removed = await tx.user.findFirst({ where: { email: inv.email, orgId: inv.orgId, disabledAt: { not: null } }, select: { id: true } });
      const data = { passwordHash, role: inv.role, orgId: inv.orgId };
      const user = removed
        ? await tx.user.update({ where: { id: removed.id }, data: { ...data, disabledAt: null } })
        : await tx.user.create({ data: { email: inv.email, ...data } });
      const actor: Actor = { userId: user.id, email: user.email, role: user.role, orgId: user.orgId, address, via: 'session' };
      await appendAudit(tx, actor, { action: 'invitation.accept', objectType: 'user', objectId: user.id, details: { invitationId: inv.id, ...(removed ? { restored: true } : {}) } });
      return { email: user.email };
    });
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') {
      return fail('already_exists', `${inv.email} already has an account.`);
    }
    throw error;
  }
}
