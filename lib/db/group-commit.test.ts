import { describe, expect, it } from 'vitest';
import { groupCommit, groupCommitEach } from './group-commit';

const tick = () => new Promise((r) => setTimeout(r, 5));

describe('groupCommit', () => {
  it('writes a lone item at once and what queues meanwhile as the next batch, answering each caller its own result', async () => {
    const batches: number[][] = [];
    const write = groupCommit(async (items: number[]) => {
      batches.push(items);
      await tick();
      return items.map((n) => n * 10);
    });
    const results = await Promise.all([1, 2, 3, 4].map((n) => write(n)));
    expect(results).toEqual([10, 20, 30, 40]);
    expect(batches).toEqual([[1], [2, 3, 4]]);
    expect(await write(5)).toBe(50);
    expect(batches.at(-1)).toEqual([5]);
  });

  it('caps a batch, and a failed batch rejects its own callers only', async () => {
    const batches: number[][] = [];
    const write = groupCommit(async (items: number[]) => {
      batches.push(items);
      await tick();
      if (items.includes(3)) throw new Error('batch failed');
      return items;
    }, 2);
    const settled = await Promise.allSettled([1, 2, 3, 4, 5].map((n) => write(n)));
    expect(batches).toEqual([[1], [2, 3], [4, 5]]);
    expect(settled.map((s) => s.status)).toEqual(['fulfilled', 'rejected', 'rejected', 'fulfilled', 'fulfilled']);
  });
});

describe('groupCommitEach', () => {
  const conflict = Object.assign(new Error('duplicate'), { code: '23505' });
  const isConflict = (e: unknown) => (e as { code?: string }).code === '23505';

  it('puts items with one key in separate statements, in arrival order', async () => {
    const batches: string[][] = [];
    const write = groupCommitEach(async (items: string[]) => {
      batches.push(items);
      await tick();
      return items.map((s) => s.toUpperCase());
    }, { key: (s) => s[0], alone: isConflict });
    const results = await Promise.all(['x', 'a1', 'b', 'a2', 'a3'].map((s) => write(s)));
    expect(results).toEqual(['X', 'A1', 'B', 'A2', 'A3']);
    expect(batches).toEqual([['x'], ['a1', 'b'], ['a2'], ['a3']]);
  });

  it('writes each item alone after a conflict, so that only the item at fault fails', async () => {
    const batches: string[][] = [];
    const write = groupCommitEach(async (items: string[]) => {
      batches.push(items);
      await tick();
      if (items.includes('taken')) throw conflict;
      return items;
    }, { key: (s) => s, alone: isConflict });
    const settled = await Promise.allSettled(['first', 'a', 'taken', 'b'].map((s) => write(s)));
    expect(settled.map((s) => (s.status === 'fulfilled' ? s.value : (s.reason as Error).message))).toEqual(['first', 'a', 'duplicate', 'b']);
    expect(batches).toEqual([['first'], ['a', 'taken', 'b'], ['a'], ['taken'], ['b']]);
  });

  it('fails the whole batch on any other error (nothing is retried)', async () => {
    let calls = 0;
    const write = groupCommitEach(async (items: string[]) => {
      calls += 1;
      await tick();
      if (items.length > 1) throw new Error('database unavailable');
      return items;
    }, { key: (s) => s, alone: isConflict });
    const settled = await Promise.allSettled(['lone', 'a', 'b', 'c'].map((s) => write(s)));
    expect(settled.map((s) => s.status)).toEqual(['fulfilled', 'rejected', 'rejected', 'rejected']);
    expect(calls).toBe(2);
  });
});
