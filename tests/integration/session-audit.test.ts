// Sign-in through next-auth, CSRF on cookie writes, first-run setup, invitations, the audit chain.
import { Client } from 'pg';
import { inject } from 'vitest';
import { describe, expect, it } from 'vitest';
import { verifyAuditChain, verifyExportedChain } from '../../lib/audit/verify-audit-chain';
import { api, baseUrl, makeCsr, seedTenant, seedUser, postSignIn, signIn } from '../helpers';
import { db, pool } from '../../lib/db/client';
import { appendAudit } from '../../lib/audit/append-audit';
import { cliActor } from '../../lib/auth/actor';
import { throttledSeconds } from '../../lib/auth/sign-in-errors';
import { ACCOUNT_FAILURES, ADDRESS_FAILURES, SIGN_IN_WINDOW_SECONDS, takeSignInAttempt } from '../../lib/auth/sign-in-limit';
import { postForm } from '../oauth-helpers';


/** next-auth's JSON answer: the URL it would send the browser to, with `error` on a failure. */
const signInAnswer = async (email: string, password: string): Promise<{ url: string }> => (await postSignIn(email, password)).json();

describe('sessions', () => {
  it('signs in with e-mail and password; the cookie is httpOnly and SameSite', async () => {
    const user = await seedUser('operator');
    expect(await signIn(user.email, 'wrong-password-123')).toBeNull();
    const cookie = await signIn(user.email, user.password);
    expect(cookie).toBeTruthy();
    const me = await api('/api/v1/me', { headers: { cookie: cookie! } });
    expect(me.body.user.email).toBe(user.email);
    expect(typeof me.body.pendingCsrs).toBe('number');
    // Signed in already: /signin goes on to where the form would have sent you, /setup goes home.
    const go = async (path: string) => (await fetch(`${baseUrl()}${path}`, { redirect: 'manual', headers: { cookie: cookie! } })).headers.get('location');
    expect(await go('/signin')).toMatch(/\/dashboard$/);
    expect(await go('/signin?next=%2Fcertificates%3Fstatus%3Dactive')).toMatch(/\/certificates\?status=active$/);
    expect(await go('/signin?next=%2F%2Fevil.example')).toMatch(/\/dashboard$/);
    expect(await go('/setup')).toMatch(/^(https?:\/\/[^/]+)?\/$/);
    const signedOut = await fetch(`${baseUrl()}/signin`, { redirect: 'manual' });
    expect(signedOut.status).toBe(200);
  });

  it('a page asked for while signed out sends to /signin with the way back, never to another host', async () => {
    const to = async (path: string, headers: Record<string, string> = {}) => (await fetch(`${baseUrl()}${path}`, { redirect: 'manual', headers })).headers.get('location');
    expect(await to('/certificates?status=active&q=a%20b')).toMatch(/\/signin\?next=%2Fcertificates%3Fstatus%3Dactive%26q%3Da%2520b$/);
    expect(await to('/csrs/new')).toMatch(/\/signin\?next=%2Fcsrs%2Fnew$/);
    // The header the edge sets is the edge's: one a client sends is overwritten.
    expect(await to('/dashboard', { 'x-trustgate-url': '//evil.example' })).toMatch(/\/signin\?next=%2Fdashboard$/);
  });

  it('refuses a cookie-authenticated write without the CSRF header or from another origin', async () => {
    const user = await seedUser('operator');
    const cookie = (await signIn(user.email, user.password))!;
    const body = { id: `csrf-${Date.now().toString(36)}`, name: 'CSRF' };
    const bare = await api('/api/v1/orgs', { json: body, headers: { cookie } });
    expect([bare.status, bare.body.error.code]).toEqual([403, 'csrf_failed']);
    const crossSite = await api('/api/v1/orgs', { json: body, headers: { cookie, 'x-trustgate-csrf': '1', origin: 'https://evil.example' } });
    expect([crossSite.status, crossSite.body.error.code]).toEqual([403, 'csrf_failed']);
    const ok = await api('/api/v1/orgs', { json: body, headers: { cookie, 'x-trustgate-csrf': '1', origin: baseUrl() } });
    expect(ok.status).toBe(201);
  });

  it('the issuance path (served outside Next.js) applies the same session and CSRF rules', async () => {
    const tenant = await seedTenant('edge');
    const cookie = (await signIn(tenant.engineer.email, tenant.engineer.password))!;
    const { pem } = await makeCsr(tenant.org.id);
    const bare = await api('/api/v1/csrs', { json: { csr: pem }, headers: { cookie } });
    expect([bare.status, bare.body.error.code]).toEqual([403, 'csrf_failed']);
    const crossSite = await api('/api/v1/csrs', { json: { csr: pem }, headers: { cookie, 'x-trustgate-csrf': '1', origin: 'https://evil.example' } });
    expect([crossSite.status, crossSite.body.error.code]).toEqual([403, 'csrf_failed']);
    const badOrigin = await api('/api/v1/csrs', { json: { csr: pem }, headers: { cookie, 'x-trustgate-csrf': '1', origin: 'not a url' } });
    expect([badOrigin.status, badOrigin.body.error.code]).toEqual([403, 'csrf_failed']);
    const forged = await api('/api/v1/csrs', { json: { csr: pem }, headers: { cookie: 'next-auth.session-token=forged', 'x-trustgate-csrf': '1' } });
    expect([forged.status, forged.body.error.code, forged.headers.get('www-authenticate')]).toEqual([401, 'unauthenticated', 'Bearer realm="trustgate"']);
    const ok = await api('/api/v1/csrs', { json: { csr: pem }, headers: { cookie, 'x-trustgate-csrf': '1', origin: baseUrl() } });
    expect([ok.status, ok.body.status, ok.headers.get('cache-control')]).toEqual([201, 'pending', 'no-store']);
    // The same security headers as every Next.js response (next.config.ts).
    const nextAnswer = await api('/api/v1/me', { headers: { cookie } });
    for (const name of ['x-content-type-options', 'x-frame-options', 'referrer-policy']) {
      expect(ok.headers.get(name)).toBe(nextAnswer.headers.get(name));
      expect(bare.headers.get(name)).toBeTruthy();
    }
    // An engineer cannot approve, by cookie or token; a body over 1 MiB is refused before parsing.
    const approve = await api(`/api/v1/csrs/${ok.body.id}/approve`, { json: {}, headers: { cookie, 'x-trustgate-csrf': '1' } });
    expect([approve.status, approve.body.error.code]).toEqual([403, 'forbidden']);
    const huge = await api('/api/v1/csrs', { token: tenant.engineer.token, body: Buffer.alloc(1024 * 1024 + 1, 0x30), headers: { 'content-type': 'application/pkcs10' } });
    expect([huge.status, huge.body.error.code]).toEqual([413, 'too_large']);
  });

  it('after 10 failed sign-ins an account is refused, right password or not, with the wait; success starts the count again', async () => {
    const user = await seedUser('operator');
    const other = await seedUser('engineer', (await seedTenant('throttle')).org.id);
    for (let i = 0; i < 9; i += 1) expect(await signIn(user.email, `wrong-password-${i}`)).toBeNull();
    expect(await signIn(user.email, user.password)).toBeTruthy(); // the 10th attempt, right: the count starts again
    for (let i = 0; i < ACCOUNT_FAILURES; i += 1) expect(await signIn(user.email.toUpperCase(), `wrong-password-${i}`)).toBeNull();
    expect(await signIn(user.email, user.password)).toBeNull();
    const answer = await signInAnswer(user.email, user.password);
    expect(throttledSeconds(new URL(answer.url, baseUrl()).searchParams.get('error'))).toBeGreaterThan(SIGN_IN_WINDOW_SECONDS - 120);
    // Only that account: another one signs in from the same address.
    expect(await signIn(other.email, other.password)).toBeTruthy();
    const refused = await api(`/api/v1/audit?action=auth.sign_in_failed&limit=50`, { token: user.token });
    expect(refused.body.items.filter((e: { details: { email: string; reason?: string } }) => e.details.email === user.email && e.details.reason === 'too_many_failures').length).toBeGreaterThanOrEqual(2);
  });

  it('one address that fails 50 times, across accounts, is refused for any account', async () => {
    for (let i = 0; i < ADDRESS_FAILURES; i += 1) await takeSignInAttempt(`guess-${i}@example.test`, '203.0.113.77');
    expect(await takeSignInAttempt('someone-else@example.test', '203.0.113.77')).toBeGreaterThan(SIGN_IN_WINDOW_SECONDS - 120);
    expect(await takeSignInAttempt('someone-else@example.test', '203.0.113.78')).toBeNull();
  });

  it('guesses sent all at once are counted as they start: no more than the budget reach the password check', async () => {
    const user = await seedUser('engineer', (await seedTenant('burst')).org.id);
    const csrf = await fetch(`${baseUrl()}/api/auth/csrf`);
    const { csrfToken } = await csrf.json();
    const cookie = csrf.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
    // From an address of its own (the server sees the socket's), whose budget no other test spends.
    const guess = (password: string) =>
      postForm('/api/auth/callback/credentials', { csrfToken, email: user.email, password, json: 'true' }, { headers: { cookie }, localAddress: '127.0.0.21' });
    const answers = await Promise.all(Array.from({ length: 3 * ACCOUNT_FAILURES }, (_, i) => guess(`wrong-password-${i}`)));
    expect(answers.map((a) => a.status)).toEqual(answers.map(() => 401)); // none signed in
    const userId = (await db().user.findUniqueOrThrow({ where: { email: user.email } })).id;
    // A checked wrong password is audited against the account; a refused attempt names no account.
    expect(await db().auditEntry.count({ where: { action: 'auth.sign_in_failed', objectId: userId } })).toBe(ACCOUNT_FAILURES);
    const refused = await db().auditEntry.count({ where: { action: 'auth.sign_in_failed', details: { path: ['email'], equals: user.email } } });
    expect(refused).toBe(3 * ACCOUNT_FAILURES);
    expect(await signIn(user.email, user.password)).toBeNull(); // locked, the right password too
  });

  it('first-run setup cannot be repeated', async () => {
    expect((await api('/api/setup')).body).toEqual({ needsSetup: false });
    const again = await api('/api/setup', { json: { setupToken: 'x', email: 'second@example.test', password: 'long-enough-password' } });
    expect([again.status, again.body.error.code]).toEqual([409, 'setup_complete']);
  });

  it("an organization admin's invitation reveals no account outside the organization", async () => {
    const a = await seedTenant('inv-a');
    const b = await seedTenant('inv-b');
    const operator = await seedUser('operator');
    const invite = (who: { token: string }, email: string) => api(`/api/v1/orgs/${a.org.id}/invitations`, { token: who.token, json: { email, role: 'engineer' } });
    const stranger = await invite(a.admin, b.engineer.email);
    expect(stranger.status).toBe(201); // the same answer as for an e-mail nobody uses
    expect((await invite(a.admin, `nobody-${a.org.id}@example.test`)).status).toBe(201);
    const member = await invite(a.admin, a.engineer.email);
    expect([member.status, member.body.error.message]).toEqual([409, `${a.engineer.email} is already a member.`]);
    expect((await invite(operator, b.engineer.email)).status).toBe(409);
    // The link itself cannot make a second account.
    const accepted = await api(`/api/invitations/${stranger.body.url.split('/invite/')[1]}/accept`, { json: { password: 'another-password-1' } });
    expect([accepted.status, accepted.body.error.code]).toEqual([409, 'already_exists']);
  });

  it('an invitation creates the member once, with the chosen password', async () => {
    const operator = await seedUser('operator');
    const { org } = await seedTenant('invite');
    const email = `new-${Date.now()}@example.test`;
    const invite = await api(`/api/v1/orgs/${org.id}/invitations`, { token: operator.token, json: { email, role: 'engineer' } });
    expect(invite.status).toBe(201);
    const token = invite.body.url.split('/invite/')[1];
    expect((await api(`/api/invitations/${token}`)).body).toMatchObject({ email, role: 'engineer', org: { id: org.id } });
    expect((await api(`/api/invitations/${token}/accept`, { json: { password: 'short' } })).status).toBe(422);
    expect((await api(`/api/invitations/${token}/accept`, { json: { password: 'a-good-long-password' } })).status).toBe(201);
    expect((await api(`/api/invitations/${token}/accept`, { json: { password: 'a-good-long-password' } })).status).toBe(404);
    expect(await signIn(email, 'a-good-long-password')).toBeTruthy();
  });

  it('inviting an address again replaces its open invitation: the old link stops working and its unsent mail is dropped', async () => {
    const { org, admin } = await seedTenant('reinvite');
    const email = `again-${Date.now()}@example.test`;
    const invite = (role: string) => api(`/api/v1/orgs/${org.id}/invitations`, { token: admin.token, json: { email, role } });
    const first = await invite('org_admin');
    const second = await invite('engineer');
    expect([first.status, second.status]).toEqual([201, 201]);
    const [oldToken, newToken] = [first.body.url, second.body.url].map((url: string) => url.split('/invite/')[1]);
    expect((await api(`/api/invitations/${oldToken}`)).status).toBe(404);
    expect((await api(`/api/invitations/${newToken}`)).body).toMatchObject({ email, role: 'engineer' });
    const open = (await api(`/api/v1/orgs/${org.id}`, { token: admin.token })).body.invitations.filter((i: { email: string }) => i.email === email);
    expect(open.map((i: { role: string }) => i.role)).toEqual(['engineer']);
    // Another test file's delivery run (expiry-mail.test.ts delivers every due mail) may have sent
    // either mail already: a sent one stays, as sent. What must never be is the old one still waiting.
    const mails = await db().mailMessage.findMany({ where: { recipient: email }, select: { key: true, state: true } });
    expect(mails.filter((m) => m.key === `invitation:${first.body.invitation.id}` && m.state === 'pending')).toEqual([]);
    expect(mails.map((m) => m.key)).toContain(`invitation:${second.body.invitation.id}`);
    expect((await api(`/api/invitations/${oldToken}/accept`, { json: { password: 'a-good-long-password' } })).status).toBe(404);
  });
});

describe('audit log', () => {
  it('records sign-ins and state changes in a chain that verifies, and refuses edits', async () => {
    const operator = await seedUser('operator');
    await signIn(operator.email, 'not-the-password');
    const failed = await api(`/api/v1/audit?action=auth.sign_in_failed&limit=500`, { token: operator.token });
    expect(failed.body.items.some((e: any) => e.details?.email === operator.email)).toBe(true);
    expect(JSON.stringify(failed.body)).not.toContain('not-the-password');
    // U+0000, which PostgreSQL cannot hold: refused like any wrong password, and audited too.
    const nulEmail = `${operator.email}\u0000x`;
    expect(await signIn(nulEmail, operator.password)).toBeNull();
    const afterNul = await api(`/api/v1/audit?action=auth.sign_in_failed&limit=500`, { token: operator.token });
    expect(afterNul.body.items.some((e: any) => e.details?.email === `${operator.email}\ufffdx`)).toBe(true);
    const verified = await api('/api/v1/audit/verify', { token: operator.token });
    expect(verified.body.ok).toBe(true);
    expect(verified.body.entries).toBeGreaterThan(3);

    const client = new Client({ connectionString: inject('databaseUrl') });
    await client.connect();
    const first = 'SELECT min(seq) FROM "AuditEntry"';
    await expect(client.query(`UPDATE "AuditEntry" SET action = 'forged' WHERE seq = (${first})`)).rejects.toThrow(/append-only/);
    await expect(client.query(`DELETE FROM "AuditEntry" WHERE seq = (${first})`)).rejects.toThrow(/append-only/);
    await client.end();
    expect((await verifyAuditChain()).ok).toBe(true);
  });

  it('numbers entries without gaps, also around a transaction that rolled back', async () => {
    const entry = (n: number) => ({ action: 'test.gapless', objectType: 'test', objectId: `gapless-${n}` });
    await db().$transaction(async (tx) => {
      for (let n = 0; n < 3; n += 1) await appendAudit(tx, cliActor, entry(n));
    });
    await expect(db().$transaction(async (tx) => {
      await appendAudit(tx, cliActor, entry(3));
      throw new Error('roll back');
    })).rejects.toThrow('roll back');
    await db().$transaction((tx) => appendAudit(tx, cliActor, entry(4)));
    // Every entry of this run's database was written after the migrations: one snapshot of the
    // whole log, whatever other test files append meanwhile.
    const [{ count, min, max }] = (await pool().query('SELECT count(*)::int AS count, min(seq)::int AS min, max(seq)::int AS max FROM "AuditEntry"')).rows;
    expect([min, max - min + 1]).toEqual([1, count]);
    const mine = await db().auditEntry.findMany({ where: { action: 'test.gapless' }, orderBy: { seq: 'asc' } });
    expect(mine.map((e) => e.objectId)).toEqual(['gapless-0', 'gapless-1', 'gapless-2', 'gapless-4']);
    expect((await verifyAuditChain()).ok).toBe(true);
  });
});

describe('audit export', () => {
  it('streams every entry oldest first as JSON Lines that verify offline, or as CSV; filters apply; operators only', async () => {
    const operator = await seedUser('operator');
    const t = await seedTenant('export');
    await api('/api/v1/csrs', { token: t.engineer.token, json: { csr: (await makeCsr(t.org.id)).pem } });

    const all = await api('/api/v1/audit/export', { token: operator.token });
    expect(all.status).toBe(200);
    expect(all.headers.get('content-type')).toMatch(/^application\/x-ndjson/);
    expect(all.headers.get('content-disposition')).toMatch(/^attachment; filename="trustgate-audit-\d{4}-\d{2}-\d{2}\.jsonl"$/);
    expect(all.headers.get('cache-control')).toBe('no-store');
    // Other test files append meanwhile: the export is a prefix of the chain, so it verifies as one.
    const report = verifyExportedChain(all.text);
    expect(report).toMatchObject({ ok: true, brokenAt: null, fromGenesis: true });
    const seqs = all.text.trim().split('\n').map((l) => BigInt(JSON.parse(l).seq));
    expect(seqs.every((s, i) => i === 0 || s > seqs[i - 1])).toBe(true);
    expect((await verifyAuditChain()).entries).toBeGreaterThanOrEqual(report.entries);

    const mine = await api(`/api/v1/audit/export?orgId=${t.org.id}`, { token: operator.token });
    const entries = mine.text.trim().split('\n').map((l) => JSON.parse(l));
    expect(entries.length).toBeGreaterThanOrEqual(2);
    expect(entries.every((e) => e.orgId === t.org.id)).toBe(true);
    expect(entries.map((e) => e.action)).toContain('csr.submit');
    expect(verifyExportedChain(mine.text, { filtered: true })).toMatchObject({ ok: true, entries: entries.length });

    const csv = await api(`/api/v1/audit/export?format=csv&orgId=${t.org.id}&action=csr.`, { token: operator.token });
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    const rows = csv.text.split('\r\n').filter(Boolean);
    expect(rows[0]).toBe('seq,at,actorEmail,actorId,orgId,address,action,objectType,objectId,details,prevHash,hash');
    expect(rows.length).toBe(1 + entries.filter((e) => e.action.startsWith('csr.')).length);
    expect(rows[1]).toContain(`,${t.engineer.email},`);

    expect((await api('/api/v1/audit/export', { token: t.admin.token })).status).toBe(403);
    expect((await api('/api/v1/audit/export')).status).toBe(401);
    const bad = await api('/api/v1/audit/export?format=xml', { token: operator.token });
    expect([bad.status, bad.body.error.code]).toEqual([422, 'validation_failed']);
  });
});
