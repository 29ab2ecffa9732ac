import { randomBytes } from 'node:crypto';

// The headers every portal response carries: Next.js adds them to its own (next.config.ts), and
// the API routes served on the protocol edge (lib/edge/api.ts) add the same ones.
export const SECURITY_HEADERS: Record<string, string> = {
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'same-origin',
};

// A JSON answer is never a document: nothing in it may load, run or be framed.
export const API_CONTENT_SECURITY_POLICY = "default-src 'none'; frame-ancestors 'none'";

/**
 * The Content-Security-Policy of a page (CSP Level 3, https://www.w3.org/TR/CSP3/): scripts run
 * only with this response's nonce, or when such a script loads them ('strict-dynamic'), so markup
 * that reached a page some other way cannot run script. Next.js finds the nonce in the same
 * header on the request and puts it on its own scripts. Styles may be inline (React's style
 * attributes); a nonce in style-src would switch that off. Development adds 'unsafe-eval', which
 * React's development build uses for its stack traces.
 */
export function pagePolicy(nonce: string, dev: boolean): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ''}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** RFC 6797: browsers keep to HTTPS for two years; only said where the portal is served over HTTPS. */
export function strictTransportSecurity(publicUrl: string): string | null {
  return publicUrl.startsWith('https:') ? 'max-age=63072000' : null;
}

/**
 * What lib/server/listeners adds to each response Next.js gives: a page gets a policy with a
 * fresh 128-bit nonce, a JSON answer the API's; HSTS under https.
 */
export function responseSecurityHeaders(path: string, dev: boolean, publicUrl: string): Record<string, string> {
  const policy = path.startsWith('/api/') ? API_CONTENT_SECURITY_POLICY : pagePolicy(randomBytes(16).toString('base64'), dev);
  const hsts = strictTransportSecurity(publicUrl);
  return { 'content-security-policy': policy, ...(hsts ? { 'strict-transport-security': hsts } : {}) };
}
