'use client';

import Link from 'next/link';
import { useState } from 'react';
import { Button } from '../ui/button';
import { ErrorNote, Field, Input } from '../ui/field';
import { postJson } from './post-json';
import { useSubmit } from './use-submit';

/**
 * Asks for a reset link. The answer is the same whether or not the account exists
 * (lib/orgs/password-reset), so the page says what happens if it does.
 */
export function ForgotPasswordForm({ mailConfigured, minutes }: { mailConfigured: boolean; minutes: number }) {
  const [email, setEmail] = useState('');
  const [sentTo, setSentTo] = useState<string | null>(null);
  const { error, busy, submit } = useSubmit();

  if (sentTo) {
    return (
      <div className="space-y-4 text-sm text-slate-700">
        <div role="status" className="rounded-md border border-emerald-200 bg-emerald-50 px-3 py-2 text-emerald-900">
          If <b>{sentTo}</b> has a Trustgate account, a link to choose a new password is on its way.
        </div>
        <p>The link works once, for {minutes} minutes. Nothing arrived after a few minutes? Look in your spam folder, then ask a Trustgate operator: they can make you a link.</p>
        {!mailConfigured && <p className="text-amber-800">This portal has no mail server set up yet, so the e-mail waits until an operator sets one up. Ask an operator for a link now.</p>}
        <p className="flex justify-between">
          <button type="button" onClick={() => setSentTo(null)} className="font-medium text-indigo-600 hover:underline">Use another address</button>
          <Link href="/signin" className="font-medium text-indigo-600 hover:underline">Back to sign-in</Link>
        </p>
      </div>
    );
  }
  return (
    <form
      className="space-y-4"
      onSubmit={submit(async () => {
        const failure = await postJson('/api/password-resets', { email }, 'The request failed. Try again.');
        if (failure) return failure;
        setSentTo(email.trim());
      })}
    >
      <Field label="E-mail" htmlFor="email" hint="The address you sign in with.">
        <Input id="email" type="email" autoComplete="username" required autoFocus value={email} onChange={(e) => setEmail(e.target.value)} />
      </Field>
      <ErrorNote message={error} />
      <Button type="submit" busy={busy} className="w-full">Send me a link</Button>
      <p className="text-center text-sm"><Link href="/signin" className="font-medium text-indigo-600 hover:underline">Back to sign-in</Link></p>
    </form>
  );
}
