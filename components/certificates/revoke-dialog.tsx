'use client';

import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { apiPost } from '../api';
import { REVOCATION_REASONS } from '../format';
import { Button } from '../ui/button';
import { ErrorNote, Field, Select } from '../ui/field';
import { useAction } from '../ui/use-action';
import { useDismiss } from '../ui/use-dismiss';

// Every reason the API accepts, in words (format.ts), the common ones explained. No
// certificateHold: RFC 5280 §5.3.1 makes a hold temporary, and a revocation here is for good.
const EXPLAINED: Record<string, string> = {
  keyCompromise: 'the private key may be known to someone else',
  superseded: 'replaced by a new certificate',
  cessationOfOperation: 'the client is retired',
};
const reasons = (['keyCompromise', 'superseded', 'cessationOfOperation', 'affiliationChanged', 'privilegeWithdrawn', 'unspecified'] as const)
  .map((value) => [value, EXPLAINED[value] ? `${REVOCATION_REASONS[value]}: ${EXPLAINED[value]}` : REVOCATION_REASONS[value]] as const);

/** `onRevoked` runs once the page shows the certificate as revoked: it moves the focus there, as this dialog goes. */
export function RevokeDialog({ id, serial, onRevoked }: { id: string; serial: string; onRevoked: () => void }) {
  const client = useQueryClient();
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('keyCompromise');
  const revoke = useAction({
    mutationFn: () => apiPost(`/api/v1/certificates/${id}/revoke`, { reason }),
    onSuccess: async () => {
      await client.invalidateQueries({ queryKey: ['certificate', id] });
      setOpen(false);
      onRevoked();
    },
  });
  return (
    <>
      <Button variant="danger" aria-expanded={open} onClick={() => setOpen(!open)}>Revoke…</Button>
      {open && <RevokePanel serial={serial} reason={reason} onReason={setReason} revoke={revoke} onClose={() => { revoke.reset(); setOpen(false); }} />}
    </>
  );
}

function RevokePanel({ serial, reason, onReason, revoke, onClose }: {
  serial: string; reason: string; onReason: (reason: string) => void; revoke: { isPending: boolean; error: Error | null; mutate: () => void }; onClose: () => void;
}) {
  const { dismiss, onKeyDown } = useDismiss(onClose);
  return (
    <div role="dialog" aria-label="Revoke certificate" onKeyDown={onKeyDown} className="w-full space-y-3 rounded-lg border border-red-200 bg-red-50 p-4">
      <p className="text-sm text-red-900">Revoking <span className="font-mono">{serial}</span> lists it in the CRL at once. This cannot be undone.</p>
      <Field label="Reason (RFC 5280)" htmlFor="reason">
        <Select id="reason" value={reason} onChange={(e) => onReason(e.target.value)} autoFocus>
          {reasons.map(([value, label]) => <option key={value} value={value}>{label}</option>)}
        </Select>
      </Field>
      <ErrorNote message={revoke.error?.message} />
      <div className="flex gap-2">
        <Button variant="danger" busy={revoke.isPending} onClick={() => revoke.mutate()}>Revoke certificate</Button>
        <Button variant="secondary" onClick={dismiss}>Cancel</Button>
      </div>
    </div>
  );
}
