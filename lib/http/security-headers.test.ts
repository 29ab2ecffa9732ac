import { describe, expect, it } from 'vitest';
import { pagePolicy, strictTransportSecurity } from './security-headers';

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
});
