'use client';

import { useQueryClient } from '@tanstack/react-query';
import { signOut } from 'next-auth/react';
import { useRef, useState } from 'react';
import { ApiError, apiDelete, apiPost } from '../api';
import { PasswordFields } from '../auth/password-fields';
import { signInWithPassword } from '../auth/sign-in';
import { Button } from '../ui/button';
import { ConfirmPanel } from '../ui/confirm';
import { ErrorNote, Field, Input } from '../ui/field';
import { Card } from '../ui/misc';
import { useAction } from '../ui/use-action';

/**
 * Changing the password ends every session (lib/orgs/account.ts), this one too: the form signs in
 * again with the new password, so the person who changed it stays signed in here.
 */
export function PasswordAndSessions({ email, resetMinutes }: { email: string; resetMinutes: number }) {
  const [current, setCurrent] = useState('');
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [changed, setChanged] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const client = useQueryClient();
  const status = useRef<HTMLParagraphElement>(null);
  const currentInput = useRef<HTMLInputElement>(null);

  const change = useAction({
    mutationFn: async () => {
      if (password !== confirm) throw new ApiError('mismatch', 'The passwords differ.', 0, 'confirm');
      await apiPost('/api/v1/me/password', { currentPassword: current, newPassword: password });
      const failure = await signInWithPassword(email, password);
      if (failure) throw new ApiError('signed_out', 'Your password was changed, but signing in again failed. Sign in with the new password.', 0);
    },
    onMutate: () => setChanged(false),
    onSuccess: () => {
      setCurrent(''); setPassword(''); setConfirm(''); setChanged(true);
      void client.invalidateQueries({ queryKey: ['activity'] });
      status.current?.focus();
    },
    onError: (error) => {
      void client.invalidateQueries({ queryKey: ['activity'] });
      if (error instanceof ApiError && error.field === 'currentPassword') currentInput.current?.focus();
    },
  });
  const endAll = useAction({
    mutationFn: () => apiDelete('/api/v1/me/sessions'),
    onSuccess: () => void signOut({ callbackUrl: '/signin' }),
  });
  // The current password forgotten while signed in: the same e-mailed link as on the sign-in page.
  const reset = useAction({
    mutationFn: () => apiPost('/api/password-resets', { email }),
    onSettled: () => void client.invalidateQueries({ queryKey: ['activity'] }),
  });
  const field = change.error instanceof ApiError ? change.error.field : undefined;
  const errorFor = (name: string) => (field === name ? change.error!.message : null);

  return (
    <Card title="Password and sessions">
      <form className="max-w-md space-y-4" onSubmit={(e) => { e.preventDefault(); change.mutate(); }}>
        <Field label="Current password" htmlFor="current-password" error={errorFor('currentPassword')}>
          <Input ref={currentInput} id="current-password" type="password" autoComplete="current-password" required value={current} onChange={(e) => setCurrent(e.target.value)} />
        </Field>
        <div className="-mt-2 text-xs text-slate-600">
          Forgot it?{' '}
          <button type="button" className="font-medium text-indigo-600 hover:underline disabled:opacity-60" disabled={reset.isPending} onClick={() => reset.mutate()}>
            E-mail me a link to choose a new one
          </button>
          <span role="status" className="block text-emerald-700">{reset.isSuccess ? `Sent to ${email}: it works once, for ${resetMinutes} minutes.` : ''}</span>
          {reset.isError && <span role="alert" className="block text-red-700">{reset.error.message}</span>}
        </div>
        <PasswordFields label="New password" password={password} confirm={confirm} error={errorFor('newPassword')} onChange={(p, c) => { setPassword(p); setConfirm(c); }} />
        {change.isError && !['currentPassword', 'newPassword', 'confirm'].includes(field ?? '') && <ErrorNote message={change.error.message} />}
        <div className="flex flex-wrap items-center gap-3">
          <Button type="submit" busy={change.isPending}>Change password</Button>
          <p ref={status} tabIndex={-1} role="status" className="text-sm text-emerald-700 focus:outline-none">
            {changed ? 'Password changed. Your other sessions are signed out.' : ''}
          </p>
        </div>
      </form>
      <div className="mt-6 border-t border-slate-100 pt-4">
        <p className="text-sm text-slate-600">Signed in on another computer you no longer use, or lost one? End every session, this one included. Personal API tokens keep working; revoke them above.</p>
        <Button variant="secondary" className="mt-3" aria-expanded={confirming} onClick={() => setConfirming(!confirming)}>Sign out everywhere</Button>
        {confirming && (
          <ConfirmPanel title="Sign out of every session?" confirmLabel="Sign out everywhere" busy={endAll.isPending} onConfirm={() => endAll.mutate()} onCancel={() => setConfirming(false)}>
            Every browser signed in as {email} is signed out at its next request, this one now.
          </ConfirmPanel>
        )}
        <ErrorNote message={endAll.error?.message} />
      </div>
    </Card>
  );
}
