'use client';

import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { Button } from '../ui/button';
import { ErrorNote } from '../ui/field';
import { PasswordFields } from './password-fields';
import { signInWithPassword } from './sign-in';

export function AcceptInviteForm({ token, email }: { token: string; email: string }) {
  const router = useRouter();
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  return (
    <form
      className="space-y-4"
      onSubmit={async (e) => {
        e.preventDefault();
        if (password !== confirm) return setError('The passwords differ.');
        setBusy(true);
        const res = await fetch(`/api/invitations/${encodeURIComponent(token)}/accept`, {
          method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ password }),
        });
        if (!res.ok) {
          setError((await res.json().catch(() => null))?.error?.message ?? 'Could not accept the invitation.');
          return setBusy(false);
        }
        await signInWithPassword(email, password);
        router.replace('/csrs/new');
      }}
    >
      <PasswordFields password={password} confirm={confirm} onChange={(p, c) => { setPassword(p); setConfirm(c); }} />
      <ErrorNote message={error} />
      <Button type="submit" busy={busy} className="w-full">Create my account</Button>
    </form>
  );
}
