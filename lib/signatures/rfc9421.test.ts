// RFC 9421 appendix B, test by test: every signature base byte for byte; B.2.5 (hmac-sha256)
// and B.2.6 (ed25519), which are deterministic, reproduced byte for byte; B.2.1–B.2.4 verified
// with the published keys; and our own signatures over the same messages verified back.
import { createPrivateKey, createPublicKey } from 'node:crypto';
import { parseDictionary, type InnerList } from 'structured-headers';
import { describe, expect, it } from 'vitest';
import type { Algorithm } from './algorithms';
import { signatureBase } from './base';
import { checkContentDigest, contentDigest } from './content-digest';
import { sharedSecretFrom } from './keys';
import { parseRawRequest, setField, type HttpMessage, type HttpResponse } from './message';
import { parseComponent, signMessage } from './sign';
import { verifyMessage } from './verify';
import { cases, keys, sharedSecret, testRequest, testResponsePublished } from './testing/rfc9421-appendix-b';

const CREATED = 1618884473;
const requestMessage = () => parseRawRequest(testRequest);

function responseMessage(): HttpResponse {
  const [head, body] = testResponsePublished.split('\n\n');
  const headers = head.split('\n').slice(1).map((l) => [l.slice(0, l.indexOf(':')), l.slice(l.indexOf(':') + 1).trim()] as [string, string]);
  const message: HttpResponse = { kind: 'response', status: 200, headers, body: new TextEncoder().encode(body) };
  setField(message, 'Content-Digest', contentDigest(body, ['sha-512']));
  return message;
}

type CaseId = keyof typeof cases;
const caseSetup: Record<CaseId, { message: () => HttpMessage; algorithm: Algorithm; verifyKey: () => ReturnType<typeof createPublicKey>; signKey: () => ReturnType<typeof createPrivateKey> }> = {
  b21: { message: requestMessage, algorithm: 'rsa-pss-sha512', verifyKey: () => createPublicKey(keys.rsaPssPublic), signKey: () => createPrivateKey(keys.rsaPssPrivate) },
  b22: { message: requestMessage, algorithm: 'rsa-pss-sha512', verifyKey: () => createPublicKey(keys.rsaPssPublic), signKey: () => createPrivateKey(keys.rsaPssPrivate) },
  b23: { message: requestMessage, algorithm: 'rsa-pss-sha512', verifyKey: () => createPublicKey(keys.rsaPssPublic), signKey: () => createPrivateKey(keys.rsaPssPrivate) },
  b24: { message: responseMessage, algorithm: 'ecdsa-p256-sha256', verifyKey: () => createPublicKey(keys.eccP256Public), signKey: () => createPrivateKey(keys.eccP256Private) },
  b25: { message: requestMessage, algorithm: 'hmac-sha256', verifyKey: () => sharedSecretFrom(sharedSecret) as never, signKey: () => sharedSecretFrom(sharedSecret) as never },
  b26: { message: requestMessage, algorithm: 'ed25519', verifyKey: () => createPublicKey(keys.ed25519Public), signKey: () => createPrivateKey(keys.ed25519Private) },
};

const labelOf = (id: CaseId) => `sig-${id}`;
const inputOf = (id: CaseId) => parseDictionary(cases[id].signatureInput).get(labelOf(id)) as InnerList;

describe('RFC 9421 appendix B', () => {
  it('the published test response has a stale Content-Digest; the B.2.4 base uses the right one', () => {
    const [, body] = testResponsePublished.split('\n\n');
    const published = /Content-Digest: (.*)/.exec(testResponsePublished)![1];
    expect(checkContentDigest(published, body)).toMatchObject({ ok: false, code: 'content_digest_mismatch' });
    expect(cases.b24.base).toContain(`"content-digest": ${contentDigest(body, ['sha-512'])}`);
    expect(checkContentDigest(/Content-Digest: (.*)/.exec(testRequest)![1], '{"hello": "world"}')).toEqual({ ok: true, algorithms: ['sha-512'] });
  });

  for (const id of Object.keys(cases) as CaseId[]) {
    it(`B.2.${id.slice(2)}: the signature base, byte for byte`, () => {
      expect(signatureBase(caseSetup[id].message(), inputOf(id)).text).toBe(cases[id].base);
    });

    it(`B.2.${id.slice(2)}: the published signature verifies with the published key`, () => {
      const message = caseSetup[id].message();
      message.headers.push(['Signature-Input', cases[id].signatureInput], ['Signature', cases[id].signature]);
      const result = verifyMessage(message, { key: caseSetup[id].verifyKey(), algorithm: caseSetup[id].algorithm, now: CREATED + 10 });
      expect(result.problems).toEqual([]);
      expect(result.signatures[0].problems).toEqual([]);
      expect(result.valid).toBe(true);
      // One changed byte in a covered field, or a stale clock, breaks it.
      const tampered = caseSetup[id].message();
      tampered.headers.push(['Signature-Input', cases[id].signatureInput], ['Signature', cases[id].signature.replace(/:(.)/, (_, c) => `:${c === 'A' ? 'B' : 'A'}`)]);
      expect(verifyMessage(tampered, { key: caseSetup[id].verifyKey(), algorithm: caseSetup[id].algorithm, now: CREATED + 10 }).valid).toBe(false);
      expect(verifyMessage(message, { key: caseSetup[id].verifyKey(), algorithm: caseSetup[id].algorithm, now: CREATED + 3600 }).signatures[0].problems.map((p) => p.code)).toEqual(['created_too_old']);
    });

    it(`B.2.${id.slice(2)}: our signature over the same message${['b25', 'b26'].includes(id) ? ' equals the published one' : ' verifies'}`, () => {
      const input = inputOf(id);
      const message = caseSetup[id].message();
      const params = Object.fromEntries(input[1]) as Record<string, string | number>;
      const signed = signMessage(message, {
        label: labelOf(id), components: input[0].map(([name, p]) => parseComponent({ name: name as string, params: p })), params, key: caseSetup[id].signKey(), algorithm: caseSetup[id].algorithm,
      });
      expect(signed.base).toBe(cases[id].base);
      expect(signed.signatureInput).toBe(cases[id].signatureInput);
      if (id === 'b25' || id === 'b26') expect(signed.signatureHeader).toBe(cases[id].signature);
      expect(verifyMessage(message, { key: caseSetup[id].verifyKey(), algorithm: caseSetup[id].algorithm, now: CREATED }).valid).toBe(true);
    });
  }
});
