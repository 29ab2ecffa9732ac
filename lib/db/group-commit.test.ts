import { describe, expect, it } from 'vitest';
import { groupCommit } from './group-commit';

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
