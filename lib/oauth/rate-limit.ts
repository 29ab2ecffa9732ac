// Failed client authentication is limited per client ID and per source address, in PostgreSQL
// so that every app instance counts against the same budget (rate-limiter-flexible's
// RateLimiterPostgres, table oauth_rate_limits from our migrations).
//
// Only failures are counted, and only failures are refused: a caller presenting a correct
// 256-bit secret is never locked out by someone else's guessing, which would otherwise turn
// any known client ID into a denial-of-service lever.
import { RateLimiterPostgres, RateLimiterRes } from 'rate-limiter-flexible';
import { config } from '../config';
import { pool } from '../db/client';

type Limiters = { client: RateLimiterPostgres; address: RateLimiterPostgres };
const holder = globalThis as unknown as { __trustgateOauthLimiters?: Limiters };

function limiters(): Limiters {
  if (!holder.__trustgateOauthLimiters) {
    const cfg = config();
    const common = { storeClient: pool(), storeType: 'pool', tableName: 'oauth_rate_limits', tableCreated: true, duration: 60 };
    holder.__trustgateOauthLimiters = {
      client: new RateLimiterPostgres({ ...common, keyPrefix: 'client', points: cfg.OAUTH_CLIENT_FAILURES_PER_MINUTE }),
      address: new RateLimiterPostgres({ ...common, keyPrefix: 'address', points: cfg.OAUTH_ADDRESS_FAILURES_PER_MINUTE }),
    };
  }
  return holder.__trustgateOauthLimiters;
}

/**
 * Counts one failed authentication. Returns the seconds to wait when the client ID or the
 * address has used up its budget for the current minute, or null when it has not.
 */
export async function recordAuthFailure(clientId: string | null, address: string | null): Promise<number | null> {
  const { client, address: byAddress } = limiters();
  const attempts: Promise<unknown>[] = [];
  if (clientId) attempts.push(client.consume(clientId.slice(0, 200)));
  if (address) attempts.push(byAddress.consume(address));
  const results = await Promise.allSettled(attempts);
  let wait = 0;
  for (const result of results) {
    if (result.status === 'fulfilled') continue;
    if (!(result.reason instanceof RateLimiterRes)) throw result.reason;
    wait = Math.max(wait, Math.ceil(result.reason.msBeforeNext / 1000));
  }
  return wait > 0 ? wait : null;
}
