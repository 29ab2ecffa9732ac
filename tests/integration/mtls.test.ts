// The mTLS listener and the sandbox behind it, over real TLS: handshakes with node:tls and
// openssl s_client, the three layers of every sandbox call, idempotency, and the token
// endpoint on the mTLS port binding tokens to the presented certificate.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { connect } from 'node:tls';
import { generateKeyPairSync, KeyObject } from 'node:crypto';
import { beforeAll, describe, expect, it, inject } from 'vitest';
import { api, seedTenant, seedUser, type Member } from '../helpers';
import { createClient } from '../oauth-helpers';
import { issueIdentity, mtlsToken, mtlsUrl, sandboxCall, type Identity } from '../mtls-helpers';
import { x509 } from '../../lib/pki/x509';
import { loadIssuingCa } from '../../lib/pki/ca-store';
import { signMessage } from '../../lib/signatures/sign';
import { request as message } from '../../lib/signatures/message';

let operator: Member;
let a: Awaited<ReturnType<typeof seedTenant>>;
let b: Awaited<ReturnType<typeof seedTenant>>;
let alice: Identity;
let alice2: Identity;
let bob: Identity;
let boundClient: Awaited<ReturnType<typeof createClient>>;

beforeAll(async () => {
  operator = await seedUser('operator');
  a = await seedTenant('mtls-a');
  b = await seedTenant('mtls-b');
  alice = await issueIdentity(a.engineer, operator, 'P-256');
  alice2 = await issueIdentity(a.engineer, operator, 'P-384');
  bob = await issueIdentity(b.engineer, operator, 'Ed25519');
  boundClient = await createClient(a.engineer, { name: 'mtls client', certificateBound: true });
});

const port = () => inject('mtlsPort');

function handshake(options: { key?: string; cert?: string; ca: string; maxVersion?: 'TLSv1.2' | 'TLSv1.3' }): Promise<{ ok: boolean; protocol?: string | null; error?: string; answer?: string }> {
  return new Promise((resolve) => {
    const socket = connect({ host: 'localhost', port: port(), servername: 'localhost', ...options }, () => {
      // TLS 1.3 reports client-certificate refusal after the handshake: wait for a read.
      socket.write('GET /sandbox/v1/payments/x HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n');
    });
    let data = '';
    socket.on('data', (d) => (data += d));
    socket.on('end', () => resolve(data.startsWith('HTTP/1.1') ? { ok: true, protocol: socket.getProtocol(), answer: data } : { ok: false, error: 'closed without an answer' }));
    socket.on('error', (e) => resolve({ ok: false, error: e.message }));
    socket.setTimeout(5000, () => { socket.destroy(); resolve({ ok: false, error: 'timeout' }); });
  });
}

describe('mTLS handshakes', () => {
  it('TLS 1.3 with our certificate works; TLS 1.2 and no certificate are refused', async () => {
    expect(await handshake({ key: alice.keyPem, cert: alice.certPem, ca: alice.caPem })).toMatchObject({ ok: true, protocol: 'TLSv1.3' });
    expect((await handshake({ key: alice.keyPem, cert: alice.certPem, ca: alice.caPem, maxVersion: 'TLSv1.2' })).ok).toBe(false);
    expect((await handshake({ ca: alice.caPem })).ok).toBe(false);
  });

  it("another CA's certificate and an expired certificate of ours are refused", async () => {
    const keys = (await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, ['sign', 'verify'])) as CryptoKeyPair;
    const foreign = await x509.X509CertificateGenerator.createSelfSigned({ serialNumber: '01', name: `CN=${a.org.id}`, notBefore: new Date(Date.now() - 60_000), notAfter: new Date(Date.now() + 86_400_000), keys, signingAlgorithm: { name: 'ECDSA', hash: 'SHA-256' } });
    const foreignKey = KeyObject.from(keys.privateKey).export({ format: 'pem', type: 'pkcs8' }).toString();
    expect((await handshake({ key: foreignKey, cert: foreign.toString('pem'), ca: alice.caPem })).ok).toBe(false);

    const issuer = await loadIssuingCa();
    const expired = await x509.X509CertificateGenerator.create({
      serialNumber: '0a0b', subject: `CN=${a.org.id}`, issuer: issuer.certificate.subject, notBefore: new Date(Date.now() - 3 * 86_400_000), notAfter: new Date(Date.now() - 86_400_000),
      publicKey: keys.publicKey, signingKey: issuer.privateKey, signingAlgorithm: { name: 'ECDSA', hash: 'SHA-384' },
      extensions: [new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.clientAuth])],
    });
    expect((await handshake({ key: foreignKey, cert: expired.toString('pem'), ca: alice.caPem })).ok).toBe(false);
  });

  it('openssl s_client: TLS 1.2 refused, TLS 1.3 with the client certificate accepted', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'tg-sclient-'));
    writeFileSync(path.join(dir, 'key.pem'), alice.keyPem);
    writeFileSync(path.join(dir, 'cert.pem'), alice.certPem);
    writeFileSync(path.join(dir, 'ca.pem'), alice.caPem);
    const run = (version: string) => spawnSync('openssl', ['s_client', '-connect', `localhost:${port()}`, version, '-cert', 'cert.pem', '-key', 'key.pem', '-CAfile', 'ca.pem', '-verify_return_error', '-brief'], { cwd: dir, input: '', encoding: 'utf8', timeout: 15_000 });
    const old = run('-tls1_2');
    expect(old.status).not.toBe(0);
    const modern = run('-tls1_3');
    expect(modern.stderr + modern.stdout).toMatch(/Protocol version: TLSv1\.3/);
    expect(modern.stderr + modern.stdout).toMatch(/Verification: OK/);
    // curl with the same files reaches the sandbox, which then asks for a token.
    const curl = execFileSync('curl', ['-s', '--cacert', 'ca.pem', '--cert', 'cert.pem', '--key', 'key.pem', mtlsUrl('/sandbox/v1/payments/00000000-0000-0000-0000-000000000000')], { cwd: dir, encoding: 'utf8' });
    expect(JSON.parse(curl).error).toMatchObject({ layer: 'token', code: 'token_missing' });
  });

  it('a revoked certificate is refused within a second', async () => {
    const victim = await issueIdentity(a.engineer, operator);
    expect((await handshake({ key: victim.keyPem, cert: victim.certPem, ca: victim.caPem })).ok).toBe(true);
    await api(`/api/v1/certificates/${victim.certificateId}/revoke`, { token: a.admin.token, json: { reason: 'keyCompromise' } });
    await new Promise((r) => setTimeout(r, 1100));
    // Refused with a 401 that names the layer and the reason, then closed: never served. Ten
    // tries, so a race between the handshake's check and the request's would show.
    for (let i = 0; i < 10; i += 1) {
      const after = await handshake({ key: victim.keyPem, cert: victim.certPem, ca: victim.caPem });
      expect(after.answer).toMatch(/^HTTP\/1\.1 401 /);
      expect(after.answer).toMatch(/connection: close/i);
      expect(JSON.parse(after.answer!.slice(after.answer!.indexOf('\r\n\r\n') + 4)).error).toMatchObject({ code: 'certificate_revoked', layer: 'mtls' });
    }
    // A connection that sends nothing is closed by the server soon after the handshake.
    const idle = await new Promise<string>((resolve) => {
      const socket = connect({ host: 'localhost', port: port(), servername: 'localhost', key: victim.keyPem, cert: victim.certPem, ca: victim.caPem });
      const started = Date.now();
      socket.on('close', () => resolve(`closed after ${Date.now() - started} ms`));
      socket.on('error', () => undefined);
      socket.setTimeout(8000, () => { socket.destroy(); resolve('still open'); });
    });
    expect(idle).toMatch(/^closed after/);
  });
});

describe('the sandbox: three layers', () => {
  it('tls_client_auth on the mTLS port gives a certificate-bound token; a signed payment is created once', async () => {
    const { access_token } = await mtlsToken(alice, boundClient.clientId);
    const claims = JSON.parse(Buffer.from(access_token.split('.')[1], 'base64url').toString());
    expect(claims.cnf['x5t#S256']).toBeDefined();
    const pay = () => sandboxCall(alice, { method: 'POST', path: '/sandbox/v1/payments', token: access_token, body: { amount: '12.50', currency: 'EUR', reference: 'inv-1' }, headers: [['Idempotency-Key', 'pay-1']] });
    const first = await pay();
    expect(first.status, JSON.stringify(first.body)).toBe(201);
    expect(first.body).toMatchObject({ amount: '12.50', currency: 'EUR', reference: 'inv-1', status: 'accepted' });
    expect(first.tls.protocol).toBe('TLSv1.3');
    const again = await pay();
    expect([again.status, again.body.id]).toEqual([201, first.body.id]);
    const other = await sandboxCall(alice, { method: 'POST', path: '/sandbox/v1/payments', token: access_token, body: { amount: '99.00', currency: 'EUR', reference: 'inv-1' }, headers: [['Idempotency-Key', 'pay-1']] });
    expect([other.status, other.body.error.code]).toEqual([422, 'idempotency_key_reused']);
    const read = await sandboxCall(alice, { method: 'GET', path: `/sandbox/v1/payments/${first.body.id}`, token: access_token });
    expect([read.status, read.body.id]).toEqual([200, first.body.id]);
    const noKey = await sandboxCall(alice, { method: 'POST', path: '/sandbox/v1/payments', token: access_token, body: { amount: '1.00', currency: 'EUR', reference: 'x' } });
    expect([noKey.status, noKey.body.error.code]).toEqual([400, 'idempotency_key_required']);
    // PostgreSQL refuses U+0000 in text: it must not reach a batch (which would fail every payment in it).
    const nul = await sandboxCall(alice, { method: 'POST', path: '/sandbox/v1/payments', token: access_token, body: { amount: '1.00', currency: 'EUR', reference: 'a\u0000b' }, headers: [['Idempotency-Key', 'pay-nul']] });
    expect([nul.status, nul.body.error?.code]).toEqual([422, 'validation_failed']);
  });

  it('payments in flight together are written in one batch, and a key repeated within it still creates exactly one payment', async () => {
    const { access_token } = await mtlsToken(alice, boundClient.clientId);
    const pay = (key: string, amount: string) =>
      sandboxCall(alice, { method: 'POST', path: '/sandbox/v1/payments', token: access_token, body: { amount, currency: 'EUR', reference: `batch-${key}` }, headers: [['Idempotency-Key', key]] });
    const tag = `batch-${Date.now()}`;
    const results = await Promise.all([
      ...Array.from({ length: 12 }, (_, i) => pay(`${tag}-${i}`, `${i + 1}.00`)),
      ...Array.from({ length: 4 }, () => pay(`${tag}-same`, '7.00')),
      pay(`${tag}-same`, '8.00'),
    ]);
    const distinct = results.slice(0, 12);
    expect(distinct.map((r) => r.status)).toEqual(Array(12).fill(201));
    expect(new Set(distinct.map((r) => r.body.id)).size).toBe(12);
    expect(distinct.map((r) => r.body.amount)).toEqual(Array.from({ length: 12 }, (_, i) => `${i + 1}.00`));
    // One of the four identical requests created the payment, the others were answered with it;
    // the request with another body under the same key was refused, whichever came first.
    const same = results.slice(12, 16);
    const sameIds = new Set(same.filter((r) => r.status === 201).map((r) => r.body.id));
    const other = results[16];
    if (other.status === 201) {
      expect(same.every((r) => r.status === 422 && r.body.error.code === 'idempotency_key_reused')).toBe(true);
    } else {
      expect([other.status, other.body.error.code]).toEqual([422, 'idempotency_key_reused']);
      expect(same.map((r) => r.status)).toEqual([201, 201, 201, 201]);
      expect(sameIds.size).toBe(1);
      expect(same.filter((r) => r.headers?.['idempotent-replayed'] === 'true').length).toBe(3);
    }
  });

  it('token layer: missing, bound to another certificate, another organization, wrong scope', async () => {
    const { access_token } = await mtlsToken(alice, boundClient.clientId);
    const missing = await sandboxCall(alice, { method: 'GET', path: '/sandbox/v1/payments/00000000-0000-0000-0000-000000000000' });
    expect(missing.body.error).toMatchObject({ layer: 'token', code: 'token_missing' });
    const otherCert = await sandboxCall(alice2, { method: 'GET', path: '/sandbox/v1/payments/00000000-0000-0000-0000-000000000000', token: access_token });
    expect([otherCert.status, otherCert.body.error.layer, otherCert.body.error.code]).toEqual([401, 'token', 'token_certificate_mismatch']);
    const otherOrg = await sandboxCall(bob, { method: 'GET', path: '/sandbox/v1/payments/00000000-0000-0000-0000-000000000000', token: access_token });
    expect(otherOrg.body.error).toMatchObject({ layer: 'token', code: 'token_wrong_organization' });
    const readOnly = await createClient(a.engineer, { name: 'reader', scopes: ['payments:read'] });
    const basicToken = await api('/oauth/token', { body: new URLSearchParams({ grant_type: 'client_credentials' }), headers: { authorization: `Basic ${Buffer.from(`${readOnly.clientId}:${readOnly.clientSecret}`).toString('base64')}`, 'content-type': 'application/x-www-form-urlencoded' } });
    const write = await sandboxCall(alice, { method: 'POST', path: '/sandbox/v1/payments', token: basicToken.body.access_token, body: { amount: '1.00', currency: 'EUR', reference: 'x' }, headers: [['Idempotency-Key', 'scope-1']] });
    expect(write.body.error).toMatchObject({ layer: 'token', code: 'insufficient_scope' });
  });

  it('signature layer: a replay with a changed body, a missing signature, a wrong keyid', async () => {
    const { access_token } = await mtlsToken(alice, boundClient.clientId);
    const changed = await sandboxCall(alice, {
      method: 'POST', path: '/sandbox/v1/payments', token: access_token, body: { amount: '10.00', currency: 'EUR', reference: 'r' }, headers: [['Idempotency-Key', 'sig-1']],
      tamper: (headers, body) => ({ headers, body: body!.replace('10.00', '10000.00') }),
    });
    expect([changed.status, changed.body.error.layer, changed.body.error.code]).toEqual([401, 'signature', 'content_digest_mismatch']);
    const unsigned = await sandboxCall(alice, {
      method: 'GET', path: '/sandbox/v1/payments/00000000-0000-0000-0000-000000000000', token: access_token,
      tamper: (headers) => ({ headers: headers.filter(([n]) => !/^signature/i.test(n)) }),
    });
    expect(unsigned.body.error).toMatchObject({ layer: 'signature', code: 'signature_input_missing' });

    const m = message('GET', mtlsUrl('/sandbox/v1/payments/00000000-0000-0000-0000-000000000000'), [['Host', `localhost:${port()}`], ['Authorization', `Bearer ${access_token}`]]);
    const { createPrivateKey } = await import('node:crypto');
    signMessage(m, { components: ['@method', '@target-uri'], params: { created: Math.floor(Date.now() / 1000), keyid: 'my-key' }, key: createPrivateKey(alice.keyPem), algorithm: 'ecdsa-p256-sha256' });
    const wrongKeyid = await sandboxCall(alice, { method: 'GET', path: '/sandbox/v1/payments/00000000-0000-0000-0000-000000000000', tamper: () => ({ headers: m.headers }) });
    expect(wrongKeyid.body.error).toMatchObject({ layer: 'signature', code: 'keyid_mismatch' });
  });

  it('the sandbox is not on the portal port, and an organization sees only its own payments', async () => {
    expect((await api('/sandbox/v1/payments', { method: 'POST', json: {} })).status).toBe(404);
    const bobClient = await createClient(b.engineer, { name: 'bob', certificateBound: true });
    const { access_token } = await mtlsToken(bob, bobClient.clientId);
    const aliceToken = (await mtlsToken(alice, boundClient.clientId)).access_token;
    const created = await sandboxCall(alice, { method: 'POST', path: '/sandbox/v1/payments', token: aliceToken, body: { amount: '5.00', currency: 'EUR', reference: 'mine' }, headers: [['Idempotency-Key', 'tenancy-1']] });
    const peek = await sandboxCall(bob, { method: 'GET', path: `/sandbox/v1/payments/${created.body.id}`, token: access_token });
    expect([peek.status, peek.body.error.code]).toEqual([404, 'not_found']);
    // Thirty-six characters that are not a UUID name no payment either (not a database error).
    const malformed = await sandboxCall(bob, { method: 'GET', path: `/sandbox/v1/payments/${'-'.repeat(36)}`, token: access_token });
    expect([malformed.status, malformed.body.error.code]).toEqual([404, 'not_found']);
  });
});
