// POST /oauth/introspect (RFC 7662) and POST /oauth/revoke (RFC 7009). Callers authenticate as
// clients; they see and revoke only their own organization's tokens.
import type { EdgeRequest } from '../edge/http';
import { pool } from '../db/client';
import { now } from '../clock';
import { authenticateClient } from './client-auth';
import { verifyAccessToken } from './access-tokens';
import { oauthFail } from './errors';
import { NO_STORE, postEndpoint } from './form';
import { findRefreshToken, revokeFamily } from './refresh-tokens';
import { REFRESH_TOKEN_PREFIX } from './secrets';

const STATUS_SQL = `SELECT c.status::text AS status, o.active AS "orgActive",
  EXISTS (SELECT 1 FROM "OAuthRevokedToken" r WHERE r.jti = $2) AS revoked
FROM "OAuthClient" c JOIN "Organization" o ON o.id = c."orgId" WHERE c."clientId" = $1`;

const INACTIVE = { status: 200, headers: NO_STORE, body: { active: false } };

/** Whether a verified access token still counts: its client active, its organization active, not revoked. */
export async function tokenStillActive(claims: { client_id: string; jti?: string }): Promise<boolean> {
  const { rows } = await pool().query({ name: 'oauth_token_status', text: STATUS_SQL, values: [claims.client_id, claims.jti ?? ''] });
  const row = rows[0] as { status: string; orgActive: boolean; revoked: boolean } | undefined;
  return !!row && row.status === 'active' && row.orgActive && !row.revoked;
}

export const introspectionEndpoint = postEndpoint(async (req: EdgeRequest, params: URLSearchParams) => {
  const caller = await authenticateClient(req, params);
  const token = params.get('token');
  if (!token) return oauthFail('invalid_request', 'The token parameter is missing.');

  if (token.startsWith(REFRESH_TOKEN_PREFIX)) {
    const row = await findRefreshToken(token);
    const t = now().getTime();
    if (!row || row.orgId !== caller.orgId || row.usedAt || row.revokedAt || row.expiresAt.getTime() <= t) return INACTIVE;
    const owner = await pool().query('SELECT "clientId", status::text AS status FROM "OAuthClient" WHERE id = $1', [row.clientId]);
    if (owner.rows[0]?.status !== 'active') return INACTIVE;
    return {
      status: 200,
      headers: NO_STORE,
      body: { active: true, token_type: 'refresh_token', client_id: owner.rows[0].clientId, scope: row.scope, exp: Math.floor(row.expiresAt.getTime() / 1000), org_id: row.orgId },
    };
  }

  const claims = await verifyAccessToken(token);
  if (!claims || claims.org_id !== caller.orgId) return INACTIVE;
  if (!(await tokenStillActive(claims))) return INACTIVE;
  return {
    status: 200,
    headers: NO_STORE,
    body: {
      active: true, token_type: 'Bearer', scope: claims.scope, client_id: claims.client_id, sub: claims.sub, aud: claims.aud,
      iss: claims.iss, exp: claims.exp, iat: claims.iat, jti: claims.jti, org_id: claims.org_id, ...(claims.cnf ? { cnf: claims.cnf } : {}),
    },
  };
});

/** RFC 7009 section 2.2: the answer is 200 whether or not the token existed or was the caller's. */
export const revocationEndpoint = postEndpoint(async (req: EdgeRequest, params: URLSearchParams) => {
  const caller = await authenticateClient(req, params);
  const token = params.get('token');
  if (!token) return oauthFail('invalid_request', 'The token parameter is missing.');
  if (token.startsWith(REFRESH_TOKEN_PREFIX)) {
    const row = await findRefreshToken(token);
    if (row && row.clientId === caller.id) await revokeFamily(row.familyId, 'revoked by the client (RFC 7009)');
  } else {
    const claims = await verifyAccessToken(token);
    if (claims && claims.client_id === caller.clientId) {
      await pool().query('INSERT INTO "OAuthRevokedToken" (jti, "expiresAt") VALUES ($1, $2) ON CONFLICT DO NOTHING', [claims.jti, new Date(claims.exp! * 1000)]);
    }
  }
  return { status: 200, headers: NO_STORE };
});
