// Detached JWS (RFC 7515 appendix F): `x-jws-signature: <protected>..<signature>`, the payload
// being the request body, base64url-encoded in the signing input or, with RFC 7797
// `b64: false` (listed in `crit`), used as is. Through jose.
import type { KeyObject } from 'node:crypto';
import { FlattenedSign, flattenedVerify, type ProtectedHeaderParameters } from 'jose';

export type JwsAlg = 'ES256' | 'ES384' | 'EdDSA' | 'PS512' | 'RS256' | 'HS256';

export async function signDetachedJws(payload: Uint8Array | string, key: KeyObject, alg: JwsAlg, options: { b64?: boolean; kid?: string } = {}): Promise<string> {
  const bytes = typeof payload === 'string' ? new TextEncoder().encode(payload) : payload;
  const header: ProtectedHeaderParameters = { alg, ...(options.kid ? { kid: options.kid } : {}), ...(options.b64 === false ? { b64: false, crit: ['b64'] } : {}) };
  const jws = await new FlattenedSign(bytes).setProtectedHeader(header).sign(key);
  return `${jws.protected}..${jws.signature}`;
}

export type JwsVerification = { valid: boolean; header: ProtectedHeaderParameters | null; problem?: { code: string; message: string } };

export async function verifyDetachedJws(value: string, payload: Uint8Array | string, key: KeyObject): Promise<JwsVerification> {
  const parts = value.trim().split('.');
  if (parts.length !== 3 || parts[1] !== '') {
    return { valid: false, header: null, problem: { code: 'jws_not_detached', message: 'A detached JWS is "<protected header>..<signature>" with an empty middle part.' } };
  }
  let header: ProtectedHeaderParameters;
  try {
    header = JSON.parse(Buffer.from(parts[0], 'base64url').toString('utf8')) as ProtectedHeaderParameters;
    if (!header || typeof header !== 'object' || typeof header.alg !== 'string') throw new Error('no alg');
  } catch {
    return { valid: false, header: null, problem: { code: 'jws_header_invalid', message: 'The JWS protected header is not base64url JSON.' } };
  }
  const bytes = typeof payload === 'string' ? new TextEncoder().encode(payload) : payload;
  const unencoded = header.b64 === false;
  if (unencoded && !header.crit?.includes('b64')) {
    return { valid: false, header, problem: { code: 'jws_b64_not_critical', message: 'b64: false must be listed in crit (RFC 7797 section 6).' } };
  }
  try {
    await flattenedVerify(
      { protected: parts[0], payload: unencoded ? bytes : Buffer.from(bytes).toString('base64url'), signature: parts[2] },
      key,
    );
    return { valid: true, header };
  } catch (error) {
    return { valid: false, header, problem: { code: 'signature_invalid', message: `The JWS does not verify over this body: ${(error as Error).message}` } };
  }
}
