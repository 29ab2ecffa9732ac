// The verifier's work is bounded whatever is pasted: a 256 KiB request and a 64 KiB base held
// thousands of components, signatures and lines, and one request took a worker's CPU for seconds
// (23 s for the dictionary case below) or gigabytes of memory for the line diff.
import { createSecretKey } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { diffLines } from './diff';
import { parseRawRequest } from './message';
import { MAX_COMPONENTS, MAX_SIGNATURES, verifyMessage } from './verify';

const key = createSecretKey(Buffer.alloc(32, 7));
const NOW = 1_700_000_000;

function pasted(target: string, fields: string[], labels: string[]): string {
  return [`GET ${target} HTTP/1.1`, 'Host: example.com', ...fields, `Signature-Input: ${labels.join(', ')}`,
    `Signature: ${labels.map((l) => `${l.slice(0, l.indexOf('='))}=:AAAA:`).join(', ')}`, '', ''].join('\r\n');
}

const timed = <T>(fn: () => T): [T, number] => {
  const started = performance.now();
  const out = fn();
  return [out, performance.now() - started];
};

describe('diffLines', () => {
  it('still gives the shortest diff for bases of a few dozen lines', () => {
    expect(diffLines('"@method": GET\n"@path": /a\n"@signature-params": ()', '"@method": GET\n"@path": /b\n"@signature-params": ()')).toEqual([
      { op: 'same', text: '"@method": GET' }, { op: 'ours', text: '"@path": /a' }, { op: 'theirs', text: '"@path": /b' }, { op: 'same', text: '"@signature-params": ()' },
    ]);
  });

  it('answers a correct diff of 20,000 lines against 32,768 at once (the LCS table was 655 million cells)', () => {
    const ours = ['"@method": GET', ...Array.from({ length: 20_000 }, (_, i) => `"@query-param";name="a": ${i}`), '"@signature-params": ()'].join('\n');
    const theirs = ['"@method": GET', ...Array.from({ length: 32_766 }, () => 'a'), '"@signature-params": ()'].join('\n');
    const [diff, ms] = timed(() => diffLines(ours, theirs));
    expect(ms).toBeLessThan(2_000);
    expect(diff.filter((d) => d.op !== 'theirs').map((d) => d.text).join('\n')).toBe(ours);
    expect(diff.filter((d) => d.op !== 'ours').map((d) => d.text).join('\n')).toBe(theirs);
    expect(diff[0]).toEqual({ op: 'same', text: '"@method": GET' });
    expect(diff.at(-1)).toEqual({ op: 'same', text: '"@signature-params": ()' });
  });
});

describe('verifyMessage limits', () => {
  const names = Array.from({ length: MAX_COMPONENTS + 1 }, (_, i) => `x${i}`);
  const fields = names.map((n) => `${n}: a`);

  it(`checks at most ${MAX_COMPONENTS} components per signature and ${MAX_SIGNATURES} signatures per message, and says so`, () => {
    const covering = (n: number) => `sig1=(${names.slice(0, n).map((c) => `"${c}"`).join(' ')});created=${NOW}`;
    const atLimit = verifyMessage(parseRawRequest(pasted('/p', fields, [covering(MAX_COMPONENTS)])), { key, now: NOW });
    expect(atLimit.signatures[0].components).toHaveLength(MAX_COMPONENTS);
    expect(atLimit.signatures[0].problems.map((p) => p.code)).toEqual(['signature_invalid']);

    const over = verifyMessage(parseRawRequest(pasted('/p', fields, [covering(MAX_COMPONENTS + 1)])), { key, now: NOW });
    expect([over.valid, over.signatures[0].problems.map((p) => p.code)]).toEqual([false, ['too_many_components']]);

    const labels = Array.from({ length: MAX_SIGNATURES + 1 }, (_, i) => `s${i}=("x0");created=${NOW}`);
    const many = verifyMessage(parseRawRequest(pasted('/p', fields, labels)), { key, now: NOW });
    expect([many.valid, many.signatures, many.problems.map((p) => p.code)]).toEqual([false, [], ['too_many_signatures']]);
  });

  // 16 signatures of 64 components: the most the verifier checks.
  const fullLoad = (component: (i: number) => string) =>
    Array.from({ length: 16 }, (_, l) => `s${l}=(${Array.from({ length: 64 }, (_, i) => component(l * 64 + i)).join(' ')});created=${NOW}`);

  it('parses a dictionary field once for all its `key` members (a 150 KiB one, named a thousand times, took 23 s)', () => {
    const dictionary = Array.from({ length: 15_000 }, (_, i) => `k${i}=1`).join(', ');
    const message = parseRawRequest(pasted('/p', [`x: ${dictionary}`], fullLoad((i) => `"x";key="k${i}"`)));
    const [result, ms] = timed(() => verifyMessage(message, { key, now: NOW }));
    expect(result.signatures).toHaveLength(16);
    expect(result.signatures[3].signatureBase).toMatch(/^"x";key="k192": 1\n/);
    expect(ms).toBeLessThan(3_000);
  });

  it('reads the query once for all @query-param components (a 200 KiB query named a thousand times took 20 s)', () => {
    const query = Array.from({ length: 20_000 }, (_, i) => `p${i}=${i}`).join('&');
    const message = parseRawRequest(pasted(`/p?${query}&p5=again`, [], fullLoad((i) => `"@query-param";name="p${i}"`)));
    const [result, ms] = timed(() => verifyMessage(message, { key, now: NOW }));
    expect(result.signatures[0].signatureBase).toMatch(/^"@query-param";name="p0": 0\n"@query-param";name="p1": 1\n/);
    expect(result.signatures[0].signatureBase).toContain('"@query-param";name="p5": 5\n"@query-param";name="p5": again\n');
    expect(ms).toBeLessThan(3_000);
  });
});
