// POST /oauth/token (RFC 6749 sections 4.4 and 6, RFC 8705, RFC 9068).
import { randomUUID } from 'node:crypto';
import type { EdgeRequest, EdgeResponse } from '../edge/http';
import { authenticateClient, type AuthenticatedClient } from './client-auth';
import { signAccessToken, type SignedAccessToken } from './access-tokens';
import { oauthFail } from './errors';
import { NO_STORE, postEndpoint, splitScope } from './form';
import { createRefreshToken, useRefreshToken } from './refresh-tokens';

const GRANT_TYPES = ['client_credentials', 'refresh_token'] as const;
type GrantType = (typeof GRANT_TYPES)[number];

function grantedScope(requested: string[] | null, allowed: string[]): string[] {
  if (requested === null || requested.length === 0) return allowed;
  const extra = requested.filter((s) => !allowed.includes(s));
  if (extra.length) oauthFail('invalid_scope', `Scope not granted to this client: ${extra.join(' ')}.`);
  return requested;
}

const accessTokenFor = (client: AuthenticatedClient, scope: string[]) =>
  signAccessToken({ clientId: client.clientId, orgId: client.orgId, scope, thumbprint: client.certificate?.thumbprint });

function respond(scope: string[], refreshToken: string, access: SignedAccessToken): EdgeResponse {
  return {
    status: 200,
    headers: NO_STORE,
    body: { access_token: access.token, token_type: 'Bearer', expires_in: access.expiresIn, scope: scope.join(' '), refresh_token: refreshToken },
  };
}

async function clientCredentials(client: AuthenticatedClient, params: URLSearchParams): Promise<EdgeResponse> {
  const scope = grantedScope(splitScope(params.get('scope')), client.scopes);
  const access = await accessTokenFor(client, scope);
  const refreshToken = await createRefreshToken({
    familyId: randomUUID(), clientId: client.id, orgId: client.orgId, scope, certThumbprint: client.certificate?.thumbprint ?? null,
  });
  return respond(scope, refreshToken, access);
}

const grantProblems = {
  unknown: 'The refresh token is not valid.',
  other_client: 'The refresh token was issued to another client.',
  revoked: 'The refresh token has been revoked.',
  reused: 'The refresh token was already used; its whole family is now revoked.',
  expired: 'The refresh token has expired.',
} as const;

async function refreshToken(client: AuthenticatedClient, params: URLSearchParams): Promise<EdgeResponse> {
  const presented = params.get('refresh_token');
  if (!presented) return oauthFail('invalid_request', 'The refresh_token parameter is missing.');
  const result = await useRefreshToken(presented, client.id, client.certificate?.thumbprint ?? null);
  if (!result.ok) return oauthFail('invalid_grant', grantProblems[result.reason]);
  // RFC 6749 section 6: the access token may narrow the scope; the refresh token keeps the original.
  const original = result.row.scope.split(' ').filter((s) => client.scopes.includes(s));
  const scope = grantedScope(splitScope(params.get('scope')), original);
  const access = await accessTokenFor(client, scope);
  return respond(scope, result.successor, access);
}

export const tokenEndpoint = postEndpoint(async (req: EdgeRequest, params: URLSearchParams) => {
  const grantType = params.get('grant_type');
  if (!grantType) return oauthFail('invalid_request', 'The grant_type parameter is missing.');
  if (!GRANT_TYPES.includes(grantType as GrantType)) {
    return oauthFail('unsupported_grant_type', `grant_type ${grantType} is not supported; use client_credentials or refresh_token.`);
  }
  const client = await authenticateClient(req, params);
  return grantType === 'client_credentials' ? clientCredentials(client, params) : refreshToken(client, params);
});
