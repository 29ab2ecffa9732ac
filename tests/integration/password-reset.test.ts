// A forgotten password (lib/orgs/password-reset): the request over HTTP, the e-mailed link (read
// from our own outbox, where it is sealed), the reset page and its completion, the CLI's link,
// and what must not work: a used, replaced, expired or removed member's link, and a flood of
// requests. Delivery over SMTP is tested with the other event mails (expiry-mail.test.ts), whose
// SMTP server must not race a second delivery worker from this file.
import { describe, expect, it, vi } from 'vitest';
import { api, seedTenant, signIn, uniqueId } from '../helpers';
import { postForm } from '../oauth-helpers';
import { db } from '../../lib/db/client';
import { cliActor } from '../../lib/auth/actor';
import { ACCOUNT_FAILURES, takeSignInAttempt } from '../../lib/auth/sign-in-limit';
import { openForMail } from '../../lib/mail/outbox';
import { createPasswordResetLink, RESET_REQUESTS_PER_ACCOUNT, RESET_REQUESTS_PER_ADDRESS } from '../../lib/orgs/password-reset';
import { setUserPassword } from '../../lib/orgs/account';

// Each test asks from its own loopback address (the server sees the socket's), so that the
// per-address budget one test spends is not another's.
const requestReset = (email: string, from: string) =>
  postForm('/api/password-resets', {}, { body: JSON.stringify({ email }), contentType: 'application/json', localAddress: from });
const complete = (token: string, password: string) => api(`/api/password-resets/${token}/complete`, { json: { password } });
const tokenOf = (url: string) => new URL(url).pathname.split('/').pop()!;

/** The pending reset mails to `email`, each with the token its sealed link carries. */
async function resetMails(email: string) {
  const rows = await db().mailMessage.findMany({ where: { recipient: email, kind: 'password_reset' }, orderBy: { createdAt: 'asc' } });
  return rows.map((row) => {
    const payload = row.payload as { sealedUrl: string; address: string | null; expiresAt: string };
    return { row, payload, token: tokenOf(openForMail(payload.sealedUrl)) };
  });
}

/** The request's link is written after the answer (lib/orgs/password-reset): wait for `check` to pass. */
const eventually = (check: () => Promise<void>) => vi.waitFor(check, { timeout: 10_000, interval: 50 });
/** The audit entries of requests for an e-mail no active account has. */
const unknownRequests = (email: string) =>
  db().auditEntry.count({
    where: { action: 'user.password_reset_request', AND: [{ details: { path: ['email'], equals: email } }, { details: { path: ['unknownAccount'], equals: true } }] },
  });

const auditOf = (objectId: string) =>
  db().auditEntry.findMany({ where: { objectId, action: { startsWith: 'user.password_reset' } }, orderBy: { seq: 'asc' } });

describe('forgotten password', () => {
  it('asking gets the same 202 for an account and for none; the account gets one sealed link, both are audited', async () => {
    const { engineer } = await seedTenant('forgot');
    const unknown = `${uniqueId('nobody')}@example.test`;
    const known = await requestReset(engineer.email.toUpperCase(), '127.0.0.11'); // as typed: the address is normalized
    const none = await requestReset(unknown, '127.0.0.11');
    expect([known.status, known.body]).toEqual([202, { requested: true }]);
    expect([none.status, none.body]).toEqual([known.status, known.body]);
    await eventually(async () => {
      expect(await resetMails(engineer.email)).toHaveLength(1);
      expect(await unknownRequests(unknown)).toBe(1);
    });

    const [mail, ...more] = await resetMails(engineer.email);
    expect(more).toEqual([]);
    expect(await db().mailMessage.count({ where: { recipient: unknown } })).toBe(0);
    expect(JSON.stringify(mail.row.payload)).not.toContain(mail.token); // sealed at rest
    expect(mail.payload.address).toMatch(/127\.0\.0\.11$/);
    expect(Date.parse(mail.payload.expiresAt) - Date.now()).toBeGreaterThan(29 * 60_000);
    expect(Date.parse(mail.payload.expiresAt) - Date.now()).toBeLessThanOrEqual(30 * 60_000);
    const preview = await db().mailMessage.findUniqueOrThrow({ where: { id: mail.row.id } });
    expect(preview.state).toBe('pending');

    const user = await db().user.findUniqueOrThrow({ where: { email: engineer.email } });
    const [entry] = await auditOf(user.id);
    expect(entry.details).toMatchObject({ resetId: expect.any(String) });
    expect(entry.actorId).toBeNull();
    const unknownEntry = await db().auditEntry.findFirstOrThrow({ where: { action: 'user.password_reset_request', details: { path: ['email'], equals: unknown } } });
    expect(unknownEntry.details).toMatchObject({ unknownAccount: true });

    for (const bad of [{ email: 'not-an-address' }, {}, { email: 'x@example.test\u0000' }]) {
      const refused = await api('/api/password-resets', { json: bad });
      expect([refused.status, refused.body.error.code]).toEqual([422, 'validation_failed']);
    }
    const notJson = await api('/api/password-resets', { body: `email=${engineer.email}`, method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(notJson.status).toBe(415);
  });

  it('the link sets a new password once: sessions end, a lockout lifts, API tokens stay, the owner is told', async () => {
    const { engineer } = await seedTenant('relink');
    const cookie = (await signIn(engineer.email, engineer.password))!;
    expect((await requestReset(engineer.email, '127.0.0.12')).status).toBe(202);
    await eventually(async () => expect(await resetMails(engineer.email)).toHaveLength(1));
    const [{ token }] = await resetMails(engineer.email);

    const described = await api(`/api/password-resets/${token}`);
    expect([described.status, described.body.email]).toEqual([200, engineer.email]);
    const page = await api(`/reset-password/${token}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('Choose a new password');

    for (let i = 0; i < ACCOUNT_FAILURES; i += 1) await takeSignInAttempt(engineer.email, '198.51.100.20');
    expect(await signIn(engineer.email, engineer.password)).toBeNull(); // locked out

    const short = await complete(token, 'short');
    expect([short.status, short.body.error.code, short.body.error.issues[0].path]).toEqual([422, 'validation_failed', 'password']);
    const newPassword = `${uniqueId('reset')}-long-enough`;
    const done = await complete(token, newPassword);
    expect([done.status, done.body]).toEqual([200, { email: engineer.email }]);

    expect((await api('/api/v1/me', { headers: { cookie } })).status).toBe(401);
    expect(await signIn(engineer.email, engineer.password)).toBeNull();
    const fresh = (await signIn(engineer.email, newPassword))!; // the lockout lifted
    expect((await api('/api/v1/me', { headers: { cookie: fresh } })).status).toBe(200);
    expect((await api('/api/v1/me', { token: engineer.token })).status).toBe(200);

    const again = await complete(token, 'yet-another-long-password');
    expect([again.status, again.body.error.code]).toEqual([404, 'not_found']);
    expect((await api(`/api/password-resets/${token}`)).status).toBe(404);
    expect((await api(`/reset-password/${token}`)).text).toContain('This reset link is no longer valid');

    const user = await db().user.findUniqueOrThrow({ where: { email: engineer.email } });
    expect((await auditOf(user.id)).map((e) => e.action)).toEqual(['user.password_reset_request', 'user.password_reset']);
    const notices = await db().mailMessage.findMany({ where: { recipient: engineer.email, kind: 'account_security' } });
    expect(notices.map((m) => (m.payload as { event: string }).event)).toEqual(['password_reset']);
    const activity = await api('/api/v1/me/activity', { token: engineer.token });
    const resets = activity.body.items.map((i: { action: string }) => i.action).filter((a: string) => a.startsWith('user.password_reset'));
    expect(resets).toEqual(['user.password_reset', 'user.password_reset_request']); // newest first
  });

  it('two uses of one link at once: one sets the password, the other is told the link is gone', async () => {
    const { engineer } = await seedTenant('race');
    const { url } = await createPasswordResetLink(cliActor, engineer.email);
    const answers = await Promise.all(['first-long-password', 'second-long-password'].map((p) => complete(tokenOf(url), p)));
    expect(answers.map((a) => a.status).sort()).toEqual([200, 404]);
    const won = answers[0].status === 200 ? 'first-long-password' : 'second-long-password';
    expect(await signIn(engineer.email, won)).toBeTruthy();
  });

  it('a newer link replaces the older (its unsent mail too); expired and removed members\' links do not work', async () => {
    const { engineer, admin, org } = await seedTenant('replace');
    await requestReset(engineer.email, '127.0.0.13');
    await eventually(async () => expect(await resetMails(engineer.email)).toHaveLength(1));
    const [first] = await resetMails(engineer.email);
    const operatorLink = await createPasswordResetLink(cliActor, engineer.email); // the CLI's, e-mailed too
    expect((await api(`/api/password-resets/${first.token}`)).status).toBe(404);
    const mails = await resetMails(engineer.email);
    expect(mails.map((m) => m.token)).toEqual([tokenOf(operatorLink.url)]); // the first mail was dropped
    expect(mails[0].payload.address).toBeNull(); // made by an operator: the mail says so
    expect((await api(`/api/password-resets/${tokenOf(operatorLink.url)}`)).status).toBe(200);

    await db().passwordReset.updateMany({ where: { user: { email: engineer.email } }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect((await complete(tokenOf(operatorLink.url), 'too-late-long-password')).status).toBe(404);

    const { url } = await createPasswordResetLink(cliActor, engineer.email);
    const user = await db().user.findUniqueOrThrow({ where: { email: engineer.email } });
    expect((await api(`/api/v1/orgs/${org.id}/members/${user.id}`, { method: 'DELETE', token: admin.token })).status).toBe(200);
    expect((await complete(tokenOf(url), 'removed-long-password')).status).toBe(404);
    expect((await requestReset(engineer.email, '127.0.0.13')).status).toBe(202); // and asking again sends nothing
    await eventually(async () => expect(await unknownRequests(engineer.email)).toBe(1));
    expect(await db().passwordReset.count({ where: { userId: user.id } })).toBe(3);

    await expect(createPasswordResetLink(cliActor, engineer.email)).rejects.toMatchObject({ code: 'not_found' });
    // Invited back, the account is restored; the link made before its removal stays dead.
    const invited = await api(`/api/v1/orgs/${org.id}/invitations`, { token: admin.token, json: { email: engineer.email } });
    expect((await api(`/api/invitations/${tokenOf(invited.body.url)}/accept`, { json: { password: 'back-again-password' } })).status).toBe(201);
    expect((await complete(tokenOf(url), 'removed-long-password')).status).toBe(404);
    await expect(createPasswordResetLink({ ...cliActor, role: 'org_admin' }, admin.email)).rejects.toMatchObject({ code: 'forbidden' });
    for (const token of ['not-a-token', 'A'.repeat(43), '%ZZ']) expect((await api(`/api/password-resets/${token}`)).status).toBe(token === '%ZZ' ? 400 : 404);
  });

  it('a password changed by its owner or set by an operator ends the open links', async () => {
    const { engineer } = await seedTenant('supersede');
    const asked = tokenOf((await createPasswordResetLink(cliActor, engineer.email)).url);
    const changed = await api('/api/v1/me/password', { token: engineer.token, json: { currentPassword: engineer.password, newPassword: 'changed-meanwhile-1' } });
    expect(changed.status).toBe(200);
    expect((await complete(asked, 'would-undo-the-change')).status).toBe(404);
    expect(await resetMails(engineer.email)).toEqual([]); // its unsent mail went with it

    const again = tokenOf((await createPasswordResetLink(cliActor, engineer.email)).url);
    await setUserPassword(cliActor, engineer.email, 'set-by-an-operator-1');
    expect((await api(`/api/password-resets/${again}`)).status).toBe(404);
    expect(await signIn(engineer.email, 'set-by-an-operator-1')).toBeTruthy();
  });

  it(`the ${RESET_REQUESTS_PER_ACCOUNT + 1}th request for one e-mail within the hour is refused, whether or not the account exists`, async () => {
    const { engineer } = await seedTenant('flood');
    for (const email of [engineer.email, `${uniqueId('flood')}@example.test`]) {
      for (let i = 0; i < RESET_REQUESTS_PER_ACCOUNT; i += 1) expect((await requestReset(email, '127.0.0.14')).status).toBe(202);
      const refused = await requestReset(email, '127.0.0.14');
      expect([refused.status, refused.body.error.code]).toEqual([429, 'rate_limited']);
      expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    }
    // Each request replaced the one before, also where their work after the answer overlapped.
    const userId = (await db().user.findUniqueOrThrow({ where: { email: engineer.email } })).id;
    await eventually(async () => expect(await auditOf(userId)).toHaveLength(RESET_REQUESTS_PER_ACCOUNT));
    expect(await resetMails(engineer.email)).toHaveLength(1);
    expect(await db().passwordReset.count({ where: { userId, usedAt: null, expiresAt: { gt: new Date() } } })).toBe(1);
  });

  it('requests racing for one e-mail cannot pass the budget together; one address is limited across e-mails', async () => {
    const email = `${uniqueId('race')}@example.test`;
    const answers = await Promise.all(Array.from({ length: 2 * RESET_REQUESTS_PER_ACCOUNT }, () => requestReset(email, '127.0.0.15')));
    expect(answers.map((a) => a.status).sort()).toEqual([...Array(RESET_REQUESTS_PER_ACCOUNT).fill(202), ...Array(RESET_REQUESTS_PER_ACCOUNT).fill(429)]);

    const sweep = Array.from({ length: RESET_REQUESTS_PER_ADDRESS + 1 }, (_, i) => `${uniqueId(`sweep${i}`)}@example.test`);
    const statuses = [];
    for (const address of sweep) statuses.push((await requestReset(address, '127.0.0.16')).status);
    expect(statuses).toEqual([...Array(RESET_REQUESTS_PER_ADDRESS).fill(202), 429]);
    expect((await requestReset(`${uniqueId('elsewhere')}@example.test`, '127.0.0.17')).status).toBe(202); // another address is not
  });
});
