'use client';

import { useCallback, useEffect, useRef, useState } from 'react';

/**
 * The small-screen menu: closes on Escape, on a click outside and on navigation; focus moves
 * into the panel when it opens and back to the button when it closes (WAI-ARIA disclosure).
 */
export function useMenu(pathname: string) {
  const [open, setOpen] = useState(false);
  const root = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);
  const panel = useRef<HTMLElement>(null);
  const close = useCallback(() => setOpen(false), []);

  useEffect(close, [pathname, close]);

  useEffect(() => {
    if (!open) return;
    // The first link that is shown: the nav's own logo is hidden below md, where the top bar has one.
    [...(panel.current?.querySelectorAll<HTMLElement>('a, button') ?? [])].find((el) => el.getClientRects().length)?.focus();
    const onKey = (e: KeyboardEvent) => { if (e.key === 'Escape') setOpen(false); };
    // A click or Tab outside closes it: the panel covers the page, so focus must not move on behind it.
    const onOutside = (e: Event) => { if (!root.current?.contains(e.target as Node)) setOpen(false); };
    document.addEventListener('keydown', onKey);
    document.addEventListener('pointerdown', onOutside);
    document.addEventListener('focusin', onOutside);
    return () => {
      document.removeEventListener('keydown', onKey);
      document.removeEventListener('pointerdown', onOutside);
      document.removeEventListener('focusin', onOutside);
      // Only reclaim focus that the closing panel held (or dropped); a click outside keeps its target.
      const active = document.activeElement;
      if (!active || active === document.body || panel.current?.contains(active)) button.current?.focus();
    };
  }, [open]);

  return { open, toggle: () => setOpen((o) => !o), close, root, button, panel };
}
