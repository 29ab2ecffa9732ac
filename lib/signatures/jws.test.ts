// Detached JWS with an encoded and an unencoded (RFC 7797) payload, checked against an
// independent construction of the JWS signing input with node:crypto.
import { generateKeyPairSync, verify } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { signDetachedJws, verifyDetachedJws } from './jws';

const body = '{"amount":"12.50","currency":"EUR"}';
const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });

describe('detached JWS', () => {
  for (const b64 of [true, false]) {
    it(`${b64 ? 'base64url' : 'unencoded (b64: false)'} payload: signs, verifies, and the signing input is the RFC's`, async () => {
      const value = await signDetachedJws(body, privateKey, 'ES256', { b64, kid: 'k1' });
      const [header, middle, signature] = value.split('.');
      expect(middle).toBe('');
      const decoded = JSON.parse(Buffer.from(header, 'base64url').toString());
      expect(decoded).toEqual(b64 ? { alg: 'ES256', kid: 'k1' } : { alg: 'ES256', kid: 'k1', b64: false, crit: ['b64'] });
      // RFC 7515 section 5.2 / RFC 7797 section 3: ASCII(header) || '.' || (BASE64URL(payload) or the payload itself).
      const input = `${header}.${b64 ? Buffer.from(body).toString('base64url') : body}`;
      expect(verify('sha256', Buffer.from(input), { key: publicKey, dsaEncoding: 'ieee-p1363' }, Buffer.from(signature, 'base64url'))).toBe(true);
      expect(await verifyDetachedJws(value, body, publicKey)).toMatchObject({ valid: true });
      expect(await verifyDetachedJws(value, body.replace('12.50', '99.00'), publicKey)).toMatchObject({ valid: false, problem: { code: 'signature_invalid' } });
    });
  }

  it('refuses an attached JWS and b64:false outside crit', async () => {
    expect((await verifyDetachedJws('a.b.c', body, publicKey)).problem?.code).toBe('jws_not_detached');
    const header = Buffer.from(JSON.stringify({ alg: 'ES256', b64: false })).toString('base64url');
    expect((await verifyDetachedJws(`${header}..xyz`, body, publicKey)).problem?.code).toBe('jws_b64_not_critical');
  });
});
