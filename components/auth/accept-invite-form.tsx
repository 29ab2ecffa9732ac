'use client';

import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { Button } from '../ui/button';
import { ErrorNote } from '../ui/field';
import { PasswordFields } from './password-fields';
import { postJson } from './post-json';
import { signInWithPassword } from './sign-in';
import { useSubmit } from './use-submit';

export function AcceptInviteForm({ token, email }: { token: string; email: string }) {
  const router = useRouter();
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const { error, busy, submit } = useSubmit();

  return (
    <form
      className="space-y-4"
      onSubmit={submit(async () => {
        if (password !== confirm) return 'The passwords differ.';
        const failure = await postJson(`/api/invitations/${encodeURIComponent(token)}/accept`, { password }, 'Could not accept the invitation.');
        if (failure) return failure;
        await signInWithPassword(email, password);
        router.replace('/csrs/new');
      })}
    >
      <PasswordFields password={password} confirm={confirm} onChange={(p, c) => { setPassword(p); setConfirm(c); }} />
      <ErrorNote message={error} />
      <Button type="submit" busy={busy} className="w-full">Create my account</Button>
    </form>
  );
}
