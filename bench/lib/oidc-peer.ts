// The peer for `npm run bench:token`: node-oidc-provider (npm oidc-provider) issuing
// client_credentials tokens as ES256 JWT access tokens, with its default in-memory adapter.
// Run as its own process: `tsx bench/lib/oidc-peer.ts <port> <client_id> <client_secret>`.
import { generateKeyPairSync } from 'node:crypto';
import Provider from 'oidc-provider';

const [port, clientId, clientSecret] = process.argv.slice(2);
const resource = 'https://sandbox.trustgate.test';
const signingKey = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ format: 'jwk' });

const provider = new Provider(`http://127.0.0.1:${port}`, {
  clients: [{ client_id: clientId, client_secret: clientSecret, grant_types: ['client_credentials'], redirect_uris: [], response_types: [], id_token_signed_response_alg: 'ES256', scope: 'payments:read payments:write' }],
  jwks: { keys: [{ ...signingKey, kid: 'bench', alg: 'ES256', use: 'sig' }] },
  scopes: ['payments:read', 'payments:write'],
  features: {
    devInteractions: { enabled: false },
    clientCredentials: { enabled: true },
    resourceIndicators: {
      enabled: true,
      defaultResource: () => resource,
      useGrantedResource: () => true,
      getResourceServerInfo: () => ({ scope: 'payments:read payments:write', accessTokenFormat: 'jwt', accessTokenTTL: 1800, jwt: { sign: { alg: 'ES256' } } }),
    },
  },
});
provider.listen(Number(port), () => console.log(`ready ${port}`));
