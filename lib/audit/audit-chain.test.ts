import { describe, expect, it } from 'vitest';
import { canonicalJson, GENESIS_HASH, hashEntry, type HashedFields } from './append-audit';
import { csvCell, exportedEntry } from './export-audit';
import { checkChainSegment, verifyExportedChain } from './verify-audit-chain';

/** A valid chain of `n` entries; `seqStep` > 1 leaves gaps in seq, as rolled-back appends do. */
function chain(n: number, seqStep = 1) {
  const rows = [];
  let prev = GENESIS_HASH;
  for (let i = 1; i <= n; i += 1) {
    const fields: HashedFields = {
      at: new Date(1_700_000_000_000 + i * 1000), actorId: `u${i}`, actorEmail: `u${i}@example.test`, orgId: 'acme',
      address: '127.0.0.1', action: 'csr.submit', objectType: 'csr', objectId: `c${i}`,
      details: { n: i, nested: { b: 1, a: 2 }, note: 'a "quoted", multi\nline value' },
    };
    const hash = hashEntry(prev, fields);
    rows.push({ ...fields, seq: BigInt(i * seqStep), prevHash: prev, hash });
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

const jsonl = (rows: ReturnType<typeof chain>) => rows.map((r) => JSON.stringify(exportedEntry(r))).join('\n') + '\n';
const lines = (text: string) => text.trim().split('\n');

describe('an exported audit log, verified offline', () => {
  it('an unbroken export from the first entry verifies and names its last hash', () => {
    const rows = chain(5, 2);
    expect(verifyExportedChain(jsonl(rows))).toEqual({ ok: true, entries: 5, brokenAt: null, head: rows[4].hash, fromGenesis: true });
    expect(verifyExportedChain(jsonl(rows.slice(2)))).toMatchObject({ ok: true, entries: 3, fromGenesis: false });
  });

  it('finds an edited entry, a removed one and a forged one whose hash was recomputed', () => {
    const edited = lines(jsonl(chain(5, 2)));
    edited[2] = edited[2].replace('"action":"csr.submit"', '"action":"csr.approve"');
    expect(verifyExportedChain(edited.join('\n'))).toMatchObject({ ok: false, entries: 2, brokenAt: '6' });

    const removed = lines(jsonl(chain(5, 2)));
    removed.splice(1, 1);
    expect(verifyExportedChain(removed.join('\n'))).toMatchObject({ ok: false, entries: 1, brokenAt: '6' });
    // A filtered export has gaps by design: each entry still has to match its own hash.
    expect(verifyExportedChain(removed.join('\n'), { filtered: true })).toMatchObject({ ok: true, entries: 4 });
    expect(verifyExportedChain(edited.join('\n'), { filtered: true })).toMatchObject({ ok: false, brokenAt: '6' });

    const rows = chain(5, 2);
    const forged = { ...rows[1], objectId: 'c-forged' };
    forged.hash = hashEntry(forged.prevHash, forged);
    expect(verifyExportedChain(jsonl([rows[0], forged, ...rows.slice(2)]))).toMatchObject({ ok: false, entries: 2, brokenAt: '6' });
  });

  it('refuses a line that is not an exported entry, naming the line', () => {
    const text = jsonl(chain(2, 2)) + '{"seq":"9"}\n';
    expect(verifyExportedChain(text)).toMatchObject({ ok: false, entries: 2, brokenAt: 'line 3 (not an exported entry)' });
    expect(verifyExportedChain('not json')).toMatchObject({ ok: false, entries: 0 });
  });
});

describe('CSV cells', () => {
  it('quote per RFC 4180 and defuse what a spreadsheet would run as a formula', () => {
    expect(csvCell('plain')).toBe('plain');
    expect(csvCell(null)).toBe('');
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"\nthen')).toBe('"say ""hi""\nthen"');
    expect(csvCell('=HYPERLINK("http://evil")')).toBe(`"'=HYPERLINK(""http://evil"")"`);
    for (const lead of ['+', '-', '@', '\t']) expect(csvCell(`${lead}1`)).toBe(`'${lead}1`);
    expect(csvCell({ reason: 'x' })).toBe('"{""reason"":""x""}"');
  });
});
