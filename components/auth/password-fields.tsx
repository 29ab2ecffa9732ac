'use client';

import { Field, Input } from '../ui/field';

export function PasswordFields({ password, confirm, onChange, error, label = 'Password' }: {
  password: string; confirm: string; onChange: (password: string, confirm: string) => void; error?: string | null; label?: string;
}) {
  const mismatch = confirm.length > 0 && confirm !== password;
  return (
    <>
      <Field label={label} htmlFor="password" hint="At least 12 characters." error={error}>
        <Input id="password" type="password" autoComplete="new-password" required minLength={12} value={password} onChange={(e) => onChange(e.target.value, confirm)} />
      </Field>
      <Field label={`Confirm ${label.toLowerCase()}`} htmlFor="confirm" error={mismatch ? 'The passwords differ.' : null}>
        <Input id="confirm" type="password" autoComplete="new-password" required value={confirm} onChange={(e) => onChange(password, e.target.value)} />
      </Field>
    </>
  );
}
