// Refresh tokens: opaque, stored as a keyed hash, one family per grant. Every refresh uses the
// presented token and issues its successor; presenting a used token again means it was stolen
// (by the thief or from the victim), so the whole family is revoked (RFC 9700 section 4.14.2).
import { config } from '../config';
import { pool } from '../db/client';
import { groupCommit, queryJsonRows } from '../db/group-commit';
import { now } from '../clock';
import { log } from '../log';
import { keyedHash, newRefreshToken, REFRESH_TOKEN_PREFIX } from './secrets';

export type RefreshGrant = { familyId: string; clientId: string; orgId: string; scope: string[]; certThumbprint: string | null };

// Written by group commit (lib/db/group-commit): one INSERT for the tokens of the requests in flight.
const INSERT_SQL = `INSERT INTO "OAuthRefreshToken" ("tokenHash", "familyId", "clientId", "orgId", scope, "certThumbprint", "createdAt", "expiresAt")
SELECT * FROM json_to_recordset($1::json) AS r("tokenHash" text, "familyId" uuid, "clientId" uuid, "orgId" text, scope text, "certThumbprint" text, "createdAt" timestamptz, "expiresAt" timestamptz)`;

type RowValues = { tokenHash: string; familyId: string; clientId: string; orgId: string; scope: string; certThumbprint: string | null; createdAt: string; expiresAt: string };

const insertRows = groupCommit(async (rows: RowValues[]) => {
  await queryJsonRows('oauth_refresh_insert', INSERT_SQL, rows);
  return rows;
});

/** A new refresh token of `grant`; resolves once its row is committed. */
export async function createRefreshToken(grant: RefreshGrant): Promise<string> {
  const token = newRefreshToken();
  const t = now();
  await insertRows({
    tokenHash: keyedHash(token), familyId: grant.familyId, clientId: grant.clientId, orgId: grant.orgId, scope: grant.scope.join(' '),
    certThumbprint: grant.certThumbprint, createdAt: t.toISOString(), expiresAt: new Date(t.getTime() + config().REFRESH_TOKEN_TTL * 1000).toISOString(),
  });
  return token;
}

type RefreshRow = { tokenHash: string; familyId: string; clientId: string; orgId: string; scope: string; certThumbprint: string | null; expiresAt: Date; usedAt: Date | null; revokedAt: Date | null };

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
      UPDATE "OAuthRefreshToken" SET "usedAt" = $2 WHERE "tokenHash" = $1 AND "usedAt" IS NULL AND "revokedAt" IS NULL RETURNING "familyId", "clientId", "orgId", scope
    ) INSERT INTO "OAuthRefreshToken" ("tokenHash", "familyId", "clientId", "orgId", scope, "certThumbprint", "createdAt", "expiresAt")
      SELECT $3, "familyId", "clientId", "orgId", scope, $4, $2, $5 FROM used`,
    values: [row.tokenHash, t, keyedHash(successor), certThumbprint ?? row.certThumbprint, new Date(t.getTime() + config().REFRESH_TOKEN_TTL * 1000)],
  });
  if (rowCount !== 1) {
    await revokeFamily(row.familyId, 'a refresh token was used twice at once');
    return { ok: false, reason: 'reused' };
  }
  return { ok: true, row, successor };
}
