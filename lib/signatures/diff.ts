// A line diff between the signature base we computed and the one a person's code built, for
// the verifier's answer. Bases are a few dozen lines, so a plain LCS table is enough. Browser-safe.

export type DiffLine = { op: 'same' | 'ours' | 'theirs'; text: string };

export function diffLines(ours: string, theirs: string): DiffLine[] {
  const a = ours.split('\n');
  const b = theirs.split('\n');
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
