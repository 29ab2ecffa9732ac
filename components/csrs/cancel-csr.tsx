'use client';

import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { apiPost } from '../api';
import type { Csr } from '../types';
import { buttonClass } from '../ui/button';
import { ConfirmPanel } from '../ui/confirm';
import { ErrorNote } from '../ui/field';
import { useAction } from '../ui/use-action';

/**
 * Cancelling cannot be undone (API.md: POST /csrs/{id}/cancel), so it asks first. `popover` drops
 * the question below the button without pushing the page (a page header's actions); inline
 * otherwise (a table row, where a popover would be clipped by the table's scrolling box).
 */
export function CancelCsr({ id, label = 'Cancel request', popover = false }: { id: string; label?: string; popover?: boolean }) {
  const client = useQueryClient();
  const [confirming, setConfirming] = useState(false);
  const cancel = useAction({
    mutationFn: () => apiPost<Csr>(`/api/v1/csrs/${id}/cancel`),
    onSuccess: async () => {
      await Promise.all([client.invalidateQueries({ queryKey: ['csrs'] }), client.invalidateQueries({ queryKey: ['csr', id] })]);
      // A cancelled request has no Cancel button: the focus, which was on the confirmation, goes to the page.
      document.getElementById('main')?.focus();
    },
  });
  const close = () => { cancel.reset(); setConfirming(false); };

  return (
    <div className={`text-left ${popover ? 'relative' : ''}`}>
      <button type="button" className={buttonClass('secondary')} aria-expanded={confirming} onClick={() => (confirming ? close() : setConfirming(true))}>{label}</button>
      {confirming && (
        // bg-white under the panel's translucent tint: as a popover it lies over the page.
        <div className={popover ? 'absolute right-0 top-full z-20 w-80 max-w-[calc(100vw-2rem)] rounded-md bg-white shadow-lg' : ''}>
          <ConfirmPanel title="Cancel this request?" confirmLabel="Yes, cancel it" busy={cancel.isPending} onConfirm={() => cancel.mutate()} onCancel={close}>
            <p>No operator can approve it afterwards. To ask again, upload a new CSR.</p>
            {cancel.error && <div className="mt-2"><ErrorNote message={cancel.error.message} /></div>}
          </ConfirmPanel>
        </div>
      )}
    </div>
  );
}
