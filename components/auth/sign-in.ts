import { signIn } from 'next-auth/react';

/** Signs in with next-auth's credentials provider; returns an error message or null. */
export async function signInWithPassword(email: string, password: string): Promise<string | null> {
  const result = await signIn('credentials', { email, password, redirect: false });
  return result?.ok && !result.error ? null : 'That e-mail and password do not match an account.';
}
