// Which failures are a write PostgreSQL aborted and wants run again, how often it runs, and what
// the API answers when it stays aborted. tests/integration/csr-lifecycle.test.ts makes real
// deadlocks against a revocation and an approval.
import { expect, it, vi } from 'vitest';
import { TrustgateError } from '../errors';
import { errorResult } from '../http/respond';
import { isTransactionTimeout, isWriteConflict, retryOnWriteConflict, WRITE_CONFLICT_ATTEMPTS } from './write-conflict';

const withCode = (code: string) => Object.assign(new Error(code), { code });

it('a deadlock or a serialization failure, from pg, from the driver adapter and from Prisma', () => {
  for (const code of ['40P01', '40001', 'P2034']) expect(isWriteConflict(withCode(code))).toBe(true);
  expect(isWriteConflict(Object.assign(new Error('wrapped'), { meta: { driverAdapterError: { cause: { kind: 'TransactionWriteConflict' } } } }))).toBe(true);
  expect(isWriteConflict(new Error('outer', { cause: withCode('40P01') }))).toBe(true);
});

it('anything else is not', () => {
  for (const code of ['23505', '40003', '57P01', 'P2002', 'P1001']) expect(isWriteConflict(withCode(code))).toBe(false);
  expect(isWriteConflict(new TrustgateError('conflict', 'x'))).toBe(false);
  expect(isWriteConflict(null)).toBe(false);
  const cyclic: { cause?: unknown } = {};
  cyclic.cause = cyclic;
  expect(isWriteConflict(cyclic)).toBe(false);
});

it('runs a write again while it is aborted, at most WRITE_CONFLICT_ATTEMPTS times, and nothing else again', async () => {
  vi.spyOn(process.stderr, 'write').mockImplementation(() => true); // its warnings
  let runs = 0;
  expect(await retryOnWriteConflict(async () => (++runs < 3 ? Promise.reject(withCode('40P01')) : 'done'))).toBe('done');
  expect(runs).toBe(3);

  runs = 0;
  await expect(retryOnWriteConflict(async () => { runs++; throw withCode('40001'); })).rejects.toMatchObject({ code: '40001' });
  expect(runs).toBe(WRITE_CONFLICT_ATTEMPTS);

  runs = 0;
  await expect(retryOnWriteConflict(async () => { runs++; throw withCode('23505'); })).rejects.toMatchObject({ code: '23505' });
  expect(runs).toBe(1);
});

it('a write still aborted after its retries, or a transaction that found no time (P2028), is a 503 database_busy with Retry-After, not a 500', () => {
  vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
  for (const code of ['P2034', 'P2028']) {
    const { status, body, headers } = errorResult(withCode(code));
    expect([status, (body as { error: { code: string } }).error.code, headers['retry-after']]).toEqual([503, 'database_busy', '1']);
  }
  expect(isTransactionTimeout(withCode('P2028'))).toBe(true);
  expect(isWriteConflict(withCode('P2028'))).toBe(false); // not run again: its work may have begun
});
