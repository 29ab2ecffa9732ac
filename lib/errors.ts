// One typed error for the whole domain. Domain code throws it with a stable `code`;
// the edges (lib/http/respond.ts, the CLI) map it to HTTP or an exit status once.
// Browser-safe: no Node imports.

export const errorStatus = {
  bad_request: 400,
  invalid_json: 400,
  unauthenticated: 401,
  invalid_credentials: 401,
  forbidden: 403,
  csrf_failed: 403,
  not_found: 404,
  method_not_allowed: 405,
  conflict: 409,
  csr_not_pending: 409,
  certificate_not_active: 409,
  already_exists: 409,
  setup_complete: 409,
  managed_client: 409,
  idempotency_in_progress: 409,
  idempotency_secret_withheld: 409,
  too_large: 413,
  unsupported_media_type: 415,
  validation_failed: 422,
  idempotency_key_reused: 422,
  malformed_csr: 422,
  private_key_detected: 422,
  bad_signature: 422,
  weak_signature_algorithm: 422,
  unsupported_key: 422,
  weak_key: 422,
  subject_mismatch: 422,
  duplicate_key: 422,
  invalid_token: 422,
  organization_inactive: 422,
  malformed_http_message: 422,
  invalid_key: 422,
  rate_limited: 429,
  database_unavailable: 503,
  database_busy: 503,
  portal_unavailable: 503,
} as const;

export type ErrorCode = keyof typeof errorStatus;

export class TrustgateError extends Error {
  readonly code: ErrorCode;
  readonly details?: Record<string, unknown>;

  constructor(code: ErrorCode, message: string, details?: Record<string, unknown>) {
    super(message);
    this.name = 'TrustgateError';
    this.code = code;
    this.details = details;
  }

  get status(): number {
    return errorStatus[this.code];
  }
}

export const fail = (code: ErrorCode, message: string, details?: Record<string, unknown>): never => {
  throw new TrustgateError(code, message, details);
};

export const notFound = (what: string): never => fail('not_found', `${what} not found.`);
