// What an outside security review found, each pinned down: sessions that came back with a
// member invited back, links a removed admin still held, next-auth's 500s for bad input,
// sign-in failures that went uncounted for long e-mail addresses, and half surrogate pairs that
// failed whole batches of other organizations' writes.
import { describe, expect, it } from 'vitest';
import { api, baseUrl, makeCsr, seedTenant, seedUser, postSignIn, signIn } from '../helpers';
import { createClient } from '../oauth-helpers';
import { issueIdentity, mtlsToken, sandboxCall } from '../mtls-helpers';
import { x509 } from '../../lib/pki/x509';
import { db } from '../../lib/db/client';
import { cliActor } from '../../lib/auth/actor';
import { createUser } from '../../lib/orgs/users';
import { ACCOUNT_FAILURES } from '../../lib/auth/sign-in-limit';
import { throttledSeconds } from '../../lib/auth/sign-in-errors';


const idOf = async (email: string) => (await db().user.findUniqueOrThrow({ where: { email }, select: { id: true } })).id;
const linkToken = (url: string) => url.split('/invite/')[1];

describe('sessions of a removed member', () => {
  it('do not come back when the member is invited back: only a new sign-in works', async () => {
    const { org, admin, engineer } = await seedTenant('revive');
    const cookie = (await signIn(engineer.email, engineer.password))!;
    expect((await api('/api/v1/me', { headers: { cookie } })).status).toBe(200);

    expect((await api(`/api/v1/orgs/${org.id}/members/${await idOf(engineer.email)}`, { token: admin.token, method: 'DELETE' })).status).toBe(200);
    expect((await api('/api/v1/me', { headers: { cookie } })).status).toBe(401);

    const again = await api(`/api/v1/orgs/${org.id}/invitations`, { token: admin.token, json: { email: engineer.email, role: 'engineer' } });
    expect((await api(`/api/invitations/${linkToken(again.body.url)}/accept`, { json: { password: 'a-new-long-password' } })).status).toBe(201);

    // The cookie from before the removal (a shared machine, a stolen laptop) stays dead, on the API and on pages.
    const old = await api('/api/v1/me', { headers: { cookie } });
    expect([old.status, old.body.error.code]).toEqual([401, 'unauthenticated']);
    const page = await fetch(`${baseUrl()}/dashboard`, { redirect: 'manual', headers: { cookie } });
    expect(page.headers.get('location')).toMatch(/\/signin/);
    const fresh = (await signIn(engineer.email, 'a-new-long-password'))!;
    expect((await api('/api/v1/me', { headers: { cookie: fresh } })).body.user.email).toBe(engineer.email);
  });
});

describe('removing an organization admin', () => {
  it('ends the open invitations they made: a link they kept does not let them back in', async () => {
    const { org, admin } = await seedTenant('leaver');
    const leaver = await seedUser('org_admin', org.id);
    const made = await api(`/api/v1/orgs/${org.id}/invitations`, { token: leaver.token, json: { email: `back-door-${org.id}@example.test`, role: 'org_admin' } });
    expect(made.status).toBe(201);
    const kept = linkToken(made.body.url);
    const byOthers = await api(`/api/v1/orgs/${org.id}/invitations`, { token: admin.token, json: { email: `colleague-${org.id}@example.test`, role: 'engineer' } });

    const leaverId = await idOf(leaver.email);
    expect((await api(`/api/v1/orgs/${org.id}/members/${leaverId}`, { token: admin.token, method: 'DELETE' })).status).toBe(200);

    expect((await api(`/api/invitations/${kept}`)).status).toBe(404);
    expect((await api(`/api/invitations/${kept}/accept`, { json: { password: 'a-good-long-password' } })).status).toBe(404);
    expect(await db().mailMessage.count({ where: { key: `invitation:${made.body.invitation.id}`, state: 'pending' } })).toBe(0);
    // Another admin's invitation is theirs, and stays open.
    expect((await api(`/api/invitations/${linkToken(byOthers.body.url)}`)).status).toBe(200);
    const operator = await seedUser('operator');
    const audit = await api(`/api/v1/audit?action=member.remove&objectId=${leaverId}`, { token: operator.token });
    expect(audit.body.items[0].details.invitationsWithdrawn).toEqual([made.body.invitation.id]);
  });
});

describe('next-auth routes answer bad input with the error model, never a 5xx', () => {
  const jsonError = async (res: Response) => [res.status, res.headers.get('content-type')?.split(';')[0], (await res.json()).error?.code];

  it('a callbackUrl that is not http(s) or a path → 400 bad_request (next-auth said 500 "server configuration")', async () => {
    for (const path of ['/api/auth/signin', '/api/auth/csrf', '/api/auth/session', '/api/auth/providers']) {
      for (const callbackUrl of ['javascript:alert(1)', 'data:text/html,x', 'not a url']) {
        const res = await fetch(`${baseUrl()}${path}?callbackUrl=${encodeURIComponent(callbackUrl)}`, { redirect: 'manual' });
        expect(await jsonError(res), `${path} ${callbackUrl}`).toEqual([400, 'application/json', 'bad_request']);
      }
    }
    // What next-auth follows still works.
    expect((await fetch(`${baseUrl()}/api/auth/csrf?callbackUrl=%2Fdashboard`)).status).toBe(200);
  });

  it('a planted callback-url cookie is refused once and cleared, instead of failing every sign-in with a 500', async () => {
    const user = await seedUser('operator');
    const planted = 'next-auth.callback-url=javascript%3Aalert(1)';
    const session = await fetch(`${baseUrl()}/api/auth/session`, { headers: { cookie: planted } });
    expect(session.headers.getSetCookie().some((c) => /^next-auth\.callback-url=;.*Max-Age=0/i.test(c))).toBe(true);
    expect(await jsonError(session)).toEqual([400, 'application/json', 'bad_request']);
    const refused = await postSignIn(user.email, user.password, planted);
    expect(refused.status).toBe(400);
    expect(await signIn(user.email, user.password)).toBeTruthy();
  });

  it('an action next-auth lacks → 400 bad_request as JSON (it answered text/plain)', async () => {
    for (const [method, path] of [['GET', '/api/auth/nope'], ['POST', '/api/auth/session'], ['POST', '/api/auth/providers'], ['GET', '/api/auth/callback/other']]) {
      const res = await fetch(`${baseUrl()}${path}`, { method, redirect: 'manual' });
      expect(await jsonError(res), `${method} ${path}`).toEqual([400, 'application/json', 'bad_request']);
    }
  });

  it('a GET of the credentials callback → 405 method_not_allowed with Allow: POST (next-auth threw: 500)', async () => {
    const res = await fetch(`${baseUrl()}/api/auth/callback/credentials`, { redirect: 'manual' });
    expect(res.headers.get('allow')).toBe('POST');
    expect(await jsonError(res)).toEqual([405, 'application/json', 'method_not_allowed']);
  });
});

describe('sign-in failures for a long e-mail address', () => {
  it('are counted, audited and locked out like any other, and no database error reaches the browser', async () => {
    // A valid address of 250 characters: its budget key no longer fit the 255-character column.
    const org = (await seedTenant('long-mail')).org;
    const local = `long-${org.id}`;
    const email = `${local}@${'d'.repeat(60)}.${'e'.repeat(60)}.${'f'.repeat(60)}.${'g'.repeat(250 - local.length - 1 - 183 - 5)}.test`;
    expect(email.length).toBe(250);
    const password = 'the-right-password-1';
    await createUser(cliActor, { email, password, role: 'engineer', orgId: org.id });

    for (let i = 0; i < ACCOUNT_FAILURES; i += 1) {
      const answer = await (await postSignIn(email, `wrong-password-${i}`)).json();
      expect(answer.url).not.toMatch(/character|varying|column|relation/i);
      expect(new URL(answer.url, baseUrl()).searchParams.get('error')).toBe('CredentialsSignin');
    }
    const refused = await (await postSignIn(email, password)).json();
    expect(throttledSeconds(new URL(refused.url, baseUrl()).searchParams.get('error'))).toBeGreaterThan(0);
    const failures = await db().auditEntry.count({ where: { action: 'auth.sign_in_failed', details: { path: ['email'], equals: email } } });
    expect(failures).toBe(ACCOUNT_FAILURES + 1);
  });
});

describe('half of a UTF-16 surrogate pair (no character; PostgreSQL json refuses it)', () => {
  it('in a JSON body: 422 validation_failed on every kind of route, never a 500', async () => {
    const operator = await seedUser('operator');
    const { org, engineer } = await seedTenant('surrogate');
    const csr = (await api('/api/v1/csrs', { token: engineer.token, json: { csr: (await makeCsr(org.id)).pem } })).body;
    const lone = 'a\ud800b';
    const posts: [string, string, unknown][] = [
      [operator.token, `/api/v1/csrs/${csr.id}/reject`, { reason: lone }], // went into the mail outbox's jsonb: 500
      [engineer.token, '/api/v1/console/requests', { method: 'POST', path: '/sandbox/v1/payments', body: lone }], // the run's trace: 500
      [engineer.token, '/api/v1/oauth-clients', { name: lone, scopes: ['payments:read'] }], // stored as U+FFFD
      [engineer.token, '/api/v1/tokens', { ['\udc00']: 'in a key' }],
    ];
    for (const [token, path, json] of posts) {
      const res = await api(path, { token, json });
      expect([path, res.status, res.body.error?.code]).toEqual([path, 422, 'validation_failed']);
    }
    expect((await api(`/api/v1/csrs/${csr.id}`, { token: engineer.token })).body.status).toBe('pending');
  });

  it('in a CSR subject (a BMPString): 422 subject_mismatch, and the submissions batched with it go through', async () => {
    const { org, engineer } = await seedTenant('bmp');
    const keys = (await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, false, ['sign', 'verify'])) as CryptoKeyPair;
    const name = new x509.Name([{ '2.5.4.3': [{ utf8String: org.id }] }, { '2.5.4.10': [{ bmpString: 'a\ud800b' } as never] }]);
    const bad = (await x509.Pkcs10CertificateRequestGenerator.create({ name, keys, signingAlgorithm: { name: 'ECDSA', hash: 'SHA-256' } })).toString('pem');
    const good = await Promise.all([1, 2, 3].map(() => makeCsr(org.id)));
    const [refused, ...accepted] = await Promise.all([bad, ...good.map((c) => c.pem)].map((pem) => api('/api/v1/csrs', { token: engineer.token, json: { csr: pem } })));
    expect([refused.status, refused.body.error?.code]).toEqual([422, 'subject_mismatch']);
    expect(accepted.map((r) => r.status)).toEqual([201, 201, 201]);
  });

  it('in a sandbox payment reference: 422 validation_failed, and the payments batched with it go through', async () => {
    const operator = await seedUser('operator');
    const { engineer } = await seedTenant('pay-surrogate');
    const identity = await issueIdentity(engineer, operator, 'P-256');
    const { access_token } = await mtlsToken(identity, (await createClient(engineer, { name: 'surrogate', certificateBound: true })).clientId);
    const pay = (key: string, reference: string) =>
      sandboxCall(identity, { method: 'POST', path: '/sandbox/v1/payments', token: access_token, body: { amount: '1.00', currency: 'EUR', reference }, headers: [['Idempotency-Key', key]] });
    const tag = `sur-${Date.now()}`;
    const [refused, ...others] = await Promise.all([pay(`${tag}-bad`, 'a\ud800b'), ...[1, 2, 3].map((i) => pay(`${tag}-${i}`, `ok-${i}`))]);
    expect([refused.status, refused.body.error?.code]).toEqual([422, 'validation_failed']);
    expect(others.map((r) => r.status)).toEqual([201, 201, 201]);
  });
});
