// A forgotten password: the member asks for a one-time link on the sign-in page and gets it by
// e-mail, or an operator makes one with the CLI (`user reset-link`) to hand over where mail does
// not reach. The link carries 256 random bits; the database keeps their SHA-256 and, until the
// mail is sent, the link sealed in the outbox (as for invitations). The rules follow OWASP's
// Forgot Password Cheat Sheet: the same answer whether or not the account exists, a short-lived
// single-use link, requests limited per account and per address, every session ended on use.
import { randomBytes } from 'node:crypto';
import { db, transaction, type Tx } from '../db/client';
import { now } from '../clock';
import { config } from '../config';
import { fail } from '../errors';
import { log } from '../log';
import { appendAudit } from '../audit/append-audit';
import { hashToken } from '../auth/api-tokens';
import { hashPassword } from '../auth/password';
import { accountAndAddress, clearSignInFailures } from '../auth/sign-in-limit';
import { countFailure, failureBudget, type Budget } from '../db/rate-limits';
import { requireRole, type Actor } from '../auth/actor';
import { enqueueMail, sealForMail } from '../mail/outbox';
import { tellOwner } from './account-notice';

export const RESET_MINUTES = 30;
// A request costs its asker nothing and sends mail to someone else: three an hour per account
// keep a mailbox from being flooded, twenty per address keep one client from sweeping many.
export const RESET_REQUESTS_PER_ACCOUNT = 3;
export const RESET_REQUESTS_PER_ADDRESS = 20;
const RESET_WINDOW_SECONDS = 3600;

type Budgets = { account: Budget; address: Budget };
const holder = globalThis as unknown as { __trustgateResetBudgets?: Budgets };
const budgets = (): Budgets =>
  (holder.__trustgateResetBudgets ??= {
    account: failureBudget('reset-account', RESET_REQUESTS_PER_ACCOUNT, RESET_WINDOW_SECONDS),
    address: failureBudget('reset-address', RESET_REQUESTS_PER_ADDRESS, RESET_WINDOW_SECONDS),
  });

const GONE = 'This reset link is not valid any more: it was used, replaced by a newer one, or it expired. Ask for a new one.';

/**
 * Ends the member's open links and drops their mail if not yet sent: a newer link replaces them,
 * and any other new password (changed, set by an operator) or the member's removal ends them.
 */
export async function endOpenResets(tx: Tx, userId: string, at: Date): Promise<void> {
  const open = await tx.passwordReset.findMany({ where: { userId, usedAt: null, expiresAt: { gt: at } }, select: { id: true } });
  if (open.length === 0) return;
  await tx.passwordReset.updateMany({ where: { id: { in: open.map((r) => r.id) } }, data: { expiresAt: at } });
  await tx.mailMessage.deleteMany({ where: { key: { in: open.map((r) => `password_reset:${r.id}`) }, state: 'pending' } });
}

/** The active account with this e-mail, or null (a removed member's is not one). */
const activeUser = (tx: Tx, email: string) =>
  tx.user.findFirst({ where: { email, disabledAt: null }, select: { id: true, email: true, orgId: true } });

/** A new link for the member, its mail in the outbox; `address` is who asked (null: an operator). */
async function issueReset(tx: Tx, user: { id: string; email: string; orgId: string | null }, address: string | null) {
  const token = randomBytes(32).toString('base64url');
  // One link at a time per member: two requests racing would each find no open link to end.
  await tx.$queryRaw`SELECT id FROM "User" WHERE id = ${user.id}::uuid FOR UPDATE`;
  const at = now();
  await endOpenResets(tx, user.id, at);
  const reset = await tx.passwordReset.create({
    data: { userId: user.id, tokenHash: hashToken(token), expiresAt: new Date(at.getTime() + RESET_MINUTES * 60_000) },
  });
  const url = `${config().publicUrl}/reset-password/${token}`;
  await enqueueMail(tx, [{
    key: `password_reset:${reset.id}`, recipient: user.email, orgId: user.orgId,
    payload: { kind: 'password_reset', expiresAt: reset.expiresAt.toISOString(), address, sealedUrl: sealForMail(url) },
  }]);
  return { id: reset.id, url, expiresAt: reset.expiresAt };
}

/**
 * The sign-in page's "Forgot your password?": mails a link if an active account has this e-mail.
 * The caller learns nothing either way, except that too many requests for one e-mail or from one
 * address are refused for a while. The answer waits only for the budget, which is the same work
 * for every e-mail; the account is looked up, and the link written, after it. Done before the
 * answer, that work made an existing account's answer measurably slower (22.0 against 19.3 ms,
 * median of 20 each), which told who has an account. A request lost to a crash in between costs
 * its asker one more click; it changes nothing else.
 */
export async function requestPasswordReset(email: string, address: string | null): Promise<void> {
  const { account, address: byAddress } = budgets();
  // Counted first, in one atomic step per budget: requests racing each other cannot all pass.
  const wait = await countFailure(accountAndAddress(account, byAddress, email, address));
  if (wait) fail('rate_limited', `Too many reset requests. Try again in ${Math.ceil(wait / 60)} minutes.`, { retryAfter: wait });
  const work = issueRequestedReset(email, address)
    .catch((error: unknown) => log.error('password reset request failed', { error: error instanceof Error ? error.message : String(error) }))
    .finally(() => inFlight.delete(work));
  inFlight.add(work);
}

// On globalThis: Next.js bundles its own copy of this module, and shutdown waits from the server's.
const inFlight = ((globalThis as unknown as { __trustgateResetsInFlight?: Set<Promise<unknown>> }).__trustgateResetsInFlight ??= new Set());
/** Resolves when the requests answered so far have written their links (shutdown waits for it). */
export const settledResetRequests = async (): Promise<void> => void (await Promise.all(inFlight));

async function issueRequestedReset(email: string, address: string | null): Promise<void> {
  await transaction(async (tx) => {
    const user = await activeUser(tx, email);
    const reset = user ? await issueReset(tx, user, address) : null;
    // Asked by nobody signed in: the address goes in the details, as for a failed sign-in.
    await appendAudit(tx, null, {
      action: 'user.password_reset_request', objectType: 'user', objectId: user?.id, orgId: user?.orgId ?? null,
      details: { address, ...(reset ? { resetId: reset.id } : { email, unknownAccount: true }) },
    });
  });
}

/** The CLI's `user reset-link`: a link an operator hands over (it is e-mailed too). */
export async function createPasswordResetLink(actor: Actor, email: string): Promise<{ url: string; expiresAt: Date }> {
  requireRole(actor, 'operator');
  return transaction(async (tx) => {
    const user = await activeUser(tx, email);
    if (!user) return fail('not_found', `No active user with the e-mail ${email}.`);
    const reset = await issueReset(tx, user, null);
    await appendAudit(tx, actor, { action: 'user.password_reset_request', objectType: 'user', objectId: user.id, orgId: user.orgId, details: { resetId: reset.id, email } });
    return { url: reset.url, expiresAt: reset.expiresAt };
  });
}

async function openReset(token: string) {
  const reset = await db().passwordReset.findUnique({
    where: { tokenHash: hashToken(token) },
    include: { user: { select: { id: true, email: true, role: true, orgId: true, disabledAt: true } } },
  });
  if (!reset || reset.usedAt || reset.expiresAt <= now() || reset.user.disabledAt) return fail('not_found', GONE);
  return reset;
}

/** What the reset page shows: whose password the link sets, and until when it works. */
export async function describePasswordReset(token: string) {
  const reset = await openReset(token);
  return { email: reset.user.email, expiresAt: reset.expiresAt };
}

/**
 * Sets the new password with the link, once: every session of the account ends, a sign-in
 * lockout lifts (the link proved the mailbox), and the owner is told by e-mail.
 */
export async function completePasswordReset(token: string, password: string, address: string | null): Promise<{ email: string }> {
  const reset = await openReset(token);
  const passwordHash = await hashPassword(password);
  const { user } = reset;
  await transaction(async (tx) => {
    const at = now();
    // The claim decides a race between two uses of one link: one wins, the other is told it is gone.
    const claimed = await tx.passwordReset.updateMany({ where: { id: reset.id, usedAt: null, expiresAt: { gt: at } }, data: { usedAt: at } });
    if (claimed.count !== 1) fail('not_found', GONE);
    const updated = await tx.user.updateMany({ where: { id: user.id, disabledAt: null }, data: { passwordHash, sessionEpoch: { increment: 1 } } });
    if (updated.count !== 1) fail('not_found', GONE);
    await endOpenResets(tx, user.id, at);
    const actor: Actor = { userId: user.id, email: user.email, role: user.role, orgId: user.orgId, address, via: 'session' };
    await appendAudit(tx, actor, { action: 'user.password_reset', objectType: 'user', objectId: user.id, orgId: user.orgId, details: { resetId: reset.id } });
    await tellOwner(tx, user, 'password_reset', address);
  });
  await clearSignInFailures(user.email);
  return { email: user.email };
}
