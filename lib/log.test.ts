import { describe, expect, it } from 'vitest';
import { loggablePath } from './log';

describe('loggablePath', () => {
  it('names the route, never a link token or a query', () => {
    expect(loggablePath('/invite/abc123?x=1')).toBe('/invite/[token]');
    expect(loggablePath('/api/invitations/abc123/accept')).toBe('/api/invitations/[token]/accept');
    expect(loggablePath('/reset-password/abc123')).toBe('/reset-password/[token]');
    expect(loggablePath('/api/password-resets/abc123/complete')).toBe('/api/password-resets/[token]/complete');
    expect(loggablePath('/api/password-resets')).toBe('/api/password-resets');
    expect(loggablePath('/api/v1/csrs?secret=s3cr3t')).toBe('/api/v1/csrs');
    expect(loggablePath(undefined)).toBe('');
  });
});
