// POST /api/v1/signatures/verify over HTTP: a request signed with the key of one of our
// certificates, with the certificate chosen by ID; keys pasted as PEM, JWK or shared secret;
// tenancy; and bad input that must be a 4xx with a code, never a 5xx.
import { KeyObject, createPublicKey, randomBytes } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { api, makeCsr, seedTenant, seedUser, type Member } from '../helpers';
import { contentDigest } from '../../lib/signatures/content-digest';
import { request, type HttpRequest } from '../../lib/signatures/message';
import { signMessage } from '../../lib/signatures/sign';
import { cases, sharedSecret, testRequest } from '../../lib/signatures/testing/rfc9421-appendix-b';

let operator: Member;
let a: Awaited<ReturnType<typeof seedTenant>>;
let b: Awaited<ReturnType<typeof seedTenant>>;
let cert: { id: string; fingerprintSha256: string };
let privateKey: KeyObject;

const raw = (m: HttpRequest) =>
  `${m.method} ${m.url.pathname}${m.url.search} HTTP/1.1\r\n${m.headers.map(([k, v]) => `${k}: ${v}`).join('\r\n')}\r\n\r\n${m.body ? Buffer.from(m.body).toString() : ''}`;

function signedPayment(keyid: string, body = '{"amount":"10.00","currency":"EUR"}') {
  const m = request('POST', 'https://localhost:8443/sandbox/v1/payments', { Host: 'localhost:8443', 'Content-Type': 'application/json', 'Content-Digest': contentDigest(body) }, body);
  signMessage(m, { components: ['@method', '@target-uri', 'content-digest'], params: { created: Math.floor(Date.now() / 1000), keyid }, key: privateKey, algorithm: 'ecdsa-p256-sha256' });
  return m;
}

beforeAll(async () => {
  operator = await seedUser('operator');
  a = await seedTenant('sig-a');
  b = await seedTenant('sig-b');
  const csr = await makeCsr(a.org.id, 'P-256');
  privateKey = KeyObject.from(csr.keys.privateKey);
  const submitted = await api('/api/v1/csrs', { token: a.engineer.token, json: { csr: csr.pem } });
  cert = (await api(`/api/v1/csrs/${submitted.body.id}/approve`, { token: operator.token, json: {} })).body.certificate;
});

const verify = (member: Member, body: Record<string, unknown>) => api('/api/v1/signatures/verify', { token: member.token, json: body });

describe('POST /api/v1/signatures/verify', () => {
  it('verifies a request signed with the key of our certificate, chosen by ID', async () => {
    const res = await verify(a.engineer, { request: raw(signedPayment(cert.fingerprintSha256)), certificateId: cert.id });
    expect(res.status).toBe(200);
    expect(res.body.valid).toBe(true);
    expect(res.body.signatures[0]).toMatchObject({ label: 'sig1', valid: true, algorithm: 'ecdsa-p256-sha256', keyid: cert.fingerprintSha256, problems: [] });
    expect(res.body.signatures[0].signatureBase).toContain('"@target-uri": https://localhost:8443/sandbox/v1/payments');
    expect(res.body.key).toMatchObject({ description: 'an EC P-256 key', expectedKeyid: cert.fingerprintSha256 });
    expect(res.body.contentDigest).toEqual({ present: true, valid: true });
  });

  it("answers in API.md's Verification shape", async () => {
    const res = await verify(a.engineer, { request: raw(signedPayment(cert.fingerprintSha256)), certificateId: cert.id });
    expect(Object.keys(res.body)).toEqual(expect.arrayContaining(['valid', 'signatures', 'contentDigest']));
    expect(Object.keys(res.body.signatures[0])).toEqual(
      expect.arrayContaining(['label', 'valid', 'algorithm', 'keyid', 'created', 'expires', 'components', 'signatureBase', 'problems']),
    );
    const noDigest = await verify(a.engineer, { request: 'GET /foo HTTP/1.1\r\nHost: example.com\r\n\r\n' });
    expect(noDigest.body.contentDigest).toEqual({ present: false, valid: false });
  });

  it('names the problems: wrong keyid, changed body, and a diff against the base their code built', async () => {
    const wrongKeyid = await verify(a.engineer, { request: raw(signedPayment('my-key')), certificateId: cert.id });
    expect(wrongKeyid.body.signatures[0].problems.map((p: { code: string }) => p.code)).toEqual(['keyid_mismatch']);

    const m = signedPayment(cert.fingerprintSha256);
    const tampered = raw(m).replace('10.00', '99.00');
    const changed = await verify(a.engineer, { request: tampered, certificateId: cert.id });
    expect(changed.body.valid).toBe(false);
    expect(changed.body.signatures[0].problems.map((p: { code: string }) => p.code)).toContain('content_digest_mismatch');
    expect(changed.body.contentDigest).toEqual({ present: true, valid: false });

    const ours = (await verify(a.engineer, { request: raw(m), certificateId: cert.id })).body.signatures[0].signatureBase as string;
    const theirs = ours.replace('"@method": POST', '"@method": post') + '\n';
    const diffed = await verify(a.engineer, { request: raw(m), certificateId: cert.id, signatureBase: theirs });
    expect(diffed.body.signatures[0].problems.map((p: { code: string }) => p.code)).toEqual(['base_trailing_newline']);
    expect(diffed.body.signatures[0].diff.filter((d: { op: string }) => d.op !== 'same')).toEqual([
      { op: 'ours', text: '"@method": POST' },
      { op: 'theirs', text: '"@method": post' },
    ]);
  });

  it('takes a pasted PEM or JWK public key, or a shared secret (RFC 9421 B.2.5)', async () => {
    const m = signedPayment('k');
    const pem = createPublicKey(privateKey).export({ format: 'pem', type: 'spki' }).toString();
    expect((await verify(a.engineer, { request: raw(m), publicKey: pem })).body.valid).toBe(true);
    const jwk = createPublicKey(privateKey).export({ format: 'jwk' });
    expect((await verify(a.engineer, { request: raw(m), publicKey: jwk })).body.valid).toBe(true);
    const hmac = `${testRequest.replace('\n\n', `\nSignature-Input: ${cases.b25.signatureInput}\nSignature: ${cases.b25.signature}\n\n`)}`;
    const res = await verify(a.engineer, { request: hmac, sharedSecret, now: 1618884473 });
    expect(res.body.valid).toBe(true);
    expect(res.body.signatures[0].signatureBase).toBe(cases.b25.base);
    // B.2.5 does not cover content-digest: valid, with a warning that nothing protects the body.
    expect(res.body.warnings.map((w: { code: string }) => w.code)).toEqual(['body_not_covered']);
    expect((await verify(a.engineer, { request: raw(signedPayment('k')), publicKey: pem })).body.warnings).toEqual([]);
  });

  it('a body that no longer matches its Content-Digest is not valid, also when no signature covers the digest', async () => {
    const hmac = `${testRequest.replace('\n\n', `\nSignature-Input: ${cases.b25.signatureInput}\nSignature: ${cases.b25.signature}\n\n`)}`;
    const tampered = hmac.replace('"hello": "world"', '"hello": "world", "x": 1');
    expect(tampered).not.toBe(hmac);
    const res = await verify(a.engineer, { request: tampered, sharedSecret, now: 1618884473 });
    expect(res.body.signatures[0].valid).toBe(true); // what it covers is unchanged
    expect(res.body.valid).toBe(false);
    expect(res.body.problems.map((p: { code: string }) => p.code)).toEqual(['content_digest_mismatch']);
    expect(res.body.contentDigest).toEqual({ present: true, valid: false });
    expect(res.body.warnings.map((w: { code: string }) => w.code)).toEqual(['body_not_covered', 'content_length_mismatch']);
  });

  it("another organization's certificate is 404", async () => {
    const res = await verify(b.engineer, { request: raw(signedPayment(cert.fingerprintSha256)), certificateId: cert.id });
    expect(res.status).toBe(404);
  });

  it('refuses private keys and unreadable input with a 4xx code', async () => {
    const pkcs8 = privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
    const priv = await verify(a.engineer, { request: raw(signedPayment('k')), publicKey: pkcs8 });
    expect([priv.status, priv.body.error.code]).toEqual([422, 'private_key_detected']);
    expect(priv.text).not.toContain(pkcs8.split('\n')[1]);
    const jwkPriv = await verify(a.engineer, { request: raw(signedPayment('k')), publicKey: privateKey.export({ format: 'jwk' }) });
    expect(jwkPriv.body.error.code).toBe('private_key_detected');
    const badKey = await verify(a.engineer, { request: raw(signedPayment('k')), publicKey: 'not a key' });
    expect([badKey.status, badKey.body.error.code]).toEqual([422, 'invalid_key']);
    const badMessage = await verify(a.engineer, { request: 'hello world' });
    expect([badMessage.status, badMessage.body.error.code]).toEqual([422, 'malformed_http_message']);
    const two = await verify(a.engineer, { request: raw(signedPayment('k')), sharedSecret: 'YQ==', certificateId: cert.id });
    expect(two.status).toBe(422);
  });

  it('never answers 5xx to mangled requests', async () => {
    const base = raw(signedPayment(cert.fingerprintSha256));
    const statuses = new Set<number>();
    for (let i = 0; i < 150; i++) {
      const chars = [...base];
      for (let j = 0; j < 1 + (i % 8); j++) {
        const at = randomBytes(2).readUInt16BE() % chars.length;
        chars[at] = String.fromCharCode(randomBytes(1)[0] % 128);
      }
      const res = await verify(a.engineer, { request: i % 10 === 0 ? chars.join('').slice(0, i * 3) || 'x' : chars.join(''), certificateId: cert.id });
      statuses.add(res.status);
      expect(res.status, res.text).toBeLessThan(500);
    }
    expect([...statuses].every((s) => s === 200 || s === 422)).toBe(true);
  });
});
