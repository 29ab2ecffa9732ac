// Personal API tokens: 256 random bits, shown once, stored as SHA-256 (a slow hash adds nothing
// for a value with 256 bits of entropy; it cannot be guessed, only stolen).
import { createHash, randomBytes } from 'node:crypto';
import { z } from 'zod';
import { db, transaction, pool } from '../db/client';
import { notifyCache } from '../db/notify-cache';
import type { Role } from '../db/generated/enums';
import { appendAudit } from '../audit/append-audit';
import { fail } from '../errors';
import type { Actor } from './actor';

const TOKEN_PREFIX = 'tgp_';
export const hashToken = (token: string): string => createHash('sha256').update(token).digest('hex');

export const createTokenInput = z.object({ name: z.string().trim().min(1).max(100).default('API token') });

export async function createApiToken(actor: Actor, userId: string, input: z.infer<typeof createTokenInput>) {
  const token = TOKEN_PREFIX + randomBytes(32).toString('base64url');
  return transaction(async (tx) => {
    const row = await tx.apiToken.create({
      data: { userId, name: input.name, tokenHash: hashToken(token), prefix: token.slice(0, 10) },
    });
    await appendAudit(tx, actor, { action: 'api_token.create', objectType: 'api_token', objectId: row.id, details: { name: row.name, userId } });
    return { token, apiToken: presentApiToken(row) };
  });
}

export async function listApiTokens(userId: string) {
  const rows = await db().apiToken.findMany({ where: { userId }, orderBy: { createdAt: 'desc' } });
  return rows.map(presentApiToken);
}

export async function revokeApiToken(actor: Actor, id: string) {
  return transaction(async (tx) => {
    const row = await tx.apiToken.findFirst({ where: { id, userId: actor.userId } });
    if (!row) return fail('not_found', 'API token not found.');
    if (row.revokedAt) return presentApiToken(row);
    const updated = await tx.apiToken.update({ where: { id }, data: { revokedAt: new Date() } });
    await appendAudit(tx, actor, { action: 'api_token.revoke', objectType: 'api_token', objectId: id, details: { name: row.name } });
    return presentApiToken(updated);
  }).finally(() => tokens.invalidate()); // our own cache before we answer; the others hear the trigger
}

export type TokenUser = { id: string; email: string; role: Role; orgId: string | null };

// Every API request runs this: one prepared statement on the pool, no ORM (lib/db/client).
const TOKEN_USER_SQL = `SELECT t.id AS "tokenId", t."lastUsedAt", u.id, u.email, u.role::text AS role, u."orgId"
  FROM "ApiToken" t JOIN "User" u ON u.id = t."userId"
  WHERE t."tokenHash" = $1 AND t."revokedAt" IS NULL AND u."disabledAt" IS NULL`;

type TokenRow = TokenUser & { tokenId: string; lastUsedAt: Date | null };

// Keyed by the token's hash, never the token. Kept true by `api_token_changed` (triggers on a
// token's revocation and on a user's role, organization, e-mail or disabling; see the
// api_token_cache migration), so a revoked token stops working at once in this process and as
// soon as the notification arrives in the others (lib/db/notify-cache). Saves one query per API
// request: ≈ 7 % of an issuance's CPU (bench:issue).
const tokens = notifyCache<TokenRow>('api_token_changed');

/** Drops this process's cached token lookups (after a change the trigger will announce anyway). */
export const forgetCachedApiTokens = (): void => tokens.invalidate();

export async function findUserByApiToken(token: string): Promise<TokenUser | null> {
  if (!token.startsWith(TOKEN_PREFIX)) return null;
  const tokenHash = hashToken(token);
  const row = await tokens.get(tokenHash, async () => {
    const { rows } = await pool().query({ name: 'api_token_user', text: TOKEN_USER_SQL, values: [tokenHash] });
    return (rows[0] as TokenRow | undefined) ?? null;
  });
  if (!row) return null;
  // Last-used is informative: record it at most once a minute, without holding the request.
  if (!row.lastUsedAt || Date.now() - row.lastUsedAt.getTime() > 60_000) {
    row.lastUsedAt = new Date();
    void pool().query('UPDATE "ApiToken" SET "lastUsedAt" = now() WHERE id = $1', [row.tokenId]).catch(() => undefined);
  }
  return { id: row.id, email: row.email, role: row.role, orgId: row.orgId };
}

type ApiTokenRow = { id: string; name: string; prefix: string; createdAt: Date; lastUsedAt: Date | null; revokedAt: Date | null };
export const presentApiToken = (row: ApiTokenRow) => ({
  id: row.id, name: row.name, prefix: row.prefix, createdAt: row.createdAt, lastUsedAt: row.lastUsedAt, revokedAt: row.revokedAt,
});
