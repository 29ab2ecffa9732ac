// The protocol endpoints served outside the portal's page framework, on both listeners.
import type { EdgeHandler } from './http';
import { tokenEndpoint } from '../oauth/token-endpoint';
import { introspectionEndpoint, revocationEndpoint } from '../oauth/introspection';
import { jwksEndpoint, metadataEndpoint } from '../oauth/metadata';

const routes: Record<string, EdgeHandler> = {
  '/oauth/token': tokenEndpoint,
  '/oauth/revoke': revocationEndpoint,
  '/oauth/introspect': introspectionEndpoint,
  '/.well-known/oauth-authorization-server': metadataEndpoint,
  '/.well-known/jwks.json': jwksEndpoint,
};

export function edgeRoute(pathname: string): EdgeHandler | null {
  return routes[pathname] ?? null;
}
