// Refresh tokens: opaque, stored as a keyed hash, one family per grant. Every refresh uses the
// presented token and issues its successor; presenting a used token again means it was stolen
// (by the thief or from the victim), so the whole family is revoked (RFC 9700 section 4.14.2).
import { randomUUID } from 'node:crypto';
import { config } from '../config';
import { pool } from '../db/client';
import { now } from '../clock';
import { log } from '../log';
import { keyedHash, newRefreshToken, REFRESH_TOKEN_PREFIX } from './secrets';

export type RefreshGrant = { familyId: string; clientId: string; orgId: string; scope: string[]; certThumbprint: string | null };

const INSERT_SQL = `INSERT INTO "OAuthRefreshToken" (id, "tokenHash", "familyId", "clientId", "orgId", scope, "certThumbprint", "createdAt", "expiresAt")
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`;

export async function createRefreshToken(grant: RefreshGrant): Promise<string> {
  const token = newRefreshToken();
  const t = now();
  await pool().query({
    name: 'oauth_refresh_insert',
    text: INSERT_SQL,
    values: [randomUUID(), keyedHash(token), grant.familyId, grant.clientId, grant.orgId, grant.scope.join(' '), grant.certThumbprint, t, new Date(t.getTime() + config().REFRESH_TOKEN_TTL * 1000)],
  });
  return token;
}

type RefreshRow = { id: string; familyId: string; clientId: string; orgId: string; scope: string; certThumbprint: string | null; expiresAt: Date; usedAt: Date | null; revokedAt: Date | null };

export async function findRefreshToken(token: string): Promise<RefreshRow | null> {
  if (!token.startsWith(REFRESH_TOKEN_PREFIX)) return null;
  const { rows } = await pool().query({ name: 'oauth_refresh_find', text: 'SELECT * FROM "OAuthRefreshToken" WHERE "tokenHash" = $1', values: [keyedHash(token)] });
  return (rows[0] as RefreshRow | undefined) ?? null;
}

export async function revokeFamily(familyId: string, why: string): Promise<void> {
  const { rowCount } = await pool().query('UPDATE "OAuthRefreshToken" SET "revokedAt" = $2 WHERE "familyId" = $1 AND "revokedAt" IS NULL', [familyId, now()]);
  log.warn('revoked a refresh-token family', { familyId, why, tokens: rowCount });
}

export type UseResult = { ok: true; row: RefreshRow; successor: string } | { ok: false; reason: 'unknown' | 'expired' | 'revoked' | 'reused' | 'other_client' };

/**
 * Uses a refresh token of `clientId` and issues its successor in one statement, so that of two
 * concurrent uses exactly one wins and the other is seen as reuse.
 */
export async function useRefreshToken(token: string, clientId: string, certThumbprint: string | null): Promise<UseResult> {
  const row = await findRefreshToken(token);
  const t = now();
  if (!row) return { ok: false, reason: 'unknown' };
  if (row.clientId !== clientId) return { ok: false, reason: 'other_client' };
  if (row.revokedAt) return { ok: false, reason: 'revoked' };
  if (row.usedAt) {
    await revokeFamily(row.familyId, 'a used refresh token was presented again');
    return { ok: false, reason: 'reused' };
  }
  if (row.expiresAt.getTime() <= t.getTime()) return { ok: false, reason: 'expired' };

  const successor = newRefreshToken();
  const { rowCount } = await pool().query({
    name: 'oauth_refresh_rotate',
    text: `WITH used AS (
      UPDATE "OAuthRefreshToken" SET "usedAt" = $2 WHERE id = $1 AND "usedAt" IS NULL AND "revokedAt" IS NULL RETURNING "familyId", "clientId", "orgId", scope
    ) INSERT INTO "OAuthRefreshToken" (id, "tokenHash", "familyId", "clientId", "orgId", scope, "certThumbprint", "createdAt", "expiresAt")
      SELECT $3, $4, "familyId", "clientId", "orgId", scope, $5, $2, $6 FROM used`,
    values: [row.id, t, randomUUID(), keyedHash(successor), certThumbprint ?? row.certThumbprint, new Date(t.getTime() + config().REFRESH_TOKEN_TTL * 1000)],
  });
  if (rowCount !== 1) {
    await revokeFamily(row.familyId, 'a refresh token was used twice at once');
    return { ok: false, reason: 'reused' };
  }
  return { ok: true, row, successor };
}
