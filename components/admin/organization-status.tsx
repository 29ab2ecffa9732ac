'use client';

import { useQueryClient } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { apiPost } from '../api';
import { Button } from '../ui/button';
import { ConfirmPanel } from '../ui/confirm';
import { ErrorNote } from '../ui/field';
import { Badge, Card } from '../ui/misc';
import { useAction } from '../ui/use-action';

/**
 * Suspend or resume an organization (operators; the server checks again). Suspension is the
 * quick stop for a client company in trouble: its certificates and tokens stop working on the
 * next request, and nothing is deleted, so resuming brings everything back.
 */
export function OrganizationStatus({ orgId, active }: { orgId: string; active: boolean }) {
  const client = useQueryClient();
  const [asking, setAsking] = useState(false);
  const status = useRef<HTMLParagraphElement>(null);
  const change = useAction({
    mutationFn: () => apiPost(`/api/v1/orgs/${orgId}/${active ? 'suspend' : 'resume'}`),
    onSuccess: async () => {
      await Promise.all([client.invalidateQueries({ queryKey: ['org', orgId] }), client.invalidateQueries({ queryKey: ['orgs'] })]);
      setAsking(false);
      status.current?.focus();
    },
  });
  return (
    <Card title="Status">
      <p ref={status} tabIndex={-1} className="flex items-center gap-2 text-sm text-slate-700 outline-none">
        {active ? <Badge tone="green">Active</Badge> : <Badge tone="red">Suspended</Badge>}
        {active ? 'Its certificates, OAuth clients and members work.' : 'Its certificates and tokens are refused, and nothing new is made for it.'}
      </p>
      <div className="mt-3">
        {active ? (
          asking ? (
            <ConfirmPanel title="Suspend this organization?" confirmLabel="Suspend" busy={change.isPending} onConfirm={() => change.mutate()} onCancel={() => setAsking(false)}>
              The mTLS listener refuses its certificates and the token endpoint its OAuth clients from the next request. It cannot submit CSRs, and you cannot approve its pending ones, until you resume it. Nothing is deleted.
            </ConfirmPanel>
          ) : (
            <Button variant="secondary" aria-expanded={false} onClick={() => setAsking(true)}>Suspend…</Button>
          )
        ) : (
          <Button variant="secondary" busy={change.isPending} onClick={() => change.mutate()}>Resume</Button>
        )}
      </div>
      <div className="mt-2"><ErrorNote message={change.error?.message} /></div>
    </Card>
  );
}
