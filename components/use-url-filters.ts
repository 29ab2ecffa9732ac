'use client';

import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { useEffect, useOptimistic, useRef, useState, useTransition } from 'react';

/** How a page's filters read from and write to its query string. */
export type FilterCodec<F> = { read: (params: URLSearchParams) => F; write: (filters: F) => URLSearchParams };

const TYPING_DELAY_MS = 300;

function pick<F, K extends keyof F>(filters: F, keys: readonly K[]): Pick<F, K> {
  const out = {} as Pick<F, K>;
  for (const k of keys) out[k] = filters[k];
  return out;
}
const same = <T extends object>(a: T, b: T) => Object.keys(a).every((k) => a[k as keyof T] === b[k as keyof T]);

/**
 * Filters kept in the URL, so a reload or a shared link shows the same list. `typedKeys` are text
 * boxes: what is typed shows at once (`typed`) and is applied once typing pauses, so a word costs
 * one request rather than one per keystroke. Other changes apply at once, and `filters` shows them
 * before the navigation that carries them has finished (a ticked box ticks on the click).
 */
export function useUrlFilters<F extends object, K extends keyof F>(codec: FilterCodec<F>, typedKeys: readonly K[]) {
  const router = useRouter();
  const pathname = usePathname();
  const inUrl = codec.read(useSearchParams());
  const [, startTransition] = useTransition();
  const [filters, applyOptimistic] = useOptimistic(inUrl, (current: F, patch: Partial<F>) => ({ ...current, ...patch }));

  // Replace rather than push: filtering is not a navigation the back button should step through.
  // Read the URL afresh, so a change made while a typed one was pending is not undone.
  const update = (patch: Partial<F>) =>
    startTransition(() => {
      applyOptimistic(patch);
      const query = codec.write({ ...codec.read(new URLSearchParams(window.location.search)), ...patch }).toString();
      router.replace(`${pathname}${query ? `?${query}` : ''}`, { scroll: false });
    });

  const [typed, setTypedState] = useState(() => pick(filters, typedKeys));
  const applied = useRef(pick(filters, typedKeys));
  const current = pick(filters, typedKeys);
  // Changed from outside (a link, Clear filters): show it in the boxes.
  useEffect(() => {
    if (!same(current, applied.current)) {
      applied.current = current;
      setTypedState(current);
    }
  }, [JSON.stringify(current)]);
  useEffect(() => {
    if (same(typed, applied.current)) return;
    const timer = setTimeout(() => {
      applied.current = typed;
      update(typed as Partial<F>);
    }, TYPING_DELAY_MS);
    return () => clearTimeout(timer);
  }, [JSON.stringify(typed)]); // only typing restarts the wait
  const setTyped = (patch: Partial<Pick<F, K>>) => setTypedState((t) => ({ ...t, ...patch }));

  const clear = () => {
    applied.current = pick(codec.read(new URLSearchParams()), typedKeys);
    setTypedState(applied.current);
    startTransition(() => {
      applyOptimistic(codec.read(new URLSearchParams()));
      router.replace(pathname, { scroll: false });
    });
  };
  return { filters, update, typed, setTyped, clear };
}
