// Client secrets and refresh tokens: 256-bit random values, stored only as a keyed hash.
//
// Why HMAC-SHA-256 and not bcrypt/scrypt/argon2: a slow hash protects low-entropy secrets
// (passwords) against offline guessing. A 256-bit random value cannot be guessed, offline or
// online, so stretching adds nothing but cost, and that cost lands on every token request:
// Ory Hydra's published benchmarks show bcrypt verification is what bounds its token endpoint.
// The HMAC key (derived from TRUSTGATE_SECRET) means a stolen database alone does not even
// let an attacker test a candidate secret.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { config } from '../config';
import { deriveKey } from '../crypto/secret-box';

export const CLIENT_ID_PREFIX = 'cli_';
export const CLIENT_SECRET_PREFIX = 'tgs_';
export const REFRESH_TOKEN_PREFIX = 'tgr_';

export const newClientId = (): string => CLIENT_ID_PREFIX + randomBytes(12).toString('base64url');
export const newClientSecret = (): string => CLIENT_SECRET_PREFIX + randomBytes(32).toString('base64url');
export const newRefreshToken = (): string => REFRESH_TOKEN_PREFIX + randomBytes(32).toString('base64url');

/** The stored form of a secret or refresh token (hex HMAC-SHA-256 under a purpose-bound key). */
export function keyedHash(value: string): string {
  return createHmac('sha256', deriveKey(config().secret, 'oauth-secret-hash')).update(value).digest('hex');
}

/** Whether `presented` hashes to one of `storedHashes`; every candidate is compared in constant time. */
export function matchesAny(presented: string, storedHashes: readonly string[]): boolean {
  const candidate = Buffer.from(keyedHash(presented), 'hex');
  let match = false;
  for (const stored of storedHashes) {
    const bytes = Buffer.from(stored, 'hex');
    if (bytes.length === candidate.length && timingSafeEqual(bytes, candidate)) match = true;
  }
  return match;
}
