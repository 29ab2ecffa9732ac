// Client secrets and refresh tokens: 256-bit random values, stored only as a keyed hash.
//
// Why HMAC-SHA-256 and not bcrypt/scrypt/argon2: a slow hash protects low-entropy secrets
// (passwords) against offline guessing. A 256-bit random value cannot be guessed, offline or
// online, so stretching adds nothing but cost, and that cost lands on every token request:
// Ory Hydra's published benchmarks show bcrypt verification is what bounds its token endpoint.
// The HMAC key (derived from TRUSTGATE_SECRET) means a stolen database alone does not even
// let an attacker test a candidate secret.
import { createHmac, randomBytes, randomFillSync, timingSafeEqual } from 'node:crypto';
import { config } from '../config';
import { deriveKey } from '../crypto/secret-box';

export const CLIENT_ID_PREFIX = 'cli_';
export const CLIENT_SECRET_PREFIX = 'tgs_';
export const REFRESH_TOKEN_PREFIX = 'tgr_';

export const newClientId = (): string => CLIENT_ID_PREFIX + randomBytes(12).toString('base64url');
export const newClientSecret = (): string => CLIENT_SECRET_PREFIX + randomBytes(32).toString('base64url');
// One CSPRNG call per 256 refresh tokens instead of one each: on the token endpoint's hot path
// the per-call cost of the generator showed up as a tenth of the CPU time. Each slice is used once.
const pool = { bytes: Buffer.alloc(32 * 256), offset: 32 * 256 };
function random32(): Buffer {
  if (pool.offset === pool.bytes.length) {
    randomFillSync(pool.bytes);
    pool.offset = 0;
  }
  const out = Buffer.from(pool.bytes.subarray(pool.offset, pool.offset + 32));
  pool.bytes.fill(0, pool.offset, pool.offset + 32);
  pool.offset += 32;
  return out;
}

export const newRefreshToken = (): string => REFRESH_TOKEN_PREFIX + random32().toString('base64url');

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
