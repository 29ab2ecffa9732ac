'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { apiPost } from '../api';
import type { Csr } from '../types';
import { buttonClass } from '../ui/button';
import { ConfirmPanel } from '../ui/confirm';
import { ErrorNote } from '../ui/field';

/** Cancelling cannot be undone (API.md: POST /csrs/{id}/cancel), so it asks first. */
export function CancelCsr({ id, label = 'Cancel request' }: { id: string; label?: string }) {
  const client = useQueryClient();
  const [confirming, setConfirming] = useState(false);
  const trigger = useRef<HTMLButtonElement>(null);
  const backedOut = useRef(false);
  const cancel = useMutation({
    mutationFn: () => apiPost<Csr>(`/api/v1/csrs/${id}/cancel`),
    onSuccess: () => Promise.all([client.invalidateQueries({ queryKey: ['csrs'] }), client.invalidateQueries({ queryKey: ['csr', id] })]),
  });
  // "Keep" hands focus back to the button that opened the panel, not to the top of the page.
  useEffect(() => {
    if (!confirming && backedOut.current) trigger.current?.focus();
  }, [confirming]);
  const close = () => { backedOut.current = true; cancel.reset(); setConfirming(false); };

  if (!confirming) {
    return <button ref={trigger} type="button" className={buttonClass('secondary')} onClick={() => setConfirming(true)}>{label}</button>;
  }
  return (
    <div className="text-left">
      <ConfirmPanel title="Cancel this request?" confirmLabel="Cancel request" busy={cancel.isPending} onConfirm={() => cancel.mutate()} onCancel={close}>
        <p>No operator can approve it afterwards. To ask again, upload a new CSR.</p>
        {cancel.error && <div className="mt-2"><ErrorNote message={cancel.error.message} /></div>}
      </ConfirmPanel>
    </div>
  );
}
