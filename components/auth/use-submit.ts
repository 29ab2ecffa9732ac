'use client';

import { useState, type FormEvent } from 'react';

/** Form submission state: `run` returns an error message to show, or nothing on success. */
export function useSubmit() {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = (run: () => Promise<string | null | void>) => async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    const failure = await run().catch((e: Error) => e.message);
    if (failure) {
      setError(failure);
      setBusy(false);
    }
  };
  return { error, busy, submit };
}
