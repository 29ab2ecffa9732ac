// GET /.well-known/oauth-authorization-server (RFC 8414) and GET /.well-known/jwks.json.
import { config } from '../config';
import type { EdgeRequest, EdgeResponse } from '../edge/http';
import { methodNotAllowed } from './form';
import { publishedJwks } from './signing-keys';

const AUTH_METHODS = ['client_secret_basic', 'client_secret_post', 'tls_client_auth'];

export function authorizationServerMetadata() {
  const cfg = config();
  const on = (base: string) => ({
    token_endpoint: `${base}/oauth/token`,
    revocation_endpoint: `${base}/oauth/revoke`,
    introspection_endpoint: `${base}/oauth/introspect`,
  });
  return {
    issuer: cfg.publicUrl,
    ...on(cfg.publicUrl),
    jwks_uri: `${cfg.publicUrl}/.well-known/jwks.json`,
    scopes_supported: cfg.oauthScopes,
    // There is no authorization endpoint: client credentials and refresh only.
    response_types_supported: [],
    grant_types_supported: ['client_credentials', 'refresh_token'],
    token_endpoint_auth_methods_supported: AUTH_METHODS,
    revocation_endpoint_auth_methods_supported: AUTH_METHODS,
    introspection_endpoint_auth_methods_supported: AUTH_METHODS,
    // RFC 8705 sections 3.3 and 5.
    tls_client_certificate_bound_access_tokens: true,
    mtls_endpoint_aliases: on(cfg.mtlsUrl),
    // RFC 9068 access tokens are ES256 JWTs.
    access_token_signing_alg_values_supported: ['ES256'],
    service_documentation: `${cfg.publicUrl}/credentials`,
  };
}

const getOnly = (fn: () => Promise<EdgeResponse>) => async (req: EdgeRequest): Promise<EdgeResponse> =>
  req.method === 'GET' || req.method === 'HEAD' ? fn() : methodNotAllowed('GET');

export const metadataEndpoint = getOnly(async () => ({
  status: 200, headers: { 'cache-control': 'public, max-age=300' }, body: authorizationServerMetadata(),
}));

// Verifiers may cache for five minutes; a new key is published a day before it signs.
export const jwksEndpoint = getOnly(async () => ({
  status: 200, headers: { 'cache-control': 'public, max-age=300', 'content-type': 'application/jwk-set+json' }, body: await publishedJwks(),
}));
