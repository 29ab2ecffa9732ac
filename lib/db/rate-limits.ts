// Failure budgets kept in PostgreSQL (rate-limiter-flexible's RateLimiterPostgres, in the table
// oauth_rate_limits from our migrations), so that every app instance counts against the same
// budget: failed OAuth client authentication (lib/oauth/rate-limit) and failed portal sign-in
// (lib/auth/sign-in-limit), each under its own key prefix.
import { RateLimiterPostgres, RateLimiterRes } from 'rate-limiter-flexible';
import { pool } from './client';

export type Budget = RateLimiterPostgres;

/** `points` failures per `seconds`, keys prefixed with `keyPrefix`. */
export const failureBudget = (keyPrefix: string, points: number, seconds: number): Budget =>
  new RateLimiterPostgres({ storeClient: pool(), storeType: 'pool', tableName: 'oauth_rate_limits', tableCreated: true, keyPrefix, points, duration: seconds });

/**
 * Counts one failure against each (budget, key) pair; returns the seconds until the most
 * exhausted of them has budget again, or 0 when none is spent. A budget already spent rejects
 * with a RateLimiterRes: the failure is counted all the same.
 */
export async function countFailure(entries: [Budget, string][]): Promise<number> {
  const results = await Promise.allSettled(entries.map(([budget, key]) => budget.consume(key)));
  let wait = 0;
  for (const result of results) {
    if (result.status === 'fulfilled') continue;
    if (!(result.reason instanceof RateLimiterRes)) throw result.reason;
    wait = Math.max(wait, Math.ceil(result.reason.msBeforeNext / 1000));
  }
  return wait;
}

/** Seconds until a key whose budget is spent may try again, or 0 while it has budget left. */
export async function spentFor(budget: Budget, key: string, points: number): Promise<number> {
  const res = await budget.get(key);
  return res && res.consumedPoints >= points ? Math.ceil(res.msBeforeNext / 1000) : 0;
}
