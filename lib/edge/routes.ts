// The protocol endpoints served outside the portal's page framework, on both listeners.
import type { EdgeHandler } from './http';
import { tokenEndpoint } from '../oauth/token-endpoint';
import { introspectionEndpoint, revocationEndpoint } from '../oauth/introspection';
import { jwksEndpoint, metadataEndpoint } from '../oauth/metadata';
import { sandboxEndpoint } from '../sandbox/payments';

const routes: Record<string, EdgeHandler> = {
  '/oauth/token': tokenEndpoint,
  '/oauth/revoke': revocationEndpoint,
  '/oauth/introspect': introspectionEndpoint,
  '/.well-known/oauth-authorization-server': metadataEndpoint,
  '/.well-known/jwks.json': jwksEndpoint,
};

/** The protocol endpoints of the portal port. */
export function edgeRoute(pathname: string): EdgeHandler | null {
  return routes[pathname] ?? null;
}

/** The mTLS port: the same OAuth endpoints, and the sandbox (which lives there only). */
export function mtlsRoute(pathname: string): EdgeHandler | null {
  if (pathname === '/sandbox' || pathname.startsWith('/sandbox/')) return sandboxEndpoint;
  return routes[pathname] ?? null;
}
