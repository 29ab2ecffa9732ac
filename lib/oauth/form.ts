// Request and response plumbing shared by the token, revocation and introspection endpoints.
import type { EdgeRequest, EdgeResponse } from '../edge/http';
import { OAuthError, oauthFail } from './errors';

/** RFC 6749 section 5.1: token responses must not be cached. */
export const NO_STORE = { 'cache-control': 'no-store', pragma: 'no-cache' };

/** The form body (RFC 6749 section 3.2: POST, application/x-www-form-urlencoded, no repeated parameters). */
export function readForm(req: EdgeRequest): URLSearchParams {
  const type = String(req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
  if (type !== 'application/x-www-form-urlencoded') {
    oauthFail('invalid_request', 'Send the parameters as application/x-www-form-urlencoded (RFC 6749 section 3.2).');
  }
  const params = new URLSearchParams(req.body.toString('utf8'));
  const seen = new Set<string>();
  for (const [key, value] of params) {
    if (seen.has(key)) oauthFail('invalid_request', `The parameter ${key} is repeated.`);
    // PostgreSQL's text refuses U+0000; a client_id holding one reached a query and gave a 500.
    if (key.includes('\0') || value.includes('\0')) oauthFail('invalid_request', 'The parameters must not contain NUL characters (U+0000).');
    seen.add(key);
  }
  return params;
}

export function methodNotAllowed(allow: string): EdgeResponse {
  return { status: 405, headers: { allow, ...NO_STORE }, body: { error: 'invalid_request', error_description: `Use ${allow}.` } };
}

export function oauthErrorResponse(error: unknown): EdgeResponse {
  if (!(error instanceof OAuthError)) throw error;
  return { status: error.status, headers: { ...NO_STORE, ...error.headers }, body: { error: error.error, error_description: error.message } };
}

/** Runs an endpoint for POST only and turns protocol errors into RFC 6749 section 5.2 bodies. */
export const postEndpoint =
  (fn: (req: EdgeRequest, params: URLSearchParams) => Promise<EdgeResponse>) =>
  async (req: EdgeRequest): Promise<EdgeResponse> => {
    if (req.method !== 'POST') return methodNotAllowed('POST');
    try {
      return await fn(req, readForm(req));
    } catch (error) {
      return oauthErrorResponse(error);
    }
  };

/** Scope parameter: space-separated, RFC 6749 section 3.3. */
export const splitScope = (scope: string | null): string[] | null =>
  scope === null ? null : [...new Set(scope.split(' ').filter(Boolean))];
