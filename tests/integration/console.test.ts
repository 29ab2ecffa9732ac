// The test console end to end: a live call through the real mTLS listener as the sandbox
// identity, with a real token and signature; the sandbox CA's certificates authenticate only
// the sandbox client; runs are per organization.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { api, seedTenant, seedUser, type Member } from '../helpers';
import { createClient } from '../oauth-helpers';
import { issueIdentity, mtlsToken, mtlsUrl } from '../mtls-helpers';
import { ensureSandboxIdentity } from '../../lib/sandbox/identity';
import { identityAgent, mtlsFetch } from '../../lib/sandbox/mtls-client';

let operator: Member;
let a: Awaited<ReturnType<typeof seedTenant>>;
let b: Awaited<ReturnType<typeof seedTenant>>;

beforeAll(async () => {
  operator = await seedUser('operator');
  a = await seedTenant('console-a');
  b = await seedTenant('console-b');
});

const run = (member: Member, body: unknown) => api('/api/v1/console/requests', { token: member.token, json: body });

describe('POST /api/v1/console/requests', () => {
  it('creates a payment live, through mTLS, a real token and a real signature, and shows every step', async () => {
    const res = await run(a.engineer, { method: 'POST', path: '/sandbox/v1/payments', body: { amount: '25.00', currency: 'EUR', reference: 'console-1' } });
    expect(res.status, res.text).toBe(200);
    const trace = res.body;
    expect(trace.verdict).toBe('passed');
    expect(trace.tls).toMatchObject({ protocol: 'TLSv1.3' });
    expect(trace.tls.clientCertificate).toContain(`CN=${a.org.id}`);
    // The console's second connection would resume the first one's TLS session, which carries no server certificate.
    expect(trace.tls.serverCertificate).toMatch(/^CN=.+ \(issued by CN=.+; SHA-256 [0-9a-f]{64}\)$/);
    expect(trace.token).toMatchObject({ status: 200, authMethod: expect.stringContaining('tls_client_auth') });
    expect(trace.token.accessToken).toMatch(/…/);
    expect(trace.token.claims).toMatchObject({ org_id: a.org.id, cnf: { 'x5t#S256': expect.any(String) } });
    expect(trace.signature.base).toMatch(/^"@method": POST\n"@target-uri": https:\/\/localhost:\d+\/sandbox\/v1\/payments\n"content-digest": sha-256=:/);
    expect(trace.signature.signatureInput).toMatch(/^sig1=\("@method" "@target-uri" "content-digest" "idempotency-key"\);created=\d+;keyid="[0-9a-f]{64}"$/);
    expect(trace.response.status).toBe(201);
    expect(trace.response.body).toMatchObject({ amount: '25.00', currency: 'EUR', reference: 'console-1' });
    expect(trace.layers).toEqual([
      { layer: 'mtls', passed: true, detail: null },
      { layer: 'token', passed: true, detail: null },
      { layer: 'signature', passed: true, detail: null },
    ]);
    expect(trace.snippets.curl).toContain('--cert client-cert.pem --key client-key.pem');
    expect(trace.snippets.node).toContain("dsaEncoding: 'ieee-p1363'");
    expect(JSON.stringify(trace)).not.toMatch(/eyJ[\w-]{20,}\.[\w-]{20,}\.[\w-]{20,}/);

    const read = await run(a.engineer, { method: 'GET', path: `/sandbox/v1/payments/${trace.response.body.id}` });
    expect([read.body.response.status, read.body.verdict]).toEqual([200, 'passed']);
    const invalid = await run(a.engineer, { method: 'POST', path: '/sandbox/v1/payments', body: { amount: 'lots', currency: 'EUR', reference: 'x' } });
    expect([invalid.body.response.status, invalid.body.verdict]).toEqual([422, 'failed']);
    expect(invalid.body.layers.every((l: { passed: boolean }) => l.passed)).toBe(true);
  });

  it("the Node.js snippet, run with the engineer's own certificate and key, gets a 201", async () => {
    const trace = (await run(a.engineer, { method: 'POST', path: '/sandbox/v1/payments', body: { amount: '3.00', currency: 'EUR', reference: 'snippet' } })).body;
    const own = await issueIdentity(a.engineer, operator, 'P-384');
    const client = await createClient(a.engineer, { name: 'snippet', certificateBound: true });
    const { access_token } = await mtlsToken(own, client.clientId);
    const dir = mkdtempSync(path.join(tmpdir(), 'tg-snippet-'));
    writeFileSync(path.join(dir, 'client-cert.pem'), own.certPem);
    writeFileSync(path.join(dir, 'client-key.pem'), own.keyPem);
    writeFileSync(path.join(dir, 'ca.pem'), own.caPem);
    // A fresh Idempotency-Key: the console's own run already used the one in the snippet.
    writeFileSync(path.join(dir, 'sign-and-send.mjs'), trace.snippets.node.replace(/"Idempotency-Key":"[^"]+"/, '"Idempotency-Key":"snippet-run"'));
    const out = execFileSync(process.execPath, ['sign-and-send.mjs'], { cwd: dir, env: { ...process.env, ACCESS_TOKEN: access_token }, encoding: 'utf8' });
    expect(out).toMatch(/^201 \{.*"reference":"snippet"/);
  });

  it('keeps recent runs per organization; operators and bad input are refused', async () => {
    const mine = await api('/api/v1/console/requests', { token: a.admin.token });
    expect(mine.body.items.length).toBeGreaterThanOrEqual(3);
    const theirs = await api('/api/v1/console/requests', { token: b.engineer.token });
    expect(theirs.body.items).toEqual([]);
    expect((await api(`/api/v1/console/requests/${mine.body.items[0].id}`, { token: b.engineer.token })).status).toBe(404);
    expect((await api(`/api/v1/console/requests/${mine.body.items[0].id}`, { token: a.engineer.token })).body.verdict).toBeDefined();
    expect((await run(operator, { method: 'GET', path: '/sandbox/v1/payments/x' })).status).toBe(403);
    expect((await run(a.engineer, { method: 'DELETE', path: '/sandbox/v1/payments' })).status).toBe(422);
    expect((await run(a.engineer, { method: 'GET', path: '/api/v1/me' })).status).toBe(422);
  });

  it('refuses paths that leave the sandbox and header values Node cannot send: 422, never a 5xx', async () => {
    for (const path of ['/sandbox/../oauth/token', '/sandbox/%2e%2e/oauth/token', '/sandbox/%2E./oauth/token', '/sandbox/v1/./payments', '/sandbox/v1/..?x=1']) {
      const res = await run(a.engineer, { method: 'GET', path });
      expect([res.status, res.body.error?.code], path).toEqual([422, 'validation_failed']);
      expect(res.body.error.message, path).toContain('segments');
    }
    for (const value of ['☃', 'a\u0001b', 'caf\u00e9', 'a\u007fb']) {
      const res = await run(a.engineer, { method: 'GET', path: '/sandbox/v1/payments/x', headers: { 'X-Note': value } });
      expect([res.status, res.body.error?.code], JSON.stringify(value)).toEqual([422, 'validation_failed']);
    }
    // A dot inside a segment is an ordinary character, and a tab is a legal header value.
    const fine = await run(a.engineer, { method: 'GET', path: '/sandbox/v1/payments/a.b..c', headers: { 'X-Note': 'tab\there' } });
    expect(fine.status).toBe(200);
  });

  it("a sandbox certificate authenticates the sandbox client only, not the organization's own clients", async () => {
    const identity = await ensureSandboxIdentity(a.org.id);
    const caPem = (await api('/pki/ca.pem')).text;
    const agent = identityAgent({ keyPem: identity.keyPem, certPem: identity.certPem, caPem }, false);
    const bound = await createClient(a.engineer, { name: 'real client', certificateBound: true });
    const form = (clientId: string) => ({ method: 'POST', headers: [['content-type', 'application/x-www-form-urlencoded']] as [string, string][], body: `grant_type=client_credentials&client_id=${clientId}` });
    expect((await mtlsFetch(mtlsUrl('/oauth/token'), form(bound.clientId), agent)).status).toBe(401);
    expect((await mtlsFetch(mtlsUrl('/oauth/token'), form(identity.clientId), agent)).status).toBe(200);
  });

  it('the console\'s own OAuth client is listed as managed and cannot be rotated, suspended or deleted by hand', async () => {
    const identity = await ensureSandboxIdentity(a.org.id);
    const listed = (await api('/api/v1/oauth-clients', { token: a.admin.token })).body.items as { id: string; clientId: string; managed: boolean }[];
    const own = listed.find((c) => c.clientId === identity.clientId)!;
    expect(own.managed).toBe(true);
    expect(listed.filter((c) => c.managed)).toHaveLength(1);
    for (const [path, init] of [
      [`/api/v1/oauth-clients/${own.id}/secrets`, { json: {} }],
      [`/api/v1/oauth-clients/${own.id}/suspend`, { json: {} }],
      [`/api/v1/oauth-clients/${own.id}`, { method: 'DELETE' }],
    ] as const) {
      const res = await api(path, { token: a.admin.token, ...init });
      expect([path, res.status, res.body.error?.code]).toEqual([path, 409, 'managed_client']);
    }
    // Still working: the console runs.
    const res = await run(a.engineer, { method: 'GET', path: '/sandbox/v1/payments/00000000-0000-4000-8000-000000000000' });
    expect(res.body.token.status).toBe(200);
  });
});
