// The endpoints served outside the portal's page framework: OAuth on both listeners, the
// sandbox on the mTLS port, and the API's issuance path on the portal port.
import type { EdgeHandler } from './http';
import { tokenEndpoint } from '../oauth/token-endpoint';
import { introspectionEndpoint, revocationEndpoint } from '../oauth/introspection';
import { jwksEndpoint, metadataEndpoint } from '../oauth/metadata';
import { sandboxEndpoint } from '../sandbox/payments';
import { apiEdgeRoute } from './api';
import { livenessEndpoint } from './liveness';

const routes: Record<string, EdgeHandler> = {
  '/oauth/token': tokenEndpoint,
  '/oauth/revoke': revocationEndpoint,
  '/oauth/introspect': introspectionEndpoint,
  '/.well-known/oauth-authorization-server': metadataEndpoint,
  '/.well-known/jwks.json': jwksEndpoint,
};

/** Served on the portal port only. */
const portalRoutes: Record<string, EdgeHandler> = { ...routes, '/api/health/live': livenessEndpoint };

/** The protocol endpoints of the portal port, and the API's issuance path (./api.ts). */
export function edgeRoute(method: string, pathname: string): EdgeHandler | null {
  return portalRoutes[pathname] ?? apiEdgeRoute(method, pathname);
}

/** The mTLS port: the same OAuth endpoints, and the sandbox (which lives there only). */
export function mtlsRoute(pathname: string): EdgeHandler | null {
  if (pathname === '/sandbox' || pathname.startsWith('/sandbox/')) return sandboxEndpoint;
  return routes[pathname] ?? null;
}
