// Group commit for the protocol edge's one-row writes (refresh tokens, sandbox payments). Under
// load many requests are in flight at once; their rows go to PostgreSQL as one multi-row
// statement, one commit, instead of one each: a statement and its commit cost PostgreSQL far
// more than a row does. Each caller still answers only after its own row is committed, and a
// lone request is written at once, so an idle server adds no latency.
import { pool } from './client';
import { retryOnWriteConflict } from './write-conflict';

type Pending<T, R> = { item: T; resolve: (result: R) => void; reject: (error: unknown) => void };

/** A result that fails its own item only (see groupCommitEach). */
export class ItemFailed {
  constructor(readonly error: unknown) {}
}

export type GroupCommit<T, R> = (item: T) => Promise<R>;

/**
 * `write` receives the items queued while the previous batch was being written (at most
 * `maxBatch`) and returns one result per item, in order. One batch is in flight per process.
 */
export function groupCommit<T, R>(write: (items: T[]) => Promise<(R | ItemFailed)[]>, maxBatch = 500): GroupCommit<T, R> {
  const queue: Pending<T, R>[] = [];
  let flushing = false;

  async function flush(): Promise<void> {
    flushing = true;
    while (queue.length) {
      const batch = queue.splice(0, maxBatch);
      try {
        const results = await write(batch.map((p) => p.item));
        batch.forEach((p, i) => {
          const result = results[i];
          if (result instanceof ItemFailed) p.reject(result.error);
          else p.resolve(result);
        });
      } catch (error) {
        for (const p of batch) p.reject(error);
      }
    }
    flushing = false;
  }

  return (item) =>
    new Promise<R>((resolve, reject) => {
      queue.push({ item, resolve, reject });
      if (!flushing) void flush();
    });
}

/**
 * Group commit for rows that can fail one by one (a unique violation, say). A batch is one
 * statement; when it fails with an error `alone` accepts, each row is written again by itself,
 * so that only the row at fault fails. Rows with the same `key` never share a statement, since
 * one statement must not change one row twice (the later ones go in a following statement).
 */
export function groupCommitEach<T, R>(
  write: (items: T[]) => Promise<R[]>,
  { key, alone, maxBatch = 100 }: { key: (item: T) => string; alone: (error: unknown) => boolean; maxBatch?: number },
): GroupCommit<T, R> {
  const writeRound = async (round: T[]): Promise<(R | ItemFailed)[]> => {
    try {
      return await write(round);
    } catch (error) {
      if (round.length === 1 || !alone(error)) return round.map(() => new ItemFailed(error));
      const out: (R | ItemFailed)[] = [];
      for (const item of round) out.push(...(await writeRound([item])));
      return out;
    }
  };
  return groupCommit(async (items: T[]) => {
    const out: (R | ItemFailed)[] = new Array(items.length);
    let left = items.map((item, at) => ({ item, at }));
    while (left.length) {
      const seen = new Set<string>();
      const round: typeof left = [];
      const later: typeof left = [];
      for (const entry of left) {
        const k = key(entry.item);
        (seen.has(k) ? later : round).push(entry);
        seen.add(k);
      }
      const results = await writeRound(round.map((e) => e.item));
      round.forEach((e, i) => (out[e.at] = results[i]));
      left = later;
    }
    return out;
  }, maxBatch);
}

/**
 * The rows as one JSON parameter for `json_to_recordset`: serialising it is native, unlike pg's
 * per-element array escaping.
 */
export async function queryJsonRows<Row>(name: string, text: string, rows: unknown[]): Promise<Row[]> {
  // One statement in its own transaction: aborted by a deadlock, it wrote nothing, so it runs again.
  const result = await retryOnWriteConflict(() => pool().query({ name, text, values: [JSON.stringify(rows)] }), name);
  return result.rows as Row[];
}

/**
 * `queryJsonRows` for a statement that answers at most one row per item and names it by `idx`
 * (the item's position, added here): each item's row, or undefined when it got none.
 */
export async function queryJsonRowPerItem<Row extends { idx: number }>(name: string, text: string, items: object[]): Promise<(Row | undefined)[]> {
  const rows = await queryJsonRows<Row>(name, text, items.map((item, idx) => ({ ...item, idx })));
  const byIdx = new Map(rows.map((row) => [row.idx, row]));
  return items.map((_, idx) => byIdx.get(idx));
}
