'use client';

import { useState, type KeyboardEvent } from 'react';

/**
 * Backing out of an inline panel (a confirmation, a small form): Escape or Cancel closes it and
 * returns focus to whatever had it when the panel opened, the button that opened it, so a keyboard
 * user keeps their place. That button must stay mounted while the panel is open. The opener is
 * read while the panel first renders, before an autoFocus field inside it takes the focus.
 */
export function useDismiss(onClose: () => void) {
  const [opener] = useState(() => (typeof document === 'undefined' ? null : document.activeElement));
  const dismiss = () => {
    onClose();
    if (opener instanceof HTMLElement) requestAnimationFrame(() => opener.isConnected && opener.focus());
  };
  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key !== 'Escape') return;
    e.stopPropagation();
    dismiss();
  };
  return { dismiss, onKeyDown };
}
