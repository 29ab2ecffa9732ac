// A member's own sign-in: changing the password and ending every session. Both raise the
// account's session epoch (lib/http/authenticate.ts), the one way to recall a session cookie we
// cannot otherwise take back: a stolen cookie stops working, and so does every other device.
// Personal API tokens are separate credentials and stay (Settings lists and revokes them).
import { z } from 'zod';
import { db, transaction, Prisma } from '../db/client';
import { appendAudit, appendAuditNow } from '../audit/append-audit';
import { hashPassword, verifyPassword } from '../auth/password';
import { clearSignInFailures, settleSignInSuccess, takeSignInAttempt } from '../auth/sign-in-limit';
import { requireRole, type Actor } from '../auth/actor';
import { fail } from '../errors';
import { changePasswordInput } from './schemas';
import { tellOwner } from './account-notice';
import { endOpenResets } from './password-reset';

function requireMember(actor: Actor): void {
  if (actor.via === 'cli') fail('forbidden', 'The CLI has no password of its own; use `user password` to set a user\'s.');
}

const fieldError = (path: string, message: string): never =>
  fail('validation_failed', `${path}: ${message}`, { expose: { issues: [{ path, message }] } });

/**
 * Sets a new password for the signed-in member. The current password is asked for, so that a
 * session left open (or stolen) cannot lock its owner out; wrong guesses count against the same
 * budget as sign-ins, which is then spent for both.
 */
export async function changePassword(actor: Actor, input: z.infer<typeof changePasswordInput>): Promise<void> {
  requireMember(actor);
  const wait = await takeSignInAttempt(actor.email, actor.address);
  if (wait) fail('rate_limited', `Too many wrong passwords for this account. Try again in ${Math.ceil(wait / 60)} minutes.`, { retryAfter: wait });
  const user = await db().user.findUniqueOrThrow({ where: { id: actor.userId }, select: { passwordHash: true } });
  if (!(await verifyPassword(input.currentPassword, user.passwordHash))) {
    await appendAuditNow(actor, { action: 'user.password_change_failed', objectType: 'user', objectId: actor.userId, orgId: actor.orgId });
    fieldError('currentPassword', 'That is not your current password.');
  }
  await settleSignInSuccess(actor.email, actor.address);
  if (input.newPassword === input.currentPassword) fieldError('newPassword', 'The new password must differ from the current one.');
  const passwordHash = await hashPassword(input.newPassword);
  await transaction(async (tx) => {
    await tx.user.update({ where: { id: actor.userId }, data: { passwordHash, sessionEpoch: { increment: 1 } } });
    await endOpenResets(tx, actor.userId, new Date()); // a link asked for earlier must not undo this
    await appendAudit(tx, actor, { action: 'user.password_change', objectType: 'user', objectId: actor.userId, orgId: actor.orgId });
    await tellOwner(tx, actor, 'password_changed', actor.address);
  });
}

/** Signs the member out everywhere: every session cookie issued so far stops working at once. */
export async function endSessions(actor: Actor): Promise<void> {
  requireMember(actor);
  await transaction(async (tx) => {
    await tx.user.update({ where: { id: actor.userId }, data: { sessionEpoch: { increment: 1 } } });
    await appendAudit(tx, actor, { action: 'user.sessions_end', objectType: 'user', objectId: actor.userId, orgId: actor.orgId });
    await tellOwner(tx, actor, 'sessions_ended', actor.address);
  });
}

/**
 * The operator's way back in for a member who lost their password (the CLI's `user password`):
 * sets it, ends their sessions and lifts a sign-in lockout.
 */
export async function setUserPassword(actor: Actor, email: string, password: string): Promise<void> {
  requireRole(actor, 'operator');
  const passwordHash = await hashPassword(password);
  await transaction(async (tx) => {
    const found = await tx.user.findUnique({ where: { email }, select: { id: true, orgId: true } });
    if (!found) return fail('not_found', `No user with the e-mail ${email}.`);
    await tx.user.update({ where: { id: found.id }, data: { passwordHash, sessionEpoch: { increment: 1 } } });
    await endOpenResets(tx, found.id, new Date());
    await appendAudit(tx, actor, { action: 'user.password_set', objectType: 'user', objectId: found.id, orgId: found.orgId, details: { email } });
    await tellOwner(tx, { email, orgId: found.orgId }, 'password_set', null);
  });
  await clearSignInFailures(email);
}

// The actions the account activity list shows: the same list as the partial index that serves it
// (migrations 20261201123000_account_activity_index and 20261201144831_password_resets), written
// into the SQL as literals, since the planner can use a partial index only where it sees the
// query's values imply its predicate.
const ACTIVITY_ACTIONS = Prisma.raw(
  ['auth.sign_in', 'auth.sign_in_failed', 'auth.sign_out', 'user.password_change', 'user.password_change_failed', 'user.password_set', 'user.sessions_end', 'user.password_reset_request', 'user.password_reset'].map((a) => `'${a}'`).join(', '),
);
const ACTIVITY_LIMIT = 20;

export type AccountActivity = { at: Date; action: string; address: string | null };

/** The activity query (exported for its plan test): the member's entries, newest first, by the partial index. */
export const accountActivitySql = (userId: string) => Prisma.sql`
  SELECT at, action, address, details->>'address' AS "detailsAddress" FROM "AuditEntry"
  WHERE "objectId" = ${userId} AND action IN (${ACTIVITY_ACTIONS})
  ORDER BY seq DESC LIMIT ${ACTIVITY_LIMIT}`;

/**
 * The member's own recent sign-ins (and failed attempts on their account) and changes to their
 * sign-in, newest first: where a member notices a sign-in that was not theirs.
 */
export async function listAccountActivity(actor: Actor): Promise<AccountActivity[]> {
  requireMember(actor);
  type Row = { at: Date; action: string; address: string | null; detailsAddress: string | null };
  const rows = await db().$queryRaw<Row[]>(accountActivitySql(actor.userId));
  // A failed sign-in has no actor; its address is in the details.
  return rows.map((r) => ({ at: r.at, action: r.action, address: r.address ?? r.detailsAddress }));
}
