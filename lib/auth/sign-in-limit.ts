// Failed password sign-ins are limited per account and per address, in PostgreSQL
// (lib/db/rate-limits), so that every app instance counts against the same budget. A password,
// unlike a 256-bit client secret, can be guessed: once an account's budget is spent, its sign-ins
// are refused without looking at the password until the window ends (OWASP ASVS 2.2.1), and one
// address guessing across many accounts is stopped by its own budget. The account is named by
// the e-mail as typed (normalized), whether or not such an account exists, so the refusal tells
// nobody which accounts exist.
import { createHash } from 'node:crypto';
import { countFailure, failureBudget, type Budget } from '../db/rate-limits';

export const SIGN_IN_WINDOW_SECONDS = 15 * 60;
export const ACCOUNT_FAILURES = 10;
export const ADDRESS_FAILURES = 50;

type Limiters = { account: Budget; address: Budget };
const holder = globalThis as unknown as { __trustgateSignInLimiters?: Limiters };

function limiters(): Limiters {
  holder.__trustgateSignInLimiters ??= {
    account: failureBudget('signin-account', ACCOUNT_FAILURES, SIGN_IN_WINDOW_SECONDS),
    address: failureBudget('signin-address', ADDRESS_FAILURES, SIGN_IN_WINDOW_SECONDS),
  };
  return holder.__trustgateSignInLimiters;
}

// The budget's key column holds 255 characters with the prefix: an e-mail as typed can be longer
// (one of 241 to 254 characters is a valid account's), and its failures then went uncounted and
// unaudited. A digest of the normalized e-mail always fits, names the same account for every
// spelling that signs in to it, and keeps addresses out of the table.
export const accountKey = (email: string) => createHash('sha256').update(email.trim().toLowerCase()).digest('base64url');

/** The entries `countFailure` takes for one try: the account's budget, and the address's when known. */
export const accountAndAddress = (account: Budget, byAddress: Budget, email: string, address: string | null): [Budget, string][] =>
  [[account, accountKey(email)], ...(address ? [[byAddress, address] as [Budget, string]] : [])];

/**
 * Takes one attempt from the account's and the address's budgets before the password is checked,
 * and returns the seconds to wait when either was spent already (the attempt is refused unchecked),
 * or null. Counted as attempts start, not as they fail: checking the count first and adding to it
 * after a wrong password let through every attempt sent while one password hash was computed, so
 * a burst of parallel guesses was not limited at all.
 */
export async function takeSignInAttempt(email: string, address: string | null): Promise<number | null> {
  const { account, address: byAddress } = limiters();
  const wait = await countFailure(accountAndAddress(account, byAddress, email, address));
  return wait > 0 ? wait : null;
}

/** The right password: the account's count starts again, and the address gets its attempt back. */
export async function settleSignInSuccess(email: string, address: string | null): Promise<void> {
  const { account, address: byAddress } = limiters();
  await Promise.all([account.delete(accountKey(email)), address ? byAddress.reward(address, 1) : null]);
}

/** A new password set another way (an operator, a reset link) starts the account's count again. */
export async function clearSignInFailures(email: string): Promise<void> {
  await limiters().account.delete(accountKey(email));
}
