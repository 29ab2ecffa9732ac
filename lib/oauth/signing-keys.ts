// ES256 signing keys for access tokens, rotated without a gap (RFC 8414 jwks_uri, RFC 7517).
// A new key is created `lead` before it starts signing, so every verifier that refreshes its
// JWKS within that time knows it before the first token it signs; a key that stopped signing
// stays published until the last token it signed has expired.
import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { calculateJwkThumbprint, type JWK } from 'jose';
import { config } from '../config';
import { db, transaction } from '../db/client';
import { open, seal } from '../crypto/secret-box';
import { now as clockNow, DAY_MS } from '../clock';
import { log } from '../log';

export type KeyTimes = { kid: string; activatesAt: Date };
export type KeyPolicy = { rotateEveryMs: number; leadMs: number; retainMs: number };

const LEAD_MS = DAY_MS;
const CLOCK_SKEW_MS = 5 * 60_000;
const LOCK_ID = 1953658228;

export function keyPolicy(): KeyPolicy {
  const cfg = config();
  return { rotateEveryMs: cfg.OAUTH_KEY_ROTATION_DAYS * DAY_MS, leadMs: LEAD_MS, retainMs: cfg.ACCESS_TOKEN_TTL * 1000 + CLOCK_SKEW_MS };
}

/**
 * Which key signs now, which keys are published, and when a new key should start signing
 * (null: no new key is needed yet). Pure, so that rotation is tested with any clock.
 */
export function planSigningKeys<K extends KeyTimes>(keys: readonly K[], now: Date, policy: KeyPolicy) {
  const sorted = [...keys].sort((a, b) => a.activatesAt.getTime() - b.activatesAt.getTime());
  const t = now.getTime();
  const active = sorted.filter((k) => k.activatesAt.getTime() <= t);
  const signing = active.at(-1) ?? null;
  const published = sorted.filter((k, i) => {
    const next = sorted[i + 1];
    const retiredAt = next && next.activatesAt.getTime() <= t ? next.activatesAt.getTime() : Infinity;
    return retiredAt + policy.retainMs > t;
  });
  const pending = sorted.some((k) => k.activatesAt.getTime() > t);
  let createActivatingAt: Date | null = null;
  if (!signing) createActivatingAt = now;
  else if (!pending && signing.activatesAt.getTime() + policy.rotateEveryMs - policy.leadMs <= t) {
    createActivatingAt = new Date(Math.max(t + policy.leadMs, signing.activatesAt.getTime() + policy.rotateEveryMs));
  }
  return { signing, published, createActivatingAt };
}

const sealAad = (kid: string) => `oauth-signing-key:${kid}`;

async function newKeyRow(activatesAt: Date) {
  const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const jwk = publicKey.export({ format: 'jwk' }) as JWK;
  const kid = await calculateJwkThumbprint(jwk, 'sha256');
  const pkcs8 = privateKey.export({ format: 'der', type: 'pkcs8' });
  return {
    kid,
    publicJwk: { ...jwk, kid, use: 'sig', alg: 'ES256' },
    privateKey: seal(pkcs8, config().secret, sealAad(kid)),
    activatesAt,
  };
}

/** Creates the first key, or the next one when rotation is due. Safe to run on every instance at once. */
export async function maintainSigningKeys(now: Date = clockNow()): Promise<{ created: string | null }> {
  const created = await transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(${LOCK_ID})`;
    const keys = await tx.oAuthSigningKey.findMany({ select: { kid: true, activatesAt: true } });
    const plan = planSigningKeys(keys, now, keyPolicy());
    if (!plan.createActivatingAt) return null;
    const row = await newKeyRow(plan.createActivatingAt);
    await tx.oAuthSigningKey.create({ data: row });
    return row;
  });
  if (created) {
    log.info('created an access-token signing key', { kid: created.kid, activatesAt: created.activatesAt.toISOString() });
    invalidateKeyCache();
  }
  return { created: created?.kid ?? null };
}

export type LoadedKey = { kid: string; activatesAt: Date; jwk: JWK; publicKey: KeyObject; privateKey: () => KeyObject };
type KeyCache = { loadedAt: number; keys: LoadedKey[] };

// Keys change at most daily and are published a day ahead, so a short cache is safe.
const CACHE_MS = 30_000;
const cache = globalThis as unknown as { __trustgateOauthKeys?: KeyCache; __trustgateOauthKeysLoading?: Promise<KeyCache> };

export function invalidateKeyCache(): void {
  cache.__trustgateOauthKeys = undefined;
}

async function loadKeys(): Promise<KeyCache> {
  const rows = await db().oAuthSigningKey.findMany({ orderBy: { activatesAt: 'asc' } });
  const keys = rows.map((row): LoadedKey => {
    let priv: KeyObject | undefined;
    return {
      kid: row.kid,
      activatesAt: row.activatesAt,
      jwk: row.publicJwk as JWK,
      publicKey: createPublicKey({ key: row.publicJwk as JWK, format: 'jwk' }),
      privateKey: () =>
        (priv ??= createPrivateKey({ key: open(row.privateKey, config().secret, sealAad(row.kid)), format: 'der', type: 'pkcs8' })),
    };
  });
  return { loadedAt: Date.now(), keys };
}

async function keyCache(force = false): Promise<KeyCache> {
  const current = cache.__trustgateOauthKeys;
  if (current && !force && Date.now() - current.loadedAt < CACHE_MS) return current;
  cache.__trustgateOauthKeysLoading ??= loadKeys().finally(() => (cache.__trustgateOauthKeysLoading = undefined));
  cache.__trustgateOauthKeys = await cache.__trustgateOauthKeysLoading;
  return cache.__trustgateOauthKeys;
}

/**
 * The key that signs now, without waiting, when the cache is fresh and has one (the token
 * endpoint's usual case: every promise on that path costs, more so under AsyncLocalStorage).
 */
export function cachedSigningKey(now: Date = clockNow()): LoadedKey | null {
  const current = cache.__trustgateOauthKeys;
  if (!current || Date.now() - current.loadedAt >= CACHE_MS) return null;
  return planSigningKeys(current.keys, now, keyPolicy()).signing ?? null;
}

/** The key that signs now. */
export async function signingKey(now: Date = clockNow()): Promise<LoadedKey> {
  let plan = planSigningKeys((await keyCache()).keys, now, keyPolicy());
  if (!plan.signing) {
    await maintainSigningKeys(now);
    plan = planSigningKeys((await keyCache(true)).keys, now, keyPolicy());
  }
  if (!plan.signing) throw new Error('no access-token signing key');
  return plan.signing;
}

/** The public keys verifiers may meet: RFC 7517 JWK Set. */
export async function publishedJwks(now: Date = clockNow()): Promise<{ keys: JWK[] }> {
  return { keys: planSigningKeys((await keyCache()).keys, now, keyPolicy()).published.map((k) => k.jwk) };
}

/** The public key for a kid, reloading once if it is unknown (another instance may have just made it). */
export async function verificationKey(kid: string | undefined, now: Date = clockNow()): Promise<KeyObject | null> {
  if (!kid) return null;
  const find = (c: KeyCache) => planSigningKeys(c.keys, now, keyPolicy()).published.find((k) => k.kid === kid);
  let key = find(await keyCache());
  if (!key) {
    const current = cache.__trustgateOauthKeys;
    if (!current || Date.now() - current.loadedAt > 1000) key = find(await keyCache(true));
  }
  return key?.publicKey ?? null;
}
