// AES-256-GCM sealing of secrets at rest (the CA private keys) under a key derived with HKDF-SHA-256
// (RFC 5869) from TRUSTGATE_SECRET. The additional data binds a sealed value to its purpose.
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { ConfigError } from '../config';

/**
 * A sealed value that does not open under the current secret. In practice the deployment runs
 * with another TRUSTGATE_SECRET than the one its keys were sealed under (a changed variable, a
 * lost DATA_DIR/secret); GCM's tag cannot tell that from tampering, so the message names both.
 */
export class SecretMismatchError extends ConfigError {
  constructor() {
    super('TRUSTGATE_SECRET: the keys sealed in the database (the CA, the token-signing keys) do not open with this secret. ' +
      'Start with the secret they were sealed under (DATA_DIR/secret when TRUSTGATE_SECRET was unset); otherwise they were altered.');
    this.name = 'SecretMismatchError';
  }
}

// Keyed by the secret, then the purpose: a lookup by the same string objects costs no hashing
// (V8 keeps a string's hash), where a key built per call (purpose + secret) was hashed each time,
// and this runs twice per token request (lib/oauth/secrets).
const keyCache = new Map<string, Map<string, Buffer>>();

export function deriveKey(masterSecret: string, purpose: string): Buffer {
  let byPurpose = keyCache.get(masterSecret);
  if (!byPurpose) keyCache.set(masterSecret, (byPurpose = new Map()));
  let key = byPurpose.get(purpose);
  if (!key) {
    key = Buffer.from(hkdfSync('sha256', masterSecret, Buffer.alloc(0), `trustgate:${purpose}`, 32));
    byPurpose.set(purpose, key);
  }
  return key;
}

export function seal(plaintext: Uint8Array, masterSecret: string, aad: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', deriveKey(masterSecret, 'secret-box'), iv);
  cipher.setAAD(Buffer.from(aad));
  const body = Buffer.concat([cipher.update(plaintext), cipher.final(), cipher.getAuthTag()]);
  return `v1.${iv.toString('base64url')}.${body.toString('base64url')}`;
}

export function open(sealed: string, masterSecret: string, aad: string): Buffer {
  const [version, ivText, bodyText] = sealed.split('.');
  if (version !== 'v1' || !ivText || !bodyText) throw new Error('sealed value has an unknown format');
  const body = Buffer.from(bodyText, 'base64url');
  const decipher = createDecipheriv('aes-256-gcm', deriveKey(masterSecret, 'secret-box'), Buffer.from(ivText, 'base64url'));
  decipher.setAAD(Buffer.from(aad));
  decipher.setAuthTag(body.subarray(body.length - 16));
  try {
    return Buffer.concat([decipher.update(body.subarray(0, body.length - 16)), decipher.final()]);
  } catch {
    throw new SecretMismatchError();
  }
}
