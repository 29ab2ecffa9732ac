// Failed password sign-ins are limited per account and per address, in PostgreSQL (the table
// rate-limiter-flexible keeps for lib/oauth/rate-limit), so that every app instance counts
// against the same budget. A password, unlike a 256-bit client secret, can be guessed: once an
// account's budget is spent, its sign-ins are refused without looking at the password until the
// window ends (OWASP ASVS 2.2.1), and one address guessing across many accounts is stopped by
// its own budget. The account is named by the e-mail as typed (normalized), whether or not such
// an account exists, so the refusal tells nobody which accounts exist.
import { RateLimiterPostgres, type RateLimiterRes } from 'rate-limiter-flexible';
import { pool } from '../db/client';

export const SIGN_IN_WINDOW_SECONDS = 15 * 60;
export const ACCOUNT_FAILURES = 10;
export const ADDRESS_FAILURES = 50;

type Limiters = { account: RateLimiterPostgres; address: RateLimiterPostgres };
const holder = globalThis as unknown as { __trustgateSignInLimiters?: Limiters };

function limiters(): Limiters {
  if (!holder.__trustgateSignInLimiters) {
    const common = { storeClient: pool(), storeType: 'pool', tableName: 'oauth_rate_limits', tableCreated: true, duration: SIGN_IN_WINDOW_SECONDS };
    holder.__trustgateSignInLimiters = {
      account: new RateLimiterPostgres({ ...common, keyPrefix: 'signin-account', points: ACCOUNT_FAILURES }),
      address: new RateLimiterPostgres({ ...common, keyPrefix: 'signin-address', points: ADDRESS_FAILURES }),
    };
  }
  return holder.__trustgateSignInLimiters;
}

// U+0000 cannot be stored (PostgreSQL's text); such an e-mail names no account anyway.
const accountKey = (email: string) => email.trim().toLowerCase().replaceAll('\0', '\ufffd').slice(0, 254);
const spent = (res: RateLimiterRes | null, points: number) => (res && res.consumedPoints >= points ? Math.ceil(res.msBeforeNext / 1000) : 0);

/** Seconds until this account or address may try again, or null while both have budget left. */
export async function signInBlockedFor(email: string, address: string | null): Promise<number | null> {
  const { account, address: byAddress } = limiters();
  const [a, b] = await Promise.all([account.get(accountKey(email)), address ? byAddress.get(address) : null]);
  const wait = Math.max(spent(a, ACCOUNT_FAILURES), spent(b, ADDRESS_FAILURES));
  return wait > 0 ? wait : null;
}

/** Counts one failed sign-in against the account and the address. */
export async function recordSignInFailure(email: string, address: string | null): Promise<void> {
  const { account, address: byAddress } = limiters();
  const counts = [account.consume(accountKey(email)), ...(address ? [byAddress.consume(address)] : [])];
  // A budget already spent rejects with a RateLimiterRes: the failure is counted all the same.
  const results = await Promise.allSettled(counts);
  for (const r of results) if (r.status === 'rejected' && !(r.reason && typeof r.reason === 'object' && 'msBeforeNext' in r.reason)) throw r.reason;
}

/** A successful sign-in starts the account's count again (the address's stays). */
export async function clearSignInFailures(email: string): Promise<void> {
  await limiters().account.delete(accountKey(email));
}
