'use client';

import { useState, type FormEvent } from 'react';
import { useSingleFlight } from '../ui/use-action';

/** Form submission state: `run` returns an error message to show, or nothing on success. A second submit while one runs is ignored. */
export function useSubmit() {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const once = useSingleFlight();
  const submit = (run: () => Promise<string | null | void>) => (event: FormEvent) => {
    event.preventDefault();
    void once(async () => {
      setBusy(true);
      setError(null);
      const failure = await run().catch((e: Error) => e.message);
      if (failure) {
        setError(failure);
        setBusy(false);
      }
    });
  };
  return { error, busy, submit };
}
