// Verification and signing keys from what people paste: PEM (SPKI, PKCS#1, an X.509
// certificate, or a private key for signing), a JWK, or a base64 shared secret.
import { createPublicKey, createSecretKey, type JsonWebKey, type KeyObject } from 'node:crypto';

export class KeyFormatError extends Error {}

export function publicKeyFrom(input: string | JsonWebKey): KeyObject {
  try {
    if (typeof input === 'object') return createPublicKey({ key: input, format: 'jwk' });
    const text = input.trim();
    if (text.startsWith('{')) return createPublicKey({ key: JSON.parse(text) as JsonWebKey, format: 'jwk' });
    if (/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(text)) throw new KeyFormatError('That is a private key. Paste the public key or the certificate: verification never needs the private key.');
    return createPublicKey(text);
  } catch (error) {
    if (error instanceof KeyFormatError) throw error;
    throw new KeyFormatError('The key is not a PEM public key, certificate or JWK that can be read.');
  }
}

export function sharedSecretFrom(base64: string): KeyObject {
  const bytes = Buffer.from(base64.trim(), 'base64');
  if (!bytes.length) throw new KeyFormatError('The shared secret is empty or not base64.');
  return createSecretKey(bytes);
}
