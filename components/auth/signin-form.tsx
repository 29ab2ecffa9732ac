'use client';

import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { Button } from '../ui/button';
import { ErrorNote, Field, Input } from '../ui/field';
import { signInWithPassword } from './sign-in';
import { useSubmit } from './use-submit';

/** `next`: a path on this site to return to, already checked by the page (lib/auth/return-path). */
export function SignInForm({ next }: { next: string | null }) {
  const router = useRouter();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const { error, busy, submit } = useSubmit();

  return (
    <form
      className="space-y-4"
      onSubmit={submit(async () => {
        const failure = await signInWithPassword(email, password);
        if (failure) return failure;
        router.replace(next ?? '/');
      })}
    >
      <Field label="E-mail" htmlFor="email">
        <Input id="email" type="email" autoComplete="username" required autoFocus value={email} onChange={(e) => setEmail(e.target.value)} />
      </Field>
      <Field label="Password" htmlFor="password">
        <Input id="password" type="password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.target.value)} />
      </Field>
      <ErrorNote message={error} />
      <Button type="submit" busy={busy} className="w-full">Sign in</Button>
    </form>
  );
}
