'use client';

import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { apiPost } from '../api';
import { Button } from '../ui/button';
import { ErrorNote, Field, Select } from '../ui/field';
import { useAction } from '../ui/use-action';

const reasons = [
  ['keyCompromise', 'Key compromise: the private key may be known to someone else'],
  ['superseded', 'Superseded: replaced by a new certificate'],
  ['cessationOfOperation', 'Cessation of operation: the client is retired'],
  ['affiliationChanged', 'Affiliation changed'],
  ['privilegeWithdrawn', 'Privilege withdrawn'],
  ['certificateHold', 'Certificate hold'],
  ['unspecified', 'Unspecified'],
] as const;

export function RevokeDialog({ id, serial }: { id: string; serial: string }) {
  const client = useQueryClient();
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('keyCompromise');
  const revoke = useAction({
    mutationFn: () => apiPost(`/api/v1/certificates/${id}/revoke`, { reason }),
    onSuccess: () => {
      setOpen(false);
      void client.invalidateQueries({ queryKey: ['certificate', id] });
    },
  });
  if (!open) return <Button variant="danger" onClick={() => setOpen(true)}>Revoke…</Button>;
  return (
    <div role="dialog" aria-label="Revoke certificate" className="w-full space-y-3 rounded-lg border border-red-200 bg-red-50 p-4">
      <p className="text-sm text-red-900">Revoking <span className="font-mono">{serial}</span> lists it in the CRL at once. This cannot be undone.</p>
      <Field label="Reason (RFC 5280)" htmlFor="reason">
        <Select id="reason" value={reason} onChange={(e) => setReason(e.target.value)} autoFocus>
          {reasons.map(([value, label]) => <option key={value} value={value}>{label}</option>)}
        </Select>
      </Field>
      <ErrorNote message={revoke.error?.message} />
      <div className="flex gap-2">
        <Button variant="danger" busy={revoke.isPending} onClick={() => revoke.mutate()}>Revoke certificate</Button>
        <Button variant="secondary" onClick={() => setOpen(false)}>Cancel</Button>
      </div>
    </div>
  );
}
