// PRODUCT.md: a private key is never accepted in any form. Browser-safe; never throws.
import { AsnConvert } from '@peculiar/asn1-schema';
import { PrivateKeyInfo, EncryptedPrivateKeyInfo } from '@peculiar/asn1-pkcs8';
import { RSAPrivateKey } from '@peculiar/asn1-rsa';
import { ECPrivateKey } from '@peculiar/asn1-ecc';

const PEM_PRIVATE_KEY = /-----BEGIN [A-Z0-9 ]*PRIVATE KEY[A-Z0-9 ]*-----/;
const DER_PRIVATE_KEY_TYPES = [PrivateKeyInfo, EncryptedPrivateKeyInfo, RSAPrivateKey, ECPrivateKey] as const;

function looksLikeDerPrivateKey(bytes: Uint8Array): boolean {
  if (bytes.length < 8 || bytes[0] !== 0x30) return false;
  for (const type of DER_PRIVATE_KEY_TYPES) {
    try {
      AsnConvert.parse(bytes, type as never);
      return true;
    } catch {
      // not this structure
    }
  }
  return false;
}

export function containsPrivateKey(input: string | Uint8Array): boolean {
  try {
    if (typeof input !== 'string') {
      if (looksLikeDerPrivateKey(input)) return true;
      // DER input may still be PEM text sent as bytes.
      input = new TextDecoder('utf-8', { fatal: false }).decode(input.subarray(0, 1_000_000));
    }
    // "PRIVATE KEY" labels: PKCS#8, ENCRYPTED, RSA (PKCS#1), EC (SEC1), OPENSSH, DSA, …
    return PEM_PRIVATE_KEY.test(input) || /PRIVATE KEY-----/.test(input);
  } catch {
    return false;
  }
}
