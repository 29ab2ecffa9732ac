'use client';

import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { Button } from '../ui/button';
import { ErrorNote } from '../ui/field';
import { PasswordFields } from './password-fields';
import { postJson } from './post-json';
import { signInWithPassword } from './sign-in';
import { useSubmit } from './use-submit';

/** Sets the new password with the link's token, then signs this browser in with it. */
export function ResetPasswordForm({ token, email }: { token: string; email: string }) {
  const router = useRouter();
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const { error, busy, submit } = useSubmit();

  return (
    <form
      className="space-y-4"
      onSubmit={submit(async () => {
        if (password !== confirm) return 'The passwords differ.';
        const failure = await postJson(`/api/password-resets/${encodeURIComponent(token)}/complete`, { password }, 'Could not set the new password.');
        if (failure) return failure;
        const signInFailure = await signInWithPassword(email, password);
        router.replace(signInFailure ? '/signin' : '/');
      })}
    >
      {/* For the browser's password manager: which account the new password belongs to. */}
      <input type="email" autoComplete="username" value={email} readOnly hidden />
      <PasswordFields label="New password" password={password} confirm={confirm} onChange={(p, c) => { setPassword(p); setConfirm(c); }} />
      <ErrorNote message={error} />
      <Button type="submit" busy={busy} className="w-full">Set the new password</Button>
    </form>
  );
}
