// Removing a member and withdrawing an invitation: what an organization admin does when someone
// leaves, or when a link went to the wrong person. A removed account is disabled, not deleted:
// the audit log and the CSRs it submitted still name it, and its e-mail stays taken by it.
// Disabling ends everything at once: sessions and API tokens are checked against `disabledAt` on
// every request (lib/http/authenticate, lib/auth/api-tokens), and its tokens are revoked too.
import { transaction } from '../db/client';
import { appendAudit } from '../audit/append-audit';
import { forgetCachedApiTokens } from '../auth/api-tokens';
import { assertSameOrg, requireRole, type Actor } from '../auth/actor';
import { fail } from '../errors';
import { endInvitations } from './invitations';
import { endOpenResets } from './password-reset';

export async function removeMember(actor: Actor, orgId: string, userId: string) {
  requireRole(actor, 'operator', 'org_admin');
  assertSameOrg(actor, orgId, 'Organization');
  if (userId === actor.userId) fail('conflict', 'You cannot remove yourself; ask another organization admin or an operator.');
  return transaction(async (tx) => {
    const user = await tx.user.findFirst({ where: { id: userId, orgId, disabledAt: null }, select: { id: true, email: true, role: true } });
    if (!user) return fail('not_found', 'Member not found.');
    const at = new Date();
    await tx.user.update({ where: { id: userId }, data: { disabledAt: at, sessionEpoch: { increment: 1 } } });
    const tokens = await tx.apiToken.updateMany({ where: { userId, revokedAt: null }, data: { revokedAt: at } });
    await endOpenResets(tx, userId, at); // restored by a new invitation, the account must not meet an old link
    // An admin is shown each invitation link they make, so one made to an address of their own
    // before leaving would let them back in: the open invitations they made end with them.
    const invitations = await tx.invitation.findMany({ where: { invitedById: userId, orgId, acceptedAt: null, expiresAt: { gt: at } }, select: { id: true } });
    if (invitations.length) await endInvitations(tx, invitations.map((i) => i.id), at);
    await appendAudit(tx, actor, {
      action: 'member.remove', objectType: 'user', objectId: userId, orgId,
      details: { email: user.email, role: user.role, apiTokensRevoked: tokens.count, ...(invitations.length ? { invitationsWithdrawn: invitations.map((i) => i.id) } : {}) },
    });
    return { id: user.id, email: user.email, role: user.role, removedAt: at };
  }).finally(() => forgetCachedApiTokens()); // this process at once; the others hear the trigger
}

export async function withdrawInvitation(actor: Actor, orgId: string, invitationId: string) {
  requireRole(actor, 'operator', 'org_admin');
  assertSameOrg(actor, orgId, 'Organization');
  return transaction(async (tx) => {
    const at = new Date();
    const invitation = await tx.invitation.findFirst({ where: { id: invitationId, orgId, acceptedAt: null, expiresAt: { gt: at } }, select: { id: true, email: true, role: true } });
    if (!invitation) return fail('not_found', 'Invitation not found, or no longer open.');
    await endInvitations(tx, [invitation.id], at);
    await appendAudit(tx, actor, { action: 'invitation.withdraw', objectType: 'invitation', objectId: invitation.id, orgId, details: { email: invitation.email, role: invitation.role } });
    return { ...invitation, withdrawnAt: at };
  });
}
