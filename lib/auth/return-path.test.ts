import { describe, expect, it } from 'vitest';
import { safeReturnPath, signInPath } from './return-path';

describe('safeReturnPath', () => {
  it('follows paths on this site, query included', () => {
    for (const p of ['/certificates/6f1c0a52-1d55-4a7b-9a3e-0c3f1f1e2d3c', '/certificates?rotationDue=true&q=acme', '/csrs/new']) expect(safeReturnPath(p)).toBe(p);
  });

  it('refuses other hosts, schemes, controls and loops', () => {
    for (const p of ['//evil.example', '/\\evil.example', 'https://evil.example/', 'evil.example', 'javascript:alert(1)', '/\tevil', '/a b', '/x\u0000',
      '/', '/signin', '/signin?next=/x', '/setup', '/api/v1/me', `/${'a'.repeat(2000)}`, null, 42]) {
      expect(safeReturnPath(p), JSON.stringify(p)).toBeNull();
    }
  });

  it('builds /signin with the path encoded, or plain /signin', () => {
    expect(signInPath('/certificates?status=active')).toBe('/signin?next=%2Fcertificates%3Fstatus%3Dactive');
    expect(signInPath('//evil.example')).toBe('/signin');
    expect(signInPath(null)).toBe('/signin');
  });
});
