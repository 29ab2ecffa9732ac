import { describe, expect, it } from 'vitest';
import { canonicalJson, GENESIS_HASH, hashEntry, type HashedFields } from './append-audit';
import { checkChainSegment } from './verify-audit-chain';

function chain(n: number) {
  const rows = [];
  let prev = GENESIS_HASH;
  for (let i = 1; i <= n; i += 1) {
    const fields: HashedFields = {
      at: new Date(1_700_000_000_000 + i * 1000), actorId: `u${i}`, actorEmail: `u${i}@example.test`, orgId: 'acme',
      address: '127.0.0.1', action: 'csr.submit', objectType: 'csr', objectId: `c${i}`, details: { n: i, nested: { b: 1, a: 2 } },
    };
    const hash = hashEntry(prev, fields);
    rows.push({ ...fields, seq: BigInt(i), prevHash: prev, hash });
    prev = hash;
  }
  return rows;
}

describe('audit hash chain', () => {
  it('verifies an intact chain', () => {
    expect(checkChainSegment(chain(5), GENESIS_HASH)).toMatchObject({ good: 5, brokenAt: null });
  });

  it('finds an edited field, a deleted entry and a reordered pair', () => {
    const edited = chain(5);
    edited[2] = { ...edited[2], action: 'csr.approve' };
    expect(checkChainSegment(edited, GENESIS_HASH).brokenAt).toBe(3n);

    const deleted = chain(5);
    deleted.splice(1, 1);
    expect(checkChainSegment(deleted, GENESIS_HASH).brokenAt).toBe(3n);

    const swapped = chain(4);
    [swapped[1], swapped[2]] = [swapped[2], swapped[1]];
    expect(checkChainSegment(swapped, GENESIS_HASH).brokenAt).toBe(3n);
  });

  it('hashes details independently of key order (jsonb reorders keys)', () => {
    expect(canonicalJson({ b: 1, a: { d: 2, c: [3, { f: 1, e: 0 }] } })).toBe('{"a":{"c":[3,{"e":0,"f":1}],"d":2},"b":1}');
  });
});
