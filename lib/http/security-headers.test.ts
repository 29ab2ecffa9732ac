import { describe, expect, it } from 'vitest';
import { API_CONTENT_SECURITY_POLICY, pagePolicy, responseSecurityHeaders, strictTransportSecurity } from './security-headers';

describe('security headers', () => {
  it('HSTS only where the portal is served over HTTPS (RFC 6797 section 7.2: ignored over HTTP)', () => {
    expect(strictTransportSecurity('https://portal.example')).toBe('max-age=63072000');
    expect(strictTransportSecurity('http://localhost:3000')).toBeNull();
  });

  it("'unsafe-eval' only in development, never 'unsafe-inline' for scripts", () => {
    expect(pagePolicy('n', false)).not.toContain('unsafe-eval');
    expect(pagePolicy('n', true)).toContain("script-src 'self' 'nonce-n' 'strict-dynamic' 'unsafe-eval'");
    for (const dev of [false, true]) expect(/script-src[^;]*unsafe-inline/.test(pagePolicy('n', dev))).toBe(false);
  });

  it('a page gets a fresh nonce per response and HSTS under https; a JSON answer the API policy', () => {
    const [first, second] = [responseSecurityHeaders('/signin', false, 'https://portal.example'), responseSecurityHeaders('/signin', false, 'https://portal.example')];
    expect(first['strict-transport-security']).toBe('max-age=63072000');
    const nonce = (h: Record<string, string>) => /'nonce-([^']+)'/.exec(h['content-security-policy'])?.[1];
    expect(nonce(first)).toMatch(/^[A-Za-z0-9+/]{22}==$/);
    expect(nonce(first)).not.toBe(nonce(second));
    expect(responseSecurityHeaders('/api/v1/me', false, 'https://portal.example')['content-security-policy']).toBe(API_CONTENT_SECURITY_POLICY);
    expect(responseSecurityHeaders('/signin', true, 'http://localhost:3000')).not.toHaveProperty('strict-transport-security');
  });
});
