'use client';

import { useRef, useState } from 'react';
import { apiDelete } from '../api';
import { formatDateTime, statusLabel } from '../format';
import type { ApiToken } from '../types';
import { Button } from '../ui/button';
import { ConfirmPanel } from '../ui/confirm';
import { ErrorNote } from '../ui/field';
import { Badge } from '../ui/misc';
import { useAction } from '../ui/use-action';

export function TokenRow({ token, onRevoked }: { token: ApiToken; onRevoked: () => void }) {
  const [confirming, setConfirming] = useState(false);
  const row = useRef<HTMLLIElement>(null);
  const revoke = useAction({
    mutationFn: () => apiDelete(`/api/v1/tokens/${token.id}`),
    // The confirmation and the Revoke button go; the focus stays on this row, now "Revoked".
    onSuccess: () => { setConfirming(false); onRevoked(); row.current?.focus(); },
  });

  return (
    <li ref={row} tabIndex={-1} className="rounded-sm py-3 text-sm outline-indigo-600 focus-visible:outline-2">
      <div className="flex flex-wrap items-center justify-between gap-x-4 gap-y-2">
        <div className="min-w-0">
          <p className="break-all font-medium text-slate-900">{token.name} <span className="font-mono text-xs text-slate-500">{token.prefix}…</span></p>
          <p className="text-xs text-slate-500">Created {formatDateTime(token.createdAt)} · last used {token.lastUsedAt ? formatDateTime(token.lastUsedAt) : 'never'}</p>
        </div>
        {token.revokedAt ? <Badge>{statusLabel('revoked')}</Badge> : (
          <Button variant="secondary" aria-expanded={confirming} onClick={() => setConfirming(!confirming)}>Revoke</Button>
        )}
      </div>
      {confirming && !token.revokedAt && (
        <ConfirmPanel title={`Revoke “${token.name}”?`} confirmLabel="Revoke token" busy={revoke.isPending} onConfirm={() => revoke.mutate()} onCancel={() => setConfirming(false)}>
          Scripts and CI jobs that use it get 401 from their next call. A revoked token cannot be restored; create a new one instead.
        </ConfirmPanel>
      )}
      {revoke.isError && <div className="mt-2"><ErrorNote message={revoke.error.message} /></div>}
    </li>
  );
}
