'use client';

import Link from 'next/link';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { apiGet, apiPost } from '../api';
import { formatDate, plural } from '../format';
import type { Org } from '../types';
import { Button } from '../ui/button';
import { ErrorNote, Field, Input } from '../ui/field';
import { Badge, Card, Empty, Skeleton } from '../ui/misc';
import { useAction } from '../ui/use-action';
import { refreshAfterWrite } from '../ui/refresh';

const ORG_ID = /^[a-z0-9-]{3,64}$/;

export function Organizations() {
  const client = useQueryClient();
  const orgs = useQuery({ queryKey: ['orgs'], queryFn: () => apiGet<{ items: Org[] }>('/api/v1/orgs') });
  const [form, setForm] = useState({ id: '', name: '' });
  const create = useAction({
    mutationFn: () => apiPost<Org>('/api/v1/orgs', form),
    onSuccess: () => { setForm({ id: '', name: '' }); void refreshAfterWrite(client, ['orgs']); },
  });
  const idError = form.id && !ORG_ID.test(form.id) ? '3–64 characters: lowercase letters, digits and -.' : null;

  return (
    <div className="grid gap-6 lg:grid-cols-[1fr_20rem]">
      <div>
        {orgs.data && orgs.error && <div className="mb-3"><ErrorNote message={`Not refreshed: ${orgs.error.message}`} onRetry={() => orgs.refetch()} /></div>}
        {orgs.isPending ? <Skeleton rows={4} /> : !orgs.data ? <ErrorNote message={orgs.error?.message} onRetry={() => orgs.refetch()} /> : !orgs.data.items.length ? <Empty title="No organizations yet">Create the first one on the right, then invite its engineers.</Empty> : (
          <ul className="divide-y divide-slate-100 rounded-lg border border-slate-200 bg-white shadow-sm">
            {orgs.data.items.map((o) => (
              <li key={o.id}>
                <Link href={`/admin/orgs/${o.id}`} className="flex items-center justify-between gap-4 px-4 py-3 hover:bg-slate-50">
                  <div><p className="flex items-center gap-2 text-sm font-semibold text-slate-900">{o.name}{!o.active && <Badge tone="red">Suspended</Badge>}</p><p className="font-mono text-xs text-slate-500">{o.id}</p></div>
                  <p className="text-right text-xs text-slate-600">
                    {plural(o.members, 'member')} · {plural(o.certificates, 'certificate')}
                    {o.pendingCsrs > 0 && <> · <span className="font-medium text-amber-800">{plural(o.pendingCsrs, 'CSR')} waiting</span></>}
                    <br />since {formatDate(o.createdAt)}
                  </p>
                </Link>
              </li>
            ))}
          </ul>
        )}
      </div>
      <Card title="New organization">
        <form className="space-y-4" onSubmit={(e) => { e.preventDefault(); if (!idError) create.mutate(); }}>
          <Field label="Name" htmlFor="org-name"><Input id="org-name" required value={form.name} onChange={(e) => setForm({ ...form, name: e.target.value })} /></Field>
          <Field label="Organization ID" htmlFor="org-id" error={idError} hint="Every CSR of this organization must carry it as its CN. It cannot change later.">
            <Input id="org-id" required className="font-mono" value={form.id} onChange={(e) => setForm({ ...form, id: e.target.value.toLowerCase() })} />
          </Field>
          <ErrorNote message={create.error?.message} />
          <Button type="submit" busy={create.isPending} disabled={Boolean(idError)}>Create organization</Button>
        </form>
      </Card>
    </div>
  );
}
