'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { apiDelete, apiPost } from '../api';
import { formatDateTime, timeAgo } from '../format';
import type { OAuthClient } from '../types';
import { Button } from '../ui/button';
import { CopyButton } from '../ui/copy';
import { ErrorNote, Field, Select } from '../ui/field';
import { Badge } from '../ui/misc';
import { SecretOnce } from './secret-once';

const overlaps: [number, string][] = [
  [0, 'Immediately (the old secret stops now)'],
  [3600, 'After 1 hour'],
  [86_400, 'After 24 hours'],
  [7 * 86_400, 'After 7 days'],
];

type Rotated = { clientSecret: string; previousSecretExpiresAt: string };

export function ClientRow({ client, canRotate, canManage, showOrg, tokenEndpoint }: { client: OAuthClient; canRotate: boolean; canManage: boolean; showOrg: boolean; tokenEndpoint: string }) {
  const query = useQueryClient();
  const [panel, setPanel] = useState<'rotate' | 'delete' | null>(null);
  const [overlap, setOverlap] = useState(86_400);
  const [rotated, setRotated] = useState<Rotated | null>(null);
  const refresh = () => query.invalidateQueries({ queryKey: ['oauth-clients'] });
  const rotate = useMutation({
    mutationFn: () => apiPost<Rotated>(`/api/v1/oauth-clients/${client.id}/secrets`, { previousSecretValidForSeconds: overlap }),
    onSuccess: (out) => { setRotated(out); setPanel(null); void refresh(); },
  });
  const status = useMutation({
    mutationFn: (action: 'suspend' | 'resume' | 'delete') =>
      action === 'delete' ? apiDelete(`/api/v1/oauth-clients/${client.id}`) : apiPost(`/api/v1/oauth-clients/${client.id}/${action}`),
    onSuccess: () => { setPanel(null); void refresh(); },
  });
  const retiring = client.secrets.filter((s) => s.expiresAt);

  return (
    <li className="py-4">
      <div className="flex flex-wrap items-start justify-between gap-4">
        <div className="min-w-0 space-y-1">
          <p className="flex flex-wrap items-center gap-2 font-medium text-slate-900">
            {client.name}
            <Badge tone={client.status === 'active' ? 'green' : 'amber'}>{client.status}</Badge>
            {client.certificateBound && <Badge tone="indigo">mTLS-bound</Badge>}
            {showOrg && <Badge>{client.orgId}</Badge>}
          </p>
          <p className="flex items-center gap-2">
            <code className="font-mono text-xs text-slate-700">{client.clientId}</code>
            <CopyButton text={client.clientId} label="Copy ID" />
          </p>
          <p className="flex flex-wrap gap-1.5">{client.scopes.map((s) => <code key={s} className="rounded bg-slate-100 px-1.5 py-0.5 font-mono text-xs text-slate-700">{s}</code>)}</p>
          <p className="text-xs text-slate-500">
            Created {formatDateTime(client.createdAt)} · last used {client.lastUsedAt ? timeAgo(client.lastUsedAt) : 'never'}
            {retiring.map((s) => <span key={s.createdAt}> · previous secret works until {formatDateTime(s.expiresAt)}</span>)}
          </p>
        </div>
        <div className="flex flex-wrap gap-2">
          {canRotate && <Button variant="secondary" onClick={() => setPanel(panel === 'rotate' ? null : 'rotate')} aria-expanded={panel === 'rotate'}>Rotate secret</Button>}
          {canManage && client.status === 'active' && <Button variant="secondary" busy={status.isPending && status.variables === 'suspend'} onClick={() => status.mutate('suspend')}>Suspend</Button>}
          {canManage && client.status === 'suspended' && <Button variant="secondary" busy={status.isPending && status.variables === 'resume'} onClick={() => status.mutate('resume')}>Resume</Button>}
          {canManage && <Button variant="ghost" className="text-red-700" onClick={() => setPanel(panel === 'delete' ? null : 'delete')} aria-expanded={panel === 'delete'}>Delete</Button>}
        </div>
      </div>

      {panel === 'rotate' && (
        <form className="mt-4 flex flex-wrap items-end gap-3 rounded-md bg-slate-50 p-4" onSubmit={(e) => { e.preventDefault(); rotate.mutate(); }}>
          <div className="min-w-64 flex-1">
            <Field label="The current secret stops working" htmlFor={`overlap-${client.id}`} hint="Give your deployments time to switch; choose “Immediately” if the secret leaked.">
              <Select id={`overlap-${client.id}`} value={overlap} onChange={(e) => setOverlap(Number(e.target.value))}>
                {overlaps.map(([value, label]) => <option key={value} value={value}>{label}</option>)}
              </Select>
            </Field>
          </div>
          <Button type="submit" busy={rotate.isPending}>Issue new secret</Button>
          <Button type="button" variant="ghost" onClick={() => setPanel(null)}>Cancel</Button>
        </form>
      )}
      {panel === 'delete' && (
        <div className="mt-4 flex flex-wrap items-center gap-3 rounded-md border border-red-200 bg-red-50 p-4 text-sm text-red-900">
          <p className="flex-1">Delete <strong>{client.name}</strong>? Its secrets stop working and every token it holds turns inactive at once. This cannot be undone.</p>
          <Button variant="danger" busy={status.isPending && status.variables === 'delete'} onClick={() => status.mutate('delete')}>Delete client</Button>
          <Button variant="ghost" onClick={() => setPanel(null)}>Keep it</Button>
        </div>
      )}
      <div className="mt-3 space-y-2">
        {rotate.isError && <ErrorNote message={rotate.error.message} />}
        {status.isError && <ErrorNote message={status.error.message} />}
      </div>
      {rotated && (
        <div className="mt-4">
          <SecretOnce
            clientId={client.clientId}
            secret={rotated.clientSecret}
            tokenEndpoint={tokenEndpoint}
            note={`The previous secret works until ${formatDateTime(rotated.previousSecretExpiresAt)}.`}
            onDone={() => setRotated(null)}
          />
        </div>
      )}
    </li>
  );
}
