// Signing-key rotation with an injected clock: published before it signs, kept until the last
// token it signed has expired.
import { describe, expect, it } from 'vitest';
import { planSigningKeys, type KeyPolicy } from './signing-keys';

const DAY = 86_400_000;
const policy: KeyPolicy = { rotateEveryMs: 30 * DAY, leadMs: DAY, retainMs: 1800_000 + 300_000 };
const t0 = Date.parse('2026-01-01T00:00:00Z');
const at = (ms: number) => new Date(t0 + ms);
const key = (kid: string, activatesAt: number) => ({ kid, activatesAt: at(activatesAt) });

describe('planSigningKeys', () => {
  it('creates the first key to sign at once', () => {
    expect(planSigningKeys([], at(0), policy)).toEqual({ signing: null, published: [], createActivatingAt: at(0) });
  });

  it('needs nothing new before the rotation lead', () => {
    const plan = planSigningKeys([key('a', 0)], at(28 * DAY), policy);
    expect(plan.signing?.kid).toBe('a');
    expect(plan.createActivatingAt).toBeNull();
  });

  it('creates the next key a day before rotation; it is published while the old one still signs', () => {
    const keys = [key('a', 0)];
    const plan = planSigningKeys(keys, at(29 * DAY), policy);
    expect(plan.createActivatingAt).toEqual(at(30 * DAY));
    keys.push(key('b', 30 * DAY));
    const before = planSigningKeys(keys, at(29 * DAY + 1), policy);
    expect(before.signing?.kid).toBe('a');
    expect(before.published.map((k) => k.kid)).toEqual(['a', 'b']);
    expect(before.createActivatingAt).toBeNull();
  });

  it('switches at activation and keeps the old key published until its last token expires', () => {
    const keys = [key('a', 0), key('b', 30 * DAY)];
    const switched = planSigningKeys(keys, at(30 * DAY), policy);
    expect(switched.signing?.kid).toBe('b');
    expect(switched.published.map((k) => k.kid)).toEqual(['a', 'b']);
    const lastTokenOfA = planSigningKeys(keys, at(30 * DAY + policy.retainMs - 1), policy);
    expect(lastTokenOfA.published.map((k) => k.kid)).toEqual(['a', 'b']);
    const later = planSigningKeys(keys, at(30 * DAY + policy.retainMs), policy);
    expect(later.published.map((k) => k.kid)).toEqual(['b']);
  });

  it('after a long outage the next key still gets its full publication lead', () => {
    const plan = planSigningKeys([key('a', 0)], at(90 * DAY), policy);
    expect(plan.signing?.kid).toBe('a');
    expect(plan.createActivatingAt).toEqual(at(91 * DAY));
  });
});
