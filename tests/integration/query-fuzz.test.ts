// Every query parameter of every GET list endpoint, given values a loose check lets through but
// PostgreSQL refuses (out-of-range numbers and times, near-UUIDs, NUL bytes): a 4xx with a stable
// error code, never a 5xx. Found with it: a certificate-list cursor holding 36 dashes, or a time
// before 4713 BC, gave a 500.
import { beforeAll, describe, expect, it } from 'vitest';
import { x509 } from '../../lib/pki/x509';
import { api, makeCsr, seedTenant, seedUser, submitAndApprove, type Member } from '../helpers';

let operator: Member;
let tenant: Awaited<ReturnType<typeof seedTenant>>;

beforeAll(async () => {
  operator = await seedUser('operator');
  tenant = await seedTenant('qfuzz');
  await submitAndApprove(tenant.engineer, operator);
});

const cursor = (at: string, id: string) => Buffer.from(`${at}|${id}`).toString('base64url');
const HOSTILE = [
  '', ' ', 'abc', '-1', '0', '1.5', 'NaN', 'Infinity', '1e400', '9'.repeat(40), '-9223372036854775809', '9223372036854775808',
  '0000-01-01T00:00:00Z', '9999-12-31T23:59:59Z', '-271821-04-20T00:00:00.000Z', '2026-02-30T00:00:00Z',
  '-'.repeat(36), '00000000-0000-0000-0000-00000000000g', '\u0000', 'a\u0000b', '%', "'; DROP TABLE x; --", 'é'.repeat(300), 'x'.repeat(5000),
  cursor('2026-01-01T00:00:00.000Z', '-'.repeat(36)), cursor('2026-01-01T00:00:00.000Z', 'abcdef01-2345-6789-abcd-ef0123456789-'),
  cursor(new Date(-8.64e15).toISOString(), '00000000-0000-4000-8000-000000000000'), cursor(new Date(8.64e15).toISOString(), '00000000-0000-4000-8000-000000000000'),
];

// [path, the parameters it reads]
const ENDPOINTS: [string, string[]][] = [
  ['/api/v1/certificates', ['status', 'rotationDue', 'orgId', 'q', 'limit', 'cursor']],
  ['/api/v1/csrs', ['status', 'orgId', 'limit', 'cursor']],
  ['/api/v1/audit', ['action', 'orgId', 'actor', 'objectId', 'since', 'until', 'before', 'limit']],
  ['/api/v1/audit/export', ['format', 'action', 'orgId', 'actor', 'objectId', 'since', 'until', 'chain']],
  ['/api/v1/mail-outbox', ['state', 'limit', 'before', 'cursor']],
  ['/api/v1/dashboard', ['orgId']],
  ['/api/v1/oauth-clients', ['orgId', 'status', 'limit']],
];

describe('query parameters of the list endpoints', () => {
  for (const [path, params] of ENDPOINTS) {
    it(`${path}: hostile values get a 4xx or a 200, never a 5xx`, async () => {
      const failures: string[] = [];
      for (const param of params) {
        for (const value of HOSTILE) {
          for (const who of [operator, tenant.engineer]) {
            const res = await api(`${path}?${param}=${encodeURIComponent(value)}`, { token: who.token });
            const coded = res.status < 400 || typeof res.body?.error?.code === 'string';
            if (res.status >= 500 || !coded) failures.push(`${param}=${JSON.stringify(value.slice(0, 40))} as ${who.role}: ${res.status} ${res.text.slice(0, 120)}`);
          }
        }
      }
      expect(failures).toEqual([]);
    });
  }
});

describe('NUL characters in path parameters', () => {
  it('name nothing: 404, never a 500', async () => {
    for (const [method, path] of [['GET', '/api/v1/orgs/a%00b'], ['POST', '/api/v1/orgs/a%00b/invitations'], ['GET', '/api/v1/oauth-clients/a%00b'], ['GET', '/api/v1/csrs/a%00b']]) {
      const res = await api(path, { token: operator.token, method, json: method === 'POST' ? { email: 'x@example.test' } : undefined });
      expect([path, res.status, res.body.error?.code]).toEqual([path, 404, 'not_found']);
    }
  });
});

describe('NUL characters in JSON bodies', () => {
  it('are refused with 422 validation_failed before anything is written', async () => {
    const nul = 'a\u0000b';
    const posts: [string, unknown][] = [
      ['/api/v1/orgs', { id: 'nul-org', name: nul }],
      [`/api/v1/orgs/${tenant.org.id}/invitations`, { email: `x${nul}@example.test` }],
      ['/api/v1/csrs', { csr: `-----BEGIN CERTIFICATE REQUEST-----\n${nul}\n-----END CERTIFICATE REQUEST-----` }],
      ['/api/v1/tokens', { name: nul }],
      ['/api/v1/oauth-clients', { name: nul, orgId: tenant.org.id }],
      ['/api/v1/orgs', { [nul]: 'key with a NUL' }],
    ];
    for (const [path, json] of posts) {
      const res = await api(path, { token: operator.token, json });
      expect(res.status, path).toBe(422);
      expect(res.body.error.code, path).toBe('validation_failed');
    }
    expect((await api('/api/v1/orgs/nul-org', { token: operator.token })).status).toBe(404);
  });

  it('in a CSR subject (base64 in the body, so only the policy can see it): 422, and the other submissions of its batch go through', async () => {
    const keys = (await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-384' }, false, ['sign', 'verify'])) as CryptoKeyPair;
    const name = new x509.Name([{ '2.5.4.3': [{ utf8String: tenant.org.id }] }, { '2.5.4.10': [{ utf8String: 'a\u0000b' }] }]);
    const bad = (await x509.Pkcs10CertificateRequestGenerator.create({ name, keys, signingAlgorithm: { name: 'ECDSA', hash: 'SHA-384' } })).toString('pem');
    const good = await Promise.all([1, 2, 3].map(() => makeCsr(tenant.org.id)));
    const [refused, ...accepted] = await Promise.all([bad, ...good.map((c) => c.pem)].map((csr) => api('/api/v1/csrs', { token: tenant.engineer.token, json: { csr } })));
    expect([refused.status, refused.body.error.code]).toEqual([422, 'subject_mismatch']);
    expect(accepted.map((r) => r.status)).toEqual([201, 201, 201]);
  });
});
