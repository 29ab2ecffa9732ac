// Every route of the foundation for each role, and another organization's objects → 404.
import { beforeAll, describe, expect, it } from 'vitest';
import { api, makeCsr, navigation, seedTenant, seedUser, signIn, submitAndApprove, type Member } from '../helpers';

let operator: Member;
let a: Awaited<ReturnType<typeof seedTenant>>;
let b: Awaited<ReturnType<typeof seedTenant>>;
let csrId: string;
let certId: string;

beforeAll(async () => {
  operator = await seedUser('operator');
  a = await seedTenant('tenant-a');
  b = await seedTenant('tenant-b');
  certId = (await submitAndApprove(a.engineer, operator)).certificate.id;
  csrId = (await api('/api/v1/csrs', { token: a.engineer.token, json: { csr: (await makeCsr(a.org.id)).pem } })).body.id;
});

type Who = 'anonymous' | 'engineer' | 'org_admin' | 'operator' | 'other_engineer' | 'other_admin';
const tokenOf = (who: Who) =>
  ({ anonymous: undefined, engineer: a.engineer.token, org_admin: a.admin.token, operator: operator.token, other_engineer: b.engineer.token, other_admin: b.admin.token })[who];

// [method, path, body, expected status per caller]
const matrix = (): [string, string, unknown, Partial<Record<Who, number>>][] => [
  ['GET', '/api/v1/me', undefined, { anonymous: 401, engineer: 200, org_admin: 200, operator: 200 }],
  ['GET', '/api/v1/csrs', undefined, { anonymous: 401, engineer: 200, operator: 200, other_engineer: 200 }],
  ['GET', '/api/v1/csrs/pending-counts', undefined, { anonymous: 401, engineer: 403, org_admin: 403, operator: 200 }],
  ['GET', `/api/v1/csrs/${csrId}`, undefined, { anonymous: 401, engineer: 200, org_admin: 200, operator: 200, other_engineer: 404, other_admin: 404 }],
  ['POST', `/api/v1/csrs/${csrId}/approve`, {}, { anonymous: 401, engineer: 403, org_admin: 403, other_admin: 403 }],
  ['POST', `/api/v1/csrs/${csrId}/reject`, { reason: 'x' }, { anonymous: 401, engineer: 403, org_admin: 403 }],
  ['POST', `/api/v1/csrs/${csrId}/cancel`, {}, { anonymous: 401, other_engineer: 404, other_admin: 404, operator: 403 }],
  ['GET', '/api/v1/certificates', undefined, { anonymous: 401, engineer: 200, operator: 200 }],
  ['GET', `/api/v1/certificates/${certId}`, undefined, { anonymous: 401, engineer: 200, operator: 200, other_engineer: 404, other_admin: 404 }],
  ['GET', `/api/v1/certificates/${certId}/pem`, undefined, { anonymous: 401, engineer: 200, other_engineer: 404 }],
  ['POST', `/api/v1/certificates/${certId}/revoke`, { reason: 'superseded' }, { anonymous: 401, engineer: 403, other_admin: 404, other_engineer: 403 }],
  ['GET', '/api/v1/certificates/00000000-0000-0000-0000-000000000000', undefined, { engineer: 404, operator: 404 }],
  ['GET', '/api/v1/certificates/not-a-uuid', undefined, { engineer: 404 }],
  ['GET', '/api/v1/orgs', undefined, { anonymous: 401, engineer: 200, operator: 200 }],
  ['POST', '/api/v1/orgs', { id: 'new-org-x', name: 'X' }, { anonymous: 401, engineer: 403, org_admin: 403 }],
  ['GET', `/api/v1/orgs/${a.org.id}`, undefined, { engineer: 200, operator: 200, other_admin: 404 }],
  ['POST', `/api/v1/orgs/${a.org.id}/invitations`, { email: 'x@example.test' }, { anonymous: 401, engineer: 403, other_admin: 404 }],
  ['GET', '/api/v1/audit', undefined, { anonymous: 401, engineer: 403, org_admin: 403, operator: 200 }],
  ['GET', '/api/v1/audit/verify', undefined, { engineer: 403, operator: 200 }],
  ['GET', '/api/v1/tokens', undefined, { anonymous: 401, engineer: 200 }],
  ['POST', '/api/v1/csrs', { csr: 'x' }, { anonymous: 401, operator: 403 }],
];

describe('role × route matrix', () => {
  it('answers each caller as the roles allow, never 5xx', async () => {
    const failures: string[] = [];
    for (const [method, path, body, expected] of matrix()) {
      for (const [who, status] of Object.entries(expected) as [Who, number][]) {
        const res = await api(path, { method, token: tokenOf(who), json: body });
        if (res.status !== status) failures.push(`${method} ${path} as ${who}: ${res.status} (wanted ${status}) ${res.text.slice(0, 120)}`);
        if (res.status >= 400) expect(res.body.error.code).toMatch(/^[a-z_]+$/);
      }
    }
    expect(failures).toEqual([]);
  });

  it('an organization never sees another one in lists', async () => {
    const csrs = await api('/api/v1/csrs', { token: b.engineer.token });
    expect(csrs.body.items.every((c: any) => c.orgId === b.org.id)).toBe(true);
    const orgs = await api('/api/v1/orgs', { token: b.engineer.token });
    expect(orgs.body.items.map((o: any) => o.id)).toEqual([b.org.id]);
    const peek = await api(`/api/v1/csrs?orgId=${a.org.id}`, { token: b.engineer.token }); // the filter is for operators only
    expect(peek.body.items.every((c: any) => c.orgId === b.org.id)).toBe(true);
    // The queue is oldest first across every organization; other test files leave pending CSRs
    // in it meanwhile, so look for this one in its organization's part of the queue.
    const queue = await api(`/api/v1/csrs?status=pending&orgId=${a.org.id}`, { token: operator.token });
    expect(queue.body.items.some((c: any) => c.id === csrId)).toBe(true);
  });

  it('a revoked personal API token stops working at once', async () => {
    const t = await api('/api/v1/tokens', { token: a.engineer.token, json: { name: 'ci' } });
    expect(t.status).toBe(201);
    expect(t.body.token).toMatch(/^tgp_/);
    expect((await api('/api/v1/me', { token: t.body.token })).status).toBe(200);
    const listed = await api('/api/v1/tokens', { token: a.engineer.token });
    expect(JSON.stringify(listed.body)).not.toContain(t.body.token);
    expect((await api(`/api/v1/tokens/${t.body.apiToken.id}`, { method: 'DELETE', token: b.engineer.token })).status).toBe(404);
    expect((await api(`/api/v1/tokens/${t.body.apiToken.id}`, { method: 'DELETE', token: a.engineer.token })).status).toBe(200);
    expect((await api('/api/v1/me', { token: t.body.token })).status).toBe(401);
  });
});

describe('Idempotency-Key', () => {
  it('replays the first response for the same key and body, 422 for another body', async () => {
    const { pem } = await makeCsr(a.org.id);
    const headers = { 'idempotency-key': `key-${Date.now()}` };
    const first = await api('/api/v1/csrs', { token: a.engineer.token, json: { csr: pem }, headers });
    const second = await api('/api/v1/csrs', { token: a.engineer.token, json: { csr: pem }, headers });
    expect(first.status).toBe(201);
    expect(second.status).toBe(201);
    expect(second.body.id).toBe(first.body.id);
    expect(second.headers.get('idempotent-replayed')).toBe('true');
    const other = await api('/api/v1/csrs', { token: a.engineer.token, json: { csr: (await makeCsr(a.org.id)).pem }, headers });
    expect([other.status, other.body.error.code]).toEqual([422, 'idempotency_key_reused']);
  });

  it('an approval retried with its key returns the same certificate', async () => {
    const csr = (await api('/api/v1/csrs', { token: a.engineer.token, json: { csr: (await makeCsr(a.org.id)).pem } })).body;
    const headers = { 'idempotency-key': `approve-${csr.id}` };
    const first = await api(`/api/v1/csrs/${csr.id}/approve`, { token: operator.token, json: {}, headers });
    const second = await api(`/api/v1/csrs/${csr.id}/approve`, { token: operator.token, json: {}, headers });
    expect(first.status).toBe(200);
    expect(second.status).toBe(200);
    expect(second.body.certificate.id).toBe(first.body.certificate.id);
  });
});

describe('operator pages', () => {
  // Next renders a layout once per visit: a navigation request between two pages of one layout
  // (RSC: 1, with the router state that already holds it) gets only the new page's segment, so
  // the (admin) layout's role check does not run for it. Each page checks the role itself.
  const state = (...segments: (string | string[])[]): unknown =>
    segments.length ? [segments[0], { children: state(...segments.slice(1)) }] : ['__PAGE__', {}];
  const from = (page: string) => encodeURIComponent(JSON.stringify(['', { children: state('(admin)', 'admin', page) }]));
  const navigate = async (path: string, fromPage: string, cookie: string) =>
    (await navigation(path, { cookie, 'next-router-state-tree': from(fromPage) })).text();

  it('refuse an engineer on a navigation request that skips the layout', async () => {
    const operatorCookie = (await signIn(operator.email, operator.password))!;
    const engineerCookie = (await signIn(a.engineer.email, a.engineer.password))!;
    // [page, the page navigated from, text only that page's payload holds]
    const pages: [string, string, string][] = [
      ['/admin/audit', 'orgs', 'Every sign-in and state change'],
      ['/admin/orgs', 'audit', 'client companies'],
      ['/admin/queue', 'audit', 'Pending CSRs from every organization'],
      ['/admin/outbox', 'audit', 'Every e-mail Trustgate sends'],
      // The detail component's props (the id alone is also in the answer's route tree).
      [`/admin/orgs/${b.org.id}`, 'orgs', `"id":"${b.org.id}"`],
    ];
    for (const [path, fromPage, marker] of pages) {
      const asOperator = await navigate(path, fromPage, operatorCookie);
      expect(asOperator, path).toContain(marker);
      expect(asOperator, `${path}: the layout was not rendered for this request`).not.toContain('Skip to content');
      const asEngineer = await navigate(path, fromPage, engineerCookie);
      expect(asEngineer, path).not.toContain(marker);
      expect(asEngineer, `${path}: the page's own check sends the engineer home`).toMatch(/NEXT_REDIRECT;replace;\/;307;/);
    }
  });
});
