import { signIn } from 'next-auth/react';
import { throttledSeconds } from '@/lib/auth/sign-in-errors';

/** Signs in with next-auth's credentials provider; returns an error message or null. */
export async function signInWithPassword(email: string, password: string): Promise<string | null> {
  const result = await signIn('credentials', { email, password, redirect: false });
  if (result?.ok && !result.error) return null;
  const seconds = throttledSeconds(result?.error);
  if (seconds !== null) {
    const minutes = Math.ceil(seconds / 60);
    return `Too many failed sign-ins for this account or from this address. Try again in ${minutes} minute${minutes === 1 ? '' : 's'}, or use “Forgot your password?” below: a new password also ends the wait for your account.`;
  }
  return 'That e-mail and password do not match an account.';
}
