'use client';

import { useQueryClient } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { apiDelete, apiPost } from '../api';
import { formatDateTime, timeAgo } from '../format';
import type { OAuthClient } from '../types';
import { Button } from '../ui/button';
import { ConfirmPanel } from '../ui/confirm';
import { CopyButton } from '../ui/copy';
import { ErrorNote } from '../ui/field';
import { Badge } from '../ui/misc';
import { RotateForm } from './rotate-form';
import { previousSecretNote } from './rotation-note';
import { SecretOnce, type TokenEndpoints } from './secret-once';
import { useAction } from '../ui/use-action';

type Rotated = { clientSecret: string; note: string };
type Panel = 'rotate' | 'suspend' | 'delete' | null;

/** A managed client (the test console's own) is shown without controls: changing it would break the console. */
export function ClientRow({ client, canRotate: mayRotate, canManage: mayManage, showOrg, endpoints }: {
  client: OAuthClient; canRotate: boolean; canManage: boolean; showOrg: boolean; endpoints: TokenEndpoints;
}) {
  const { managed } = client;
  const canRotate = mayRotate && !managed;
  const canManage = mayManage && !managed;
  const query = useQueryClient();
  const [panel, setPanel] = useState<Panel>(null);
  const [rotated, setRotated] = useState<Rotated | null>(null);
  const row = useRef<HTMLLIElement>(null);
  const refresh = () => query.invalidateQueries({ queryKey: ['oauth-clients'] });
  const rotate = useAction({
    mutationFn: async (overlap: number) => {
      const out = await apiPost<{ clientSecret: string; previousSecretExpiresAt: string | null }>(`/api/v1/oauth-clients/${client.id}/secrets`, { previousSecretValidForSeconds: overlap });
      return { clientSecret: out.clientSecret, note: previousSecretNote(out.previousSecretExpiresAt, overlap) };
    },
    onSuccess: (out) => { setRotated(out); setPanel(null); row.current?.focus(); void refresh(); },
  });
  const status = useAction({
    mutationFn: (action: 'suspend' | 'resume' | 'delete') =>
      action === 'delete' ? apiDelete(`/api/v1/oauth-clients/${client.id}`) : apiPost(`/api/v1/oauth-clients/${client.id}/${action}`),
    // The panel that had the focus goes: it stays on this row, or on the list once the row is deleted.
    onSuccess: async (_, action) => {
      setPanel(null);
      const list = row.current?.closest('ul');
      row.current?.focus();
      await refresh();
      if (action === 'delete') list?.focus();
    },
  });
  const toggle = (next: Panel) => setPanel(panel === next ? null : next);
  const retiring = client.secrets.filter((s) => s.expiresAt);

  return (
    <li ref={row} tabIndex={-1} className="rounded-sm py-4 outline-indigo-600 focus-visible:outline-2">
      <div className="flex flex-wrap items-start justify-between gap-4">
        <div className="min-w-0 space-y-1">
          <p className="flex flex-wrap items-center gap-2 font-medium text-slate-900">
            {client.name}
            <Badge tone={client.status === 'active' ? 'green' : 'amber'}>{client.status}</Badge>
            {client.certificateBound && <Badge tone="indigo">mTLS-bound</Badge>}
            {showOrg && <Badge>{client.orgId}</Badge>}
            {managed && <Badge>managed</Badge>}
          </p>
          {managed && <p className="text-xs text-slate-600">Used by the test console; managed by Trustgate.</p>}
          <p className="flex min-w-0 items-center gap-2">
            <code className="min-w-0 break-all font-mono text-xs text-slate-700">{client.clientId}</code>
            <CopyButton text={client.clientId} label="Copy ID" />
          </p>
          <p className="flex flex-wrap gap-1.5">{client.scopes.map((s) => <code key={s} className="rounded bg-slate-100 px-1.5 py-0.5 font-mono text-xs text-slate-700">{s}</code>)}</p>
          <p className="text-xs text-slate-500">
            Created {formatDateTime(client.createdAt)} · last used {client.lastUsedAt ? timeAgo(client.lastUsedAt) : 'never'}
            {retiring.map((s) => <span key={s.createdAt}> · previous secret works until {formatDateTime(s.expiresAt)}</span>)}
          </p>
        </div>
        <div className="flex flex-wrap gap-2">
          {canRotate && <Button variant="secondary" onClick={() => toggle('rotate')} aria-expanded={panel === 'rotate'}>Rotate secret</Button>}
          {canManage && client.status === 'active' && <Button variant="secondary" onClick={() => toggle('suspend')} aria-expanded={panel === 'suspend'}>Suspend</Button>}
          {canManage && client.status === 'suspended' && <Button variant="secondary" busy={status.isPending && status.variables === 'resume'} onClick={() => status.mutate('resume')}>Resume</Button>}
          {canManage && <Button variant="ghost" className="text-red-700" onClick={() => toggle('delete')} aria-expanded={panel === 'delete'}>Delete</Button>}
        </div>
      </div>

      {panel === 'rotate' && <RotateForm id={client.id} busy={rotate.isPending} onRotate={(overlap) => rotate.mutate(overlap)} onCancel={() => setPanel(null)} />}
      {panel === 'suspend' && (
        <ConfirmPanel title={`Suspend ${client.name}?`} confirmLabel="Suspend client" busy={status.isPending} onConfirm={() => status.mutate('suspend')} onCancel={() => setPanel(null)}>
          Token requests with this client will fail until it is resumed, and the access tokens it already holds stop working at once.
        </ConfirmPanel>
      )}
      {panel === 'delete' && (
        <ConfirmPanel title={`Delete ${client.name}?`} confirmLabel="Delete client" busy={status.isPending} onConfirm={() => status.mutate('delete')} onCancel={() => setPanel(null)}>
          Its secrets stop working and every token it holds turns inactive at once. This cannot be undone.
        </ConfirmPanel>
      )}
      <div className="mt-3 space-y-2">
        {rotate.isError && <ErrorNote message={rotate.error.message} />}
        {status.isError && <ErrorNote message={status.error.message} />}
      </div>
      {rotated && (
        <div className="mt-4">
          <SecretOnce clientId={client.clientId} secret={rotated.clientSecret} endpoints={endpoints} certificateBound={client.certificateBound} note={rotated.note} onDone={() => { setRotated(null); row.current?.focus(); }} />
        </div>
      )}
    </li>
  );
}
