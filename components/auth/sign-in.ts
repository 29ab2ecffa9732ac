import { signIn } from 'next-auth/react';
import { throttledSeconds } from '@/lib/auth/sign-in-errors';

/** Signs in with next-auth's credentials provider; returns an error message or null. */
export async function signInWithPassword(email: string, password: string): Promise<string | null> {
  const result = await signIn('credentials', { email, password, redirect: false });
  if (result?.ok && !result.error) return null;
  const seconds = throttledSeconds(result?.error);
  if (seconds !== null) return `Too many failed sign-ins for this account or from this address. Try again in ${Math.ceil(seconds / 60)} minute${seconds > 60 ? 's' : ''}.`;
  return 'That e-mail and password do not match an account.';
}
