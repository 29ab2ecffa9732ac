// A transaction PostgreSQL aborts to break a deadlock (SQLSTATE 40P01) or to keep a snapshot
// consistent (40001) did nothing: it is rolled back whole, and PostgreSQL's documentation says to
// run it again ("Applications using this level must be prepared to retry transactions due to
// serialization failures", §13.2.3; the deadlock detector aborts one party of a cycle, §13.3.4).
// Our writers take their locks in one order (lib/pki/revoke-certificate.ts says which), so this is
// the net under an order no test has found yet, not a way of life: it is logged as a warning.
import { log } from '../log';
import { someInErrorChain } from './error-chain';

const SQLSTATES = new Set(['40P01', '40001']);

/**
 * The same abort in its shapes: pg's error (the SQLSTATE), @prisma/adapter-pg's
 * `TransactionWriteConflict`, and Prisma's P2034 ("Transaction failed due to a write conflict or
 * a deadlock"), at any layer of the error (lib/db/error-chain).
 */
export function isWriteConflict(error: unknown): boolean {
  return someInErrorChain(error, (e) => (typeof e.code === 'string' && (SQLSTATES.has(e.code) || e.code === 'P2034')) || e.kind === 'TransactionWriteConflict');
}

/**
 * Prisma's P2028: an interactive transaction that could not start in time (no connection came)
 * or ran past its timeout, rolled back either way. Contention, not an outage or a defect: the
 * caller hears `database_busy` (lib/http/respond), as after a conflict that persisted.
 */
export function isTransactionTimeout(error: unknown): boolean {
  return someInErrorChain(error, (e) => e.code === 'P2028');
}

/** How often a transaction runs before its conflict reaches the caller (as a 503, lib/http/respond). */
export const WRITE_CONFLICT_ATTEMPTS = 4;

/**
 * Runs `attempt` (one transaction, or one statement outside a transaction) again while PostgreSQL
 * aborts it with a write conflict. Whatever it does besides the database must be safe to repeat:
 * its random values are drawn before, its counts taken after.
 */
export async function retryOnWriteConflict<T>(attempt: () => Promise<T>, what = 'transaction'): Promise<T> {
  for (let n = 1; ; n++) {
    try {
      return await attempt();
    } catch (error) {
      if (n >= WRITE_CONFLICT_ATTEMPTS || !isWriteConflict(error)) throw error;
      log.warn('PostgreSQL aborted a write to break a deadlock or a conflict; running it again', { what, attempt: n, error: error instanceof Error ? error.message : String(error) });
      // Jittered so the two parties of a cycle do not meet again in step.
      await new Promise((resolve) => setTimeout(resolve, 10 * n + Math.random() * 40 * n));
    }
  }
}
