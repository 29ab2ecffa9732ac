'use client';

import { useEffect, useId, useRef, type ReactNode } from 'react';
import { Button } from './button';
import { useDismiss } from './use-dismiss';

/**
 * An inline "are you sure" for an action that cannot be undone (revoke, cancel, suspend).
 * Inline rather than a modal: it appears where the user clicked, and Escape or "Keep" backs out.
 * Focus moves to the safe choice, so a second Enter does not confirm by accident; backing out
 * returns it to the button that opened the panel (useDismiss).
 */
export function ConfirmPanel({ title, children, confirmLabel, busy, onConfirm, onCancel }: {
  title: string;
  children?: ReactNode;
  confirmLabel: string;
  busy?: boolean;
  onConfirm: () => void;
  onCancel: () => void;
}) {
  const keep = useRef<HTMLButtonElement>(null);
  const described = useId();
  const { dismiss, onKeyDown } = useDismiss(onCancel);
  useEffect(() => keep.current?.focus(), []);
  return (
    <div
      role="alertdialog"
      aria-label={title}
      // The consequence is what an alertdialog's description is for: read out with the question.
      aria-describedby={children ? described : undefined}
      onKeyDown={onKeyDown}
      className="mt-2 rounded-md border border-red-200 bg-red-50/60 p-3 text-sm"
    >
      <p className="font-medium text-red-900">{title}</p>
      {children && <div id={described} className="mt-1 text-red-800">{children}</div>}
      <div className="mt-3 flex flex-wrap gap-2">
        <Button variant="danger" busy={busy} onClick={onConfirm}>{confirmLabel}</Button>
        <button ref={keep} type="button" onClick={dismiss} className="rounded-md px-3 py-2 text-sm font-medium text-slate-700 hover:bg-white focus-visible:outline-2 focus-visible:outline-indigo-600">
          Keep
        </button>
      </div>
    </div>
  );
}
