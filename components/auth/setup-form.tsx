'use client';

import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { Button } from '../ui/button';
import { ErrorNote, Field, Input } from '../ui/field';
import { PasswordFields } from './password-fields';
import { postJson } from './post-json';
import { signInWithPassword } from './sign-in';
import { useSubmit } from './use-submit';

export function SetupForm() {
  const router = useRouter();
  const [form, setForm] = useState({ setupToken: '', email: '', password: '', confirm: '' });
  const { error, busy, submit } = useSubmit();

  return (
    <form
      className="space-y-4"
      onSubmit={submit(async () => {
        if (form.password !== form.confirm) return 'The passwords differ.';
        const failure = await postJson('/api/setup', { setupToken: form.setupToken.trim(), email: form.email, password: form.password }, 'Setup failed.');
        if (failure) return failure;
        await signInWithPassword(form.email, form.password);
        router.replace('/admin/orgs');
      })}
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
