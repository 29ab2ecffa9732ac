'use client';

import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { Button } from '../ui/button';
import { ErrorNote, Field, Input } from '../ui/field';
import { PasswordFields } from './password-fields';
import { signInWithPassword } from './sign-in';

async function postSetup(body: unknown): Promise<string | null> {
  const res = await fetch('/api/setup', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  if (res.ok) return null;
  return (await res.json().catch(() => null))?.error?.message ?? 'Setup failed.';
}

export function SetupForm() {
  const router = useRouter();
  const [form, setForm] = useState({ setupToken: '', email: '', password: '', confirm: '' });
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  return (
    <form
      className="space-y-4"
      onSubmit={async (e) => {
        e.preventDefault();
        if (form.password !== form.confirm) return setError('The passwords differ.');
        setBusy(true);
        const failure = await postSetup({ setupToken: form.setupToken.trim(), email: form.email, password: form.password });
        if (failure) {
          setError(failure);
          return setBusy(false);
        }
        await signInWithPassword(form.email, form.password);
        router.replace('/admin/orgs');
      }}
    >
      <Field label="Setup token" htmlFor="setupToken" hint="Printed once in the server log when the portal starts without an operator.">
        <Input id="setupToken" required autoFocus autoComplete="off" className="font-mono" value={form.setupToken} onChange={(e) => setForm({ ...form, setupToken: e.target.value })} />
      </Field>
      <Field label="Your e-mail" htmlFor="email">
        <Input id="email" type="email" autoComplete="username" required value={form.email} onChange={(e) => setForm({ ...form, email: e.target.value })} />
      </Field>
      <PasswordFields password={form.password} confirm={form.confirm} onChange={(password, confirm) => setForm({ ...form, password, confirm })} />
      <ErrorNote message={error} />
      <Button type="submit" busy={busy} className="w-full">Create the operator account</Button>
    </form>
  );
}
