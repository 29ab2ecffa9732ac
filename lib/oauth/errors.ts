// RFC 6749 section 5.2 error responses (also used by RFC 7009 and RFC 7662 endpoints).
// These are protocol errors with their own wire format, deliberately apart from the portal's
// TrustgateError: OAuth clients parse `error`, not `{error: {code}}`.

export type OAuthErrorCode =
  | 'invalid_request'
  | 'invalid_client'
  | 'invalid_grant'
  | 'unauthorized_client'
  | 'unsupported_grant_type'
  | 'invalid_scope'
  | 'unsupported_token_type'
  | 'slow_down';

export class OAuthError extends Error {
  readonly error: OAuthErrorCode;
  readonly status: number;
  readonly headers: Record<string, string>;

  constructor(error: OAuthErrorCode, description: string, status = 400, headers: Record<string, string> = {}) {
    super(description);
    this.name = 'OAuthError';
    this.error = error;
    this.status = status;
    this.headers = headers;
  }
}

export const oauthFail = (error: OAuthErrorCode, description: string, status = 400, headers: Record<string, string> = {}): never => {
  throw new OAuthError(error, description, status, headers);
};
