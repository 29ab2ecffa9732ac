'use client';

import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { Button } from '../ui/button';
import { ErrorNote } from '../ui/field';
import { PasswordFields } from './password-fields';
import { postJson } from './post-json';
import { signInWithPassword } from './sign-in';
import { useSubmit } from './use-submit';

/**
 * Chooses a password with a one-time link (an invitation, a password reset): posts it to `action`,
 * then signs this browser in with it and goes to `next` (to `nextIfSignInFails` if that failed).
 */
export function SetPasswordForm({ email, action, fallbackError, submitLabel, passwordLabel, next, nextIfSignInFails = next }: {
  email: string; action: string; fallbackError: string; submitLabel: string; passwordLabel?: string; next: string; nextIfSignInFails?: string;
}) {
  const router = useRouter();
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const { error, busy, submit } = useSubmit();

  return (
    <form
      className="space-y-4"
      onSubmit={submit(async () => {
        if (password !== confirm) return 'The passwords differ.';
        const failure = await postJson(action, { password }, fallbackError);
        if (failure) return failure;
        const signInFailure = await signInWithPassword(email, password);
        router.replace(signInFailure ? nextIfSignInFails : next);
      })}
    >
      {/* For the browser's password manager: which account the new password belongs to. */}
      <input type="email" autoComplete="username" value={email} readOnly hidden />
      <PasswordFields label={passwordLabel} password={password} confirm={confirm} onChange={(p, c) => { setPassword(p); setConfirm(c); }} />
      <ErrorNote message={error} />
      <Button type="submit" busy={busy} className="w-full">{submitLabel}</Button>
    </form>
  );
}
