// Hourly upkeep of the OAuth state, run by the server's primary process (and safe to run on
// several instances at once): rotate the signing key when due, and drop refresh tokens and
// access-token revocations nobody can present any more.
import { pool } from '../db/client';
import { now } from '../clock';
import { maintainSigningKeys } from './signing-keys';

export async function pruneExpiredTokens(at: Date = now()): Promise<{ refreshTokens: number; revocations: number }> {
  // A day's grace keeps recently expired refresh tokens recognisable as expired rather than unknown.
  const refresh = await pool().query('DELETE FROM "OAuthRefreshToken" WHERE "expiresAt" < $1', [new Date(at.getTime() - 86_400_000)]);
  const revoked = await pool().query('DELETE FROM "OAuthRevokedToken" WHERE "expiresAt" < $1', [at]);
  return { refreshTokens: refresh.rowCount ?? 0, revocations: revoked.rowCount ?? 0 };
}

export async function maintainOAuth(at: Date = now()) {
  const keys = await maintainSigningKeys(at);
  const pruned = await pruneExpiredTokens(at);
  return { createdKey: keys.created, ...pruned };
}
