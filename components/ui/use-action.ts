'use client';

import { useMutation, type UseMutationOptions } from '@tanstack/react-query';
import { useCallback, useRef } from 'react';

/**
 * Runs one call at a time and drops the calls made while it runs. A busy flag in state reaches the
 * button only after a render, and TanStack Query reports `isPending` later still (its notify
 * manager batches on a timer), so a double click would get through twice; a ref is set at once.
 */
export function useSingleFlight() {
  const running = useRef(false);
  return useCallback(async <T>(run: () => Promise<T>): Promise<T | undefined> => {
    if (running.current) return undefined;
    running.current = true;
    try {
      return await run();
    } finally {
      running.current = false;
    }
  }, []);
}

/** useMutation whose `mutate` ignores a second call while the first is in flight (a double click, Enter twice). */
export function useAction<TData = unknown, TVariables = void>(options: UseMutationOptions<TData, Error, TVariables>) {
  const mutation = useMutation(options);
  const once = useSingleFlight();
  const { mutateAsync } = mutation;
  // The error is on `mutation.error` already; the rejected promise has nobody else to tell.
  const mutate = useCallback((variables: TVariables) => void once(() => mutateAsync(variables).catch(() => undefined)), [once, mutateAsync]);
  return { ...mutation, mutate };
}
