// Interoperability both ways with an independent implementation (npm http-message-signatures),
// for every algorithm, over a request with a body; and the verifier's precise diagnoses for the
// mistakes signers make (that library's rsa-pss signer leaves the salt at its maximum).
import { createSecretKey, generateKeyPairSync, randomBytes, sign as nodeSign, type KeyObject } from 'node:crypto';
import { httpbis, createSigner, createVerifier } from 'http-message-signatures';
import { describe, expect, it } from 'vitest';
import type { Algorithm } from './algorithms';
import { contentDigest } from './content-digest';
import { request, setField, type HttpRequest } from './message';
import { signMessage } from './sign';
import { verifyMessage } from './verify';

type Pair = { priv: KeyObject; pub: KeyObject };
const pairs: Record<Algorithm, () => Pair> = {
  'ecdsa-p256-sha256': () => { const k = generateKeyPairSync('ec', { namedCurve: 'P-256' }); return { priv: k.privateKey, pub: k.publicKey }; },
  'ecdsa-p384-sha384': () => { const k = generateKeyPairSync('ec', { namedCurve: 'P-384' }); return { priv: k.privateKey, pub: k.publicKey }; },
  ed25519: () => { const k = generateKeyPairSync('ed25519'); return { priv: k.privateKey, pub: k.publicKey }; },
  'rsa-pss-sha512': () => { const k = generateKeyPairSync('rsa', { modulusLength: 2048 }); return { priv: k.privateKey, pub: k.publicKey }; },
  'rsa-v1_5-sha256': () => { const k = generateKeyPairSync('rsa', { modulusLength: 2048 }); return { priv: k.privateKey, pub: k.publicKey }; },
  'hmac-sha256': () => { const s = createSecretKey(randomBytes(32)); return { priv: s, pub: s }; },
};

const BODY = '{"amount":"12.50","currency":"EUR","creditor":"DE89370400440532013000"}';
const FIELDS = ['@method', '@target-uri', '@authority', '@path', '@query', 'content-type', 'content-digest'];

function libRequest() {
  return {
    method: 'POST',
    url: 'https://sandbox.trustgate.test:8443/sandbox/v1/payments?dryRun=true',
    headers: { 'Content-Type': 'application/json', 'Content-Digest': contentDigest(BODY, ['sha-256']), Host: 'sandbox.trustgate.test:8443' } as Record<string, string>,
  };
}

const ours = (lib: { method: string; url: string; headers: Record<string, string | string[]> }): HttpRequest =>
  request(lib.method, lib.url, Object.entries(lib.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(', ') : v] as [string, string]), BODY);

describe('interoperability with http-message-signatures', () => {
  for (const algorithm of Object.keys(pairs) as Algorithm[]) {
    it(`${algorithm}: theirs verifies with ours${algorithm === 'rsa-pss-sha512' ? ' (with salt length 64)' : ''}, ours verifies with theirs`, async () => {
      const { priv, pub } = pairs[algorithm]();
      const now = Math.floor(Date.now() / 1000);

      // Ours → theirs.
      const message = ours(libRequest());
      signMessage(message, { label: 'sig1', components: FIELDS, params: { created: now, keyid: 'k1', alg: algorithm }, key: priv, algorithm });
      const asLib = { method: message.method, url: message.url.href, headers: Object.fromEntries(message.headers) };
      const theirVerdict = await httpbis.verifyMessage({ keyLookup: async () => ({ id: 'k1', algs: [algorithm], verify: createVerifier(pub, algorithm) }) }, asLib);
      expect(theirVerdict).toBe(true);

      // Theirs → ours. Their rsa-pss signer uses the maximum salt length, so for that one we
      // sign with their library but our salt length, and check the diagnosis below.
      const signer = algorithm === 'rsa-pss-sha512'
        ? { id: 'k1', alg: algorithm, sign: async (data: Buffer) => nodeSign('sha512', data, { key: priv, padding: 6, saltLength: 64 }) }
        : createSigner(priv, algorithm, 'k1');
      const signed = await httpbis.signMessage({ key: signer, name: 'sig1', fields: FIELDS, params: ['created', 'keyid', 'alg'], paramValues: { created: new Date(now * 1000) } }, libRequest());
      const verdict = verifyMessage(ours(signed), { key: pub, now: now + 1, require: { contentDigestWithBody: true } });
      expect(verdict.signatures[0]?.problems ?? verdict.problems).toEqual([]);
      expect(verdict.valid).toBe(true);
    });
  }

  it("explains their rsa-pss signature: salt length 190 instead of RFC 9421's 64", async () => {
    const { priv, pub } = pairs['rsa-pss-sha512']();
    const signed = await httpbis.signMessage({ key: createSigner(priv, 'rsa-pss-sha512', 'k1'), name: 'sig1', fields: FIELDS, params: ['created', 'keyid', 'alg'] }, libRequest());
    const verdict = verifyMessage(ours(signed), { key: pub });
    expect(verdict.valid).toBe(false);
    expect(verdict.signatures[0].problems).toEqual([
      { code: 'pss_salt_length', message: expect.stringMatching(/uses a 190-byte salt; rsa-pss-sha512 requires 64 bytes/) },
    ]);
  });
});

describe('the verifier names the mistake', () => {
  const key = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const now = 1_764_000_000;
  const base = () => {
    const m = request('POST', 'https://api.example/v1/payments', { Host: 'api.example', 'Content-Type': 'application/json' }, BODY);
    setField(m, 'Content-Digest', contentDigest(BODY));
    return m;
  };
  const signed = (params = {}, components = ['@method', '@target-uri', 'content-digest']) => {
    const m = base();
    signMessage(m, { components, params: { created: now, keyid: 'k', ...params }, key: key.privateKey, algorithm: 'ecdsa-p256-sha256' });
    return m;
  };
  const codes = (m: HttpRequest, extra = {}) => {
    const v = verifyMessage(m, { key: key.publicKey, now, ...extra });
    return [...v.problems, ...v.signatures.flatMap((s) => s.problems)].map((p) => p.code);
  };

  it('a valid signature has no problems', () => expect(codes(signed())).toEqual([]));
  it('ECDSA in DER instead of r||s', () => {
    const m = signed();
    const { text } = { text: verifyMessage(m, { key: key.publicKey, now }).signatures[0].signatureBase! };
    const der = nodeSign('sha256', Buffer.from(text), { key: key.privateKey, dsaEncoding: 'der' });
    setField(m, 'Signature', `sig1=:${der.toString('base64')}:`);
    expect(codes(m)).toEqual(['ecdsa_der_signature']);
  });
  it('a changed body', () => {
    const m = signed();
    m.body = new TextEncoder().encode(BODY.replace('12.50', '1250.00'));
    expect(codes(m)).toEqual(['content_digest_mismatch']);
  });
  it('a body without Content-Digest, or not covered', () => {
    const m = signed({}, ['@method', '@target-uri']);
    expect(codes(m, { require: { contentDigestWithBody: true } })).toEqual(['component_not_covered']);
    m.headers = m.headers.filter(([n]) => n.toLowerCase() !== 'content-digest');
    expect(codes(m, { require: { contentDigestWithBody: true } })).toEqual(['content_digest_missing']);
  });
  it('a covered component the message lacks', () => {
    const m = signed();
    m.headers = m.headers.filter(([n]) => n.toLowerCase() !== 'content-digest');
    expect(codes(m)).toEqual(['component_missing']);
  });
  it('created in the future, too old, expired', () => {
    expect(codes(signed({ created: now + 600 }))).toEqual(['created_in_future']);
    expect(codes(signed({ created: now - 3600 }))).toEqual(['created_too_old']);
    expect(codes(signed({ expires: now - 5 }))).toEqual(['expired']);
    expect(codes(signed({ created: now - 3600 }), { maxAge: 7200 })).toEqual([]);
  });
  it('an algorithm that does not fit the key', () => {
    expect(codes(signed({ alg: 'ecdsa-p384-sha384' }))).toEqual(['algorithm_key_mismatch']);
  });
  it('a keyid that is not the certificate fingerprint', () => {
    expect(codes(signed(), { expectedKeyid: 'ab'.repeat(32) })).toEqual(['keyid_mismatch']);
  });
  it('an unknown label, and missing headers', () => {
    expect(codes(signed(), { label: 'sig2' })).toEqual(['unknown_label']);
    const m = base();
    expect(codes(m)).toEqual(['signature_input_missing', 'signature_missing']);
  });
  it('@authority against Host', () => {
    const m = signed({}, ['@method', '@authority']);
    setField(m, 'Host', 'evil.example');
    expect(codes(m)).toContain('authority_host_mismatch');
  });
  it('their base: a trailing newline, another order, a different line', () => {
    const m = signed();
    const ourBase = verifyMessage(m, { key: key.publicKey, now }).signatures[0].signatureBase!;
    expect(codes(m, { theirBase: ourBase + '\n' })).toEqual(['base_trailing_newline']);
    const lines = ourBase.split('\n');
    expect(codes(m, { theirBase: [lines[1], lines[0], ...lines.slice(2)].join('\n') })).toEqual(['base_component_order']);
    const diff = verifyMessage(m, { key: key.publicKey, now, theirBase: ourBase.replace('"@method": POST', '"@method": post') }).signatures[0].diff!;
    expect(diff.filter((d) => d.op !== 'same')).toEqual([{ op: 'ours', text: '"@method": POST' }, { op: 'theirs', text: '"@method": post' }]);
  });
  it('several signatures on one message, each judged', () => {
    const m = signed();
    const other = generateKeyPairSync('ed25519');
    signMessage(m, { label: 'proxy', components: ['@method', '@authority'], params: { created: now, keyid: 'p' }, key: other.privateKey, algorithm: 'ed25519' });
    const v = verifyMessage(m, { key: ({ keyid }) => (keyid === 'p' ? other.publicKey : key.publicKey), now });
    expect(v.signatures.map((s) => [s.label, s.valid])).toEqual([['sig1', true], ['proxy', true]]);
  });
});
