import { describe, expect, it } from 'vitest';
import { allowedMethods, allowField, exportedMethods } from './method-not-allowed';

describe('the Allow field of an /api path, read from the route files', () => {
  it('finds the most specific route: static segments before dynamic ones, and before the catch-all', () => {
    expect(allowedMethods('/api/v1/csrs')).toBe('GET, HEAD, OPTIONS, POST');
    expect(allowedMethods('/api/v1/csrs/00000000-0000-4000-8000-000000000000/cancel')).toBe('OPTIONS, POST');
    // next-auth's own catch-all, not the API's 404 catch-all /api/[...path] (which exports every method).
    expect(allowedMethods('/api/auth/session')).toBe('GET, HEAD, OPTIONS, POST');
    expect(allowedMethods('/api/no/such/route')).toBe('DELETE, GET, HEAD, OPTIONS, PATCH, POST, PUT');
  });

  it('reads every form of export, and adds HEAD for GET and OPTIONS always (RFC 9110 section 10.2.1)', () => {
    const source = 'export const GET = 1\nexport async function POST() {}\nexport { handler as DELETE, x as notAMethod }';
    expect(allowField(exportedMethods(source))).toBe('DELETE, GET, HEAD, OPTIONS, POST');
  });
});
