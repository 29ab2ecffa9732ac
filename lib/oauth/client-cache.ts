// OAuth client records cached per process, so a token request needs no lookup query. The cache
// is kept true by `oauth_client_changed` (triggers on clients, secrets and organizations, see the
// oauth migration) through lib/db/notify-cache, and is off while this process is not listening.
import { pool } from '../db/client';
import { notifyCache } from '../db/notify-cache';

export type ClientRecord = {
  id: string;
  clientId: string;
  orgId: string;
  scopes: string[];
  certificateBound: boolean;
  status: string;
  orgActive: boolean;
  lastUsedAt: Date | null;
  secrets: { hash: string; expiresAt: string | null }[];
};

const CLIENT_SQL = `SELECT c.id, c."clientId", c."orgId", c.scopes, c."certificateBound", c.status::text AS status, c."lastUsedAt",
  o.active AS "orgActive",
  coalesce((SELECT json_agg(json_build_object('hash', s.hash, 'expiresAt', s."expiresAt")) FROM "OAuthClientSecret" s
    WHERE s."clientId" = c.id AND (s."expiresAt" IS NULL OR s."expiresAt" > now())), '[]') AS secrets
FROM "OAuthClient" c JOIN "Organization" o ON o.id = c."orgId" WHERE c."clientId" = $1`;

const cache = notifyCache<ClientRecord>('oauth_client_changed');

/** Empties this process's cache (called after our own changes; other instances hear the notification). */
export const invalidateClientCache = (): void => cache.invalidate();

/** The cached record, without waiting, when this process is listening for changes and has it. */
export const cachedClient = (clientId: string): ClientRecord | undefined => cache.peek(clientId);

/** The client's record, from the cache when this process is listening for changes. */
export function findClient(clientId: string): Promise<ClientRecord | null> {
  return cache.get(clientId, async () => {
    const { rows } = await pool().query({ name: 'oauth_client', text: CLIENT_SQL, values: [clientId] });
    return (rows[0] as ClientRecord | undefined) ?? null;
  });
}
