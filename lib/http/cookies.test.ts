import { describe, expect, it } from 'vitest';
import { cookieValues } from './cookies';

describe('cookieValues', () => {
  it('decodes each value of the name, in order, and ignores other names', () => {
    expect(cookieValues('a=1; next-auth.session-token=x%20y; b=2; next-auth.session-token=z=w', 'next-auth.session-token')).toEqual(['x y', 'z=w']);
    expect(cookieValues('a=1', 'b')).toEqual([]);
    expect(cookieValues(null, 'b')).toEqual([]);
  });

  it('keeps a value whose escapes do not decode as sent, instead of throwing (an API request answered 500)', () => {
    expect(cookieValues('t=%; u=%E0%A4%A', 't')).toEqual(['%']);
    expect(cookieValues('t=%; u=%E0%A4%A', 'u')).toEqual(['%E0%A4%A']);
  });
});
