import { describe, expect, it } from 'vitest';
import { deriveKey, open, seal, SecretMismatchError } from './secret-box';

const secret = 'a'.repeat(43);

describe('secret box', () => {
  it('round-trips and never repeats a ciphertext', () => {
    const plain = new TextEncoder().encode('CA private key bytes');
    const a = seal(plain, secret, 'ca');
    expect(a).not.toBe(seal(plain, secret, 'ca'));
    expect(open(a, secret, 'ca').toString()).toBe('CA private key bytes');
  });

  it('refuses a tampered value, another secret and another purpose', () => {
    const sealed = seal(new Uint8Array([1, 2, 3]), secret, 'ca');
    const [v, iv, body] = sealed.split('.');
    const flipped = Buffer.from(body, 'base64url');
    flipped[0] ^= 1;
    expect(() => open(`${v}.${iv}.${flipped.toString('base64url')}`, secret, 'ca')).toThrow(SecretMismatchError);
    // The message an operator who changed the variable sees, one line naming it.
    expect(() => open(sealed, 'b'.repeat(43), 'ca')).toThrow(/^TRUSTGATE_SECRET: the keys sealed in the database .* do not open with this secret\. [^\n]+$/);
    expect(() => open(sealed, secret, 'other')).toThrow(SecretMismatchError);
  });

  it('derives distinct 256-bit keys per purpose', () => {
    expect(deriveKey(secret, 'x')).toHaveLength(32);
    expect(deriveKey(secret, 'x').equals(deriveKey(secret, 'y'))).toBe(false);
  });
});
