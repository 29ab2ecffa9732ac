'use client';

import { Field, Input } from '../ui/field';

export function PasswordFields({ password, confirm, onChange, error }: {
  password: string; confirm: string; onChange: (password: string, confirm: string) => void; error?: string | null;
}) {
  const mismatch = confirm.length > 0 && confirm !== password;
  return (
    <>
      <Field label="Password" htmlFor="password" hint="At least 12 characters." error={error}>
        <Input id="password" type="password" autoComplete="new-password" required minLength={12} value={password} onChange={(e) => onChange(e.target.value, confirm)} />
      </Field>
      <Field label="Confirm password" htmlFor="confirm" error={mismatch ? 'The passwords differ.' : null}>
        <Input id="confirm" type="password" autoComplete="new-password" required value={confirm} onChange={(e) => onChange(password, e.target.value)} />
      </Field>
    </>
  );
}
