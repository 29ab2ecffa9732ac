// A member's own password and sessions (lib/orgs/account.ts), over HTTP, and the operator's reset
// through the CLI's domain function.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { api, baseUrl, seedTenant, signIn, uniqueId } from '../helpers';
import { db } from '../../lib/db/client';
import { cliActor } from '../../lib/auth/actor';
import { ACCOUNT_FAILURES, takeSignInAttempt } from '../../lib/auth/sign-in-limit';
import { accountActivitySql, setUserPassword } from '../../lib/orgs/account';
import { pruneRevokedSessions } from '../../lib/auth/session-revocation';
import { Prisma } from '../../lib/db/client';

const write = (cookie: string, path: string, method: string, json?: unknown) =>
  api(path, { method, json, headers: { cookie, 'x-trustgate-csrf': '1' } });

const auditActions = async (objectId: string) =>
  (await db().auditEntry.findMany({ where: { objectId }, orderBy: { seq: 'asc' }, select: { action: true } })).map((e) => e.action);

// The account's owner is told of each change by e-mail, through the outbox.
const notices = async (recipient: string) =>
  (await db().mailMessage.findMany({ where: { recipient, kind: 'account_security' }, orderBy: { createdAt: 'asc' } })).map((m) => (m.payload as { event: string }).event);

describe('password and sessions', () => {
  it('a password change needs the current one, ends every session, keeps API tokens, and is audited', async () => {
    const { engineer } = await seedTenant('pw');
    const here = (await signIn(engineer.email, engineer.password))!;
    const elsewhere = (await signIn(engineer.email, engineer.password))!;
    const newPassword = `${uniqueId('new')}-long-enough`;

    const noCsrf = await api('/api/v1/me/password', { json: { currentPassword: engineer.password, newPassword }, headers: { cookie: here } });
    expect([noCsrf.status, noCsrf.body.error.code]).toEqual([403, 'csrf_failed']);
    const wrong = await write(here, '/api/v1/me/password', 'POST', { currentPassword: 'not-my-password', newPassword });
    expect([wrong.status, wrong.body.error.code, wrong.body.error.issues[0].path]).toEqual([422, 'validation_failed', 'currentPassword']);
    const same = await write(here, '/api/v1/me/password', 'POST', { currentPassword: engineer.password, newPassword: engineer.password });
    expect([same.status, same.body.error.issues[0].path]).toEqual([422, 'newPassword']);
    const short = await write(here, '/api/v1/me/password', 'POST', { currentPassword: engineer.password, newPassword: 'short' });
    expect([short.status, short.body.error.issues[0].path]).toEqual([422, 'newPassword']);
    expect((await api('/api/v1/me', { headers: { cookie: here } })).status).toBe(200); // nothing changed yet

    const changed = await write(here, '/api/v1/me/password', 'POST', { currentPassword: engineer.password, newPassword });
    expect([changed.status, changed.body]).toEqual([200, { sessionsEnded: true }]);
    for (const cookie of [here, elsewhere]) expect((await api('/api/v1/me', { headers: { cookie } })).status).toBe(401);
    expect(await signIn(engineer.email, engineer.password)).toBeNull();
    const fresh = (await signIn(engineer.email, newPassword))!;
    expect((await api('/api/v1/me', { headers: { cookie: fresh } })).body.user.email).toBe(engineer.email);
    expect((await api('/api/v1/me', { token: engineer.token })).status).toBe(200);
    const user = await db().user.findUniqueOrThrow({ where: { email: engineer.email } });
    expect(await auditActions(user.id)).toEqual(expect.arrayContaining(['user.password_change_failed', 'user.password_change']));
    expect(await notices(engineer.email)).toEqual(['password_changed']); // the refused attempts changed nothing, so told nothing
  });

  it('sign out everywhere ends every session, the caller\'s too, and nothing else', async () => {
    const { engineer } = await seedTenant('out');
    const one = (await signIn(engineer.email, engineer.password))!;
    const two = (await signIn(engineer.email, engineer.password))!;
    const ended = await write(one, '/api/v1/me/sessions', 'DELETE');
    expect([ended.status, ended.body]).toEqual([200, { sessionsEnded: true }]);
    for (const cookie of [one, two]) expect((await api('/api/v1/me', { headers: { cookie } })).status).toBe(401);
    expect((await api('/api/v1/me', { token: engineer.token })).status).toBe(200);
    expect(await signIn(engineer.email, engineer.password)).toBeTruthy();
    const user = await db().user.findUniqueOrThrow({ where: { email: engineer.email } });
    expect(await auditActions(user.id)).toContain('user.sessions_end');
    expect(await notices(engineer.email)).toEqual(['sessions_ended']);
  });

  it('wrong current passwords spend the sign-in budget; then the change is refused with the wait', async () => {
    const { engineer } = await seedTenant('guess');
    const cookie = (await signIn(engineer.email, engineer.password))!;
    const newPassword = 'a-password-nobody-guesses';
    expect((await write(cookie, '/api/v1/me/password', 'POST', { currentPassword: 'guess-1', newPassword })).status).toBe(422);
    // The rest of the budget from elsewhere (not this test's address, which other suites share).
    for (let i = 1; i < ACCOUNT_FAILURES; i += 1) await takeSignInAttempt(engineer.email, '198.51.100.9');
    const refused = await write(cookie, '/api/v1/me/password', 'POST', { currentPassword: engineer.password, newPassword });
    expect([refused.status, refused.body.error.code]).toEqual([429, 'rate_limited']);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await signIn(engineer.email, engineer.password)).toBeNull(); // the same budget
  });

  it('a request body holding passwords leaves no plain digest in the idempotency store', async () => {
    const { engineer } = await seedTenant('idem');
    const key = uniqueId('key');
    const body = { currentPassword: engineer.password, newPassword: 'another-long-password' };
    const first = await api('/api/v1/me/password', { token: engineer.token, json: body, headers: { 'idempotency-key': key } });
    expect(first.status).toBe(200);
    const again = await api('/api/v1/me/password', { token: engineer.token, json: body, headers: { 'idempotency-key': key } });
    expect([again.status, again.body]).toEqual([200, first.body]); // the first answer, not a second change
    const user = await db().user.findUniqueOrThrow({ where: { email: engineer.email } });
    const record = await db().idempotencyRecord.findUniqueOrThrow({ where: { actorId_key: { actorId: user.id, key } } });
    const plain = createHash('sha256').update('POST /api/v1/me/password?\napplication/json\n').update(JSON.stringify(body)).digest('hex');
    expect(record.requestHash).toMatch(/^[0-9a-f]{64}$/);
    expect(record.requestHash).not.toBe(plain);
    expect(JSON.stringify(record)).not.toContain(engineer.password);
  });

  it('an operator sets a lost password from the CLI: old sessions end, a lockout lifts', async () => {
    const { engineer } = await seedTenant('reset');
    const cookie = (await signIn(engineer.email, engineer.password))!;
    for (let i = 0; i < ACCOUNT_FAILURES; i += 1) await takeSignInAttempt(engineer.email, '198.51.100.10');
    await setUserPassword(cliActor, engineer.email, 'set-by-the-operator');
    expect((await api('/api/v1/me', { headers: { cookie } })).status).toBe(401);
    expect(await signIn(engineer.email, 'set-by-the-operator')).toBeTruthy();
    await expect(setUserPassword(cliActor, 'nobody@example.test', 'set-by-the-operator')).rejects.toMatchObject({ code: 'not_found' });
    const user = await db().user.findUniqueOrThrow({ where: { email: engineer.email } });
    expect(await auditActions(user.id)).toContain('user.password_set');
    expect(await notices(engineer.email)).toEqual(['password_set']);
  });

  it('lists the member\'s own sign-ins, failed attempts and password changes, newest first, by the partial index', async () => {
    const { engineer } = await seedTenant('activity');
    const { engineer: other } = await seedTenant('activity-other');
    expect(await signIn(engineer.email, 'wrong-password-once')).toBeNull();
    const cookie = (await signIn(engineer.email, engineer.password))!;
    await signIn(other.email, other.password);
    expect((await write(cookie, '/api/v1/me/password', 'POST', { currentPassword: engineer.password, newPassword: 'the-next-password' })).status).toBe(200);

    const listed = await api('/api/v1/me/activity', { token: engineer.token });
    expect(listed.status).toBe(200);
    expect(listed.body.items.map((i: { action: string }) => i.action)).toEqual(['user.password_change', 'auth.sign_in', 'auth.sign_in_failed']);
    for (const item of listed.body.items) expect(item.address).toMatch(/127\.0\.0\.1$/); // a failed attempt's too, from its details
    expect(Date.parse(listed.body.items[0].at)).toBeGreaterThanOrEqual(Date.parse(listed.body.items[2].at));

    const user = await db().user.findUniqueOrThrow({ where: { email: engineer.email } });
    const plan = await db().$transaction(async (tx) => {
      await tx.$executeRawUnsafe('SET LOCAL enable_seqscan = off');
      return tx.$queryRaw<{ 'QUERY PLAN': unknown }[]>(Prisma.sql`EXPLAIN (FORMAT JSON) ${accountActivitySql(user.id)}`);
    });
    expect(JSON.stringify(plan)).toContain('AuditEntry_account_activity_idx');
  });

  it('signing out ends that session on the server: a kept copy of its cookie is refused, other sessions stay', async () => {
    const { engineer } = await seedTenant('signout');
    const leaving = (await signIn(engineer.email, engineer.password))!;
    const staying = (await signIn(engineer.email, engineer.password))!;
    // As next-auth's signOut() posts it: its CSRF token and cookie, and the session cookie.
    const csrf = await fetch(`${baseUrl()}/api/auth/csrf`);
    const { csrfToken } = await csrf.json();
    const cookie = [...csrf.headers.getSetCookie().map((c) => c.split(';')[0]), leaving].join('; ');
    const out = await fetch(`${baseUrl()}/api/auth/signout`, {
      method: 'POST', redirect: 'manual', headers: { 'content-type': 'application/x-www-form-urlencoded', cookie },
      body: new URLSearchParams({ csrfToken, callbackUrl: '/signin', json: 'true' }),
    });
    expect(out.status).toBe(200);
    expect((await api('/api/v1/me', { headers: { cookie: leaving } })).status).toBe(401); // the copy the browser no longer has
    expect((await api('/api/v1/me', { headers: { cookie: staying } })).status).toBe(200);
    const user = await db().user.findUniqueOrThrow({ where: { email: engineer.email } });
    expect(await auditActions(user.id)).toContain('auth.sign_out');
    const activity = await api('/api/v1/me/activity', { token: engineer.token });
    expect(activity.body.items[0].action).toBe('auth.sign_out');

    // The revocation is kept until the cookie would have expired (12 hours), then pruned.
    const [row] = await db().revokedSession.findMany({ orderBy: { expiresAt: 'desc' }, take: 1 });
    expect(row.expiresAt.getTime() - Date.now()).toBeGreaterThan(11 * 3_600_000);
    expect(await pruneRevokedSessions(new Date(row.expiresAt.getTime() - 1000))).toBeGreaterThanOrEqual(0);
    expect(await db().revokedSession.count({ where: { sid: row.sid } })).toBe(1);
    await pruneRevokedSessions(new Date(row.expiresAt.getTime() + 1000));
    expect(await db().revokedSession.count({ where: { sid: row.sid } })).toBe(0);
  });
});
