// RFC 9421 section 3.3: the six registered algorithms, on node:crypto.
import { constants, createHmac, createPublicKey, sign as nodeSign, timingSafeEqual, verify as nodeVerify, type KeyObject } from 'node:crypto';

export const ALGORITHMS = ['rsa-pss-sha512', 'rsa-v1_5-sha256', 'hmac-sha256', 'ecdsa-p256-sha256', 'ecdsa-p384-sha384', 'ed25519'] as const;
export type Algorithm = (typeof ALGORITHMS)[number];
export const isAlgorithm = (value: unknown): value is Algorithm => ALGORITHMS.includes(value as Algorithm);

/** RFC 9421 section 3.3.1: RSASSA-PSS with SHA-512, MGF1 with SHA-512 and a 64-byte salt. */
const PSS_SALT = 64;

/** What a key can sign with, e.g. "EC P-256" → ecdsa-p256-sha256. */
type KeyDescription = { label: string; algorithms: Algorithm[] };
const descriptions = new WeakMap<KeyObject, KeyDescription>();

/** What the key is, in words, and the RFC 9421 algorithms it can verify (remembered per key). */
export function describeKey(key: KeyObject): KeyDescription {
  let description = descriptions.get(key);
  if (!description) descriptions.set(key, (description = describe(key)));
  return description;
}

function describe(key: KeyObject): KeyDescription {
  if (key.type === 'secret') return { label: `a ${key.symmetricKeySize! * 8}-bit shared secret`, algorithms: ['hmac-sha256'] };
  const details = key.asymmetricKeyDetails ?? {};
  switch (key.asymmetricKeyType) {
    case 'ec':
      if (details.namedCurve === 'prime256v1') return { label: 'an EC P-256 key', algorithms: ['ecdsa-p256-sha256'] };
      if (details.namedCurve === 'secp384r1') return { label: 'an EC P-384 key', algorithms: ['ecdsa-p384-sha384'] };
      return { label: `an EC ${details.namedCurve} key`, algorithms: [] };
    case 'ed25519':
      return { label: 'an Ed25519 key', algorithms: ['ed25519'] };
    case 'rsa':
      return { label: `an RSA-${details.modulusLength} key`, algorithms: ['rsa-pss-sha512', 'rsa-v1_5-sha256'] };
    case 'rsa-pss':
      return { label: `an RSA-PSS-${details.modulusLength} key`, algorithms: ['rsa-pss-sha512'] };
    default:
      return { label: `a ${key.asymmetricKeyType} key`, algorithms: [] };
  }
}

type Asymmetric = { hash: string | null; options: { padding?: number; saltLength?: number; dsaEncoding?: 'ieee-p1363' | 'der' } };
const asymmetric: Record<Exclude<Algorithm, 'hmac-sha256'>, Asymmetric> = {
  'rsa-pss-sha512': { hash: 'sha512', options: { padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: PSS_SALT } },
  'rsa-v1_5-sha256': { hash: 'sha256', options: { padding: constants.RSA_PKCS1_PADDING } },
  // RFC 9421 sections 3.3.4 and 3.3.5: ECDSA signatures are r || s, not DER.
  'ecdsa-p256-sha256': { hash: 'sha256', options: { dsaEncoding: 'ieee-p1363' } },
  'ecdsa-p384-sha384': { hash: 'sha384', options: { dsaEncoding: 'ieee-p1363' } },
  ed25519: { hash: null, options: {} },
};

export function signBytes(algorithm: Algorithm, key: KeyObject, data: Uint8Array): Buffer {
  if (algorithm === 'hmac-sha256') return createHmac('sha256', key).update(data).digest();
  const { hash, options } = asymmetric[algorithm];
  return nodeSign(hash, data, { key, ...options });
}

export function verifyBytes(algorithm: Algorithm, key: KeyObject, data: Uint8Array, signature: Uint8Array): boolean {
  if (algorithm === 'hmac-sha256') {
    const expected = createHmac('sha256', key).update(data).digest();
    return expected.length === signature.length && timingSafeEqual(expected, signature);
  }
  const { hash, options } = asymmetric[algorithm];
  const publicKey = key.type === 'private' ? createPublicKey(key) : key;
  try {
    return nodeVerify(hash, data, { key: publicKey, ...options }, signature);
  } catch {
    return false;
  }
}

/** For a failed ECDSA check: was the signature DER-encoded (ASN.1 SEQUENCE of two INTEGERs)? */
export function looksLikeDerEcdsa(signature: Uint8Array): boolean {
  if (signature.length < 8 || signature[0] !== 0x30) return false;
  const len = signature[1];
  return len + 2 === signature.length && signature[2] === 0x02;
}

export function verifiesAsDer(algorithm: Algorithm, key: KeyObject, data: Uint8Array, signature: Uint8Array): boolean {
  if (algorithm !== 'ecdsa-p256-sha256' && algorithm !== 'ecdsa-p384-sha384') return false;
  const publicKey = key.type === 'private' ? createPublicKey(key) : key;
  try {
    return nodeVerify(asymmetric[algorithm].hash, data, { key: publicKey, dsaEncoding: 'der' }, signature);
  } catch {
    return false;
  }
}

/**
 * For a failed rsa-pss-sha512 check: the salt length the signature was actually made with, if
 * it verifies with another one (a common mistake: signers defaulting to the digest length or
 * to the maximum), or null.
 */
export function pssSaltLengthUsed(key: KeyObject, data: Uint8Array, signature: Uint8Array): number | null {
  const publicKey = key.type === 'private' ? createPublicKey(key) : key;
  const modulusBytes = Math.ceil((publicKey.asymmetricKeyDetails?.modulusLength ?? 2048) / 8);
  const candidates = [0, 20, 32, 48, modulusBytes - 64 - 2];
  for (const saltLength of candidates) {
    try {
      if (nodeVerify('sha512', data, { key: publicKey, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength }, signature)) return saltLength;
    } catch {
      /* not this one */
    }
  }
  return null;
}
