'use client';

import { useSyncExternalStore } from 'react';

const never = () => () => {};

/**
 * False on the server and while hydrating, true after: for what only the browser knows (its time
 * zone above all), which the server's HTML must not guess, or hydration would find it different.
 */
export const useHydrated = () => useSyncExternalStore(never, () => true, () => false);
