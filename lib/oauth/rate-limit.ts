// Failed client authentication is limited per client ID and per source address, in PostgreSQL
// so that every app instance counts against the same budget (lib/db/rate-limits).
//
// Only failures are counted, and only failures are refused: a caller presenting a correct
// 256-bit secret is never locked out by someone else's guessing, which would otherwise turn
// any known client ID into a denial-of-service lever.
import { config } from '../config';
import { countFailure, failureBudget, type Budget } from '../db/rate-limits';

type Limiters = { client: Budget; address: Budget };
const holder = globalThis as unknown as { __trustgateOauthLimiters?: Limiters };

function limiters(): Limiters {
  if (!holder.__trustgateOauthLimiters) {
    const cfg = config();
    holder.__trustgateOauthLimiters = {
      client: failureBudget('client', cfg.OAUTH_CLIENT_FAILURES_PER_MINUTE, 60),
      address: failureBudget('address', cfg.OAUTH_ADDRESS_FAILURES_PER_MINUTE, 60),
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
  const entries: [Budget, string][] = [];
  if (clientId) entries.push([client, clientId.slice(0, 200)]);
  if (address) entries.push([byAddress, address]);
  const wait = await countFailure(entries);
  return wait > 0 ? wait : null;
}
