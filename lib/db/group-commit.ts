// Group commit for the protocol edge's one-row writes (refresh tokens, sandbox payments). Under
// load many requests are in flight at once; their rows go to PostgreSQL as one multi-row
// statement, one commit, instead of one each: a statement and its commit cost PostgreSQL far
// more than a row does. Each caller still answers only after its own row is committed, and a
// lone request is written at once, so an idle server adds no latency.
import { pool } from './client';

type Pending<T, R> = { item: T; resolve: (result: R) => void; reject: (error: unknown) => void };

export type GroupCommit<T, R> = (item: T) => Promise<R>;

/**
 * `write` receives the items queued while the previous batch was being written (at most
 * `maxBatch`) and returns one result per item, in order. One batch is in flight per process.
 */
export function groupCommit<T, R>(write: (items: T[]) => Promise<R[]>, maxBatch = 500): GroupCommit<T, R> {
  const queue: Pending<T, R>[] = [];
  let flushing = false;

  async function flush(): Promise<void> {
    flushing = true;
    while (queue.length) {
      const batch = queue.splice(0, maxBatch);
      try {
        const results = await write(batch.map((p) => p.item));
        batch.forEach((p, i) => p.resolve(results[i]));
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
 * The rows as one JSON parameter for `json_to_recordset`: serialising it is native, unlike pg's
 * per-element array escaping.
 */
export async function queryJsonRows<Row>(name: string, text: string, rows: unknown[]): Promise<Row[]> {
  const result = await pool().query({ name, text, values: [JSON.stringify(rows)] });
  return result.rows as Row[];
}
