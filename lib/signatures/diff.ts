// A line diff between the signature base we computed and the one a person's code built, for
// the verifier's answer. Bases are a few dozen lines, so a plain LCS table is enough. Browser-safe.

export type DiffLine = { op: 'same' | 'ours' | 'theirs'; text: string };

// The LCS table is |a| × |b| numbers. A pasted base may be 64 KiB of one-character lines against
// a base of thousands of covered components: a table of billions of cells, seconds of a worker's
// CPU and gigabytes of memory for one request. Past this size the differing middle is shown as
// removed, then added: still a correct diff, only not the shortest.
const MAX_CELLS = 250_000;

export function diffLines(ours: string, theirs: string): DiffLine[] {
  const a = ours.split('\n');
  const b = theirs.split('\n');
  // The lines both share at the start and at the end need no table.
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let end = 0;
  while (end < a.length - start && end < b.length - start && a[a.length - 1 - end] === b[b.length - 1 - end]) end++;
  const same = (lines: string[]): DiffLine[] => lines.map((text) => ({ op: 'same', text }));
  const [midA, midB] = [a.slice(start, a.length - end), b.slice(start, b.length - end)];
  const middle = (midA.length + 1) * (midB.length + 1) <= MAX_CELLS
    ? lcsDiff(midA, midB)
    : [...midA.map((text): DiffLine => ({ op: 'ours', text })), ...midB.map((text): DiffLine => ({ op: 'theirs', text }))];
  return [...same(a.slice(0, start)), ...middle, ...same(a.slice(a.length - end))];
}

function lcsDiff(a: string[], b: string[]): DiffLine[] {
  const lcs = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) lcs[i][j] = a[i] === b[j] ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
  }
  const out: DiffLine[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      out.push({ op: 'same', text: a[i] });
      i++;
      j++;
    } else if (lcs[i + 1][j] >= lcs[i][j + 1]) out.push({ op: 'ours', text: a[i++] });
    else out.push({ op: 'theirs', text: b[j++] });
  }
  while (i < a.length) out.push({ op: 'ours', text: a[i++] });
  while (j < b.length) out.push({ op: 'theirs', text: b[j++] });
  return out;
}
