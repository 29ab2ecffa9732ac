'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { apiGet, apiPost } from '../api';
import { formatDate } from '../format';
import { Button } from '../ui/button';
import { CodeBlock } from '../ui/copy';
import { ErrorNote, Field, Input, Select } from '../ui/field';
import { Badge, Card, PageHeader, Skeleton } from '../ui/misc';

type Detail = {
  id: string; name: string;
  members: { id: string; email: string; role: string; createdAt: string }[];
  invitations: { id: string; email: string; role: string; expiresAt: string }[];
};

const roleName: Record<string, string> = { engineer: 'engineer', org_admin: 'organization admin' };

export function OrganizationDetail({ id }: { id: string }) {
  const client = useQueryClient();
  const org = useQuery({ queryKey: ['org', id], queryFn: () => apiGet<Detail>(`/api/v1/orgs/${id}`) });
  const [invite, setInvite] = useState({ email: '', role: 'engineer' });
  // The last link with whom it is for; cleared as soon as the next invitation is started,
  // so a link is never shown under an e-mail address it was not made for.
  const [sent, setSent] = useState<{ url: string; email: string; role: string } | null>(null);
  const send = useMutation({
    mutationFn: (body: typeof invite) => apiPost<{ url: string }>(`/api/v1/orgs/${id}/invitations`, body),
    onMutate: () => setSent(null),
    onSuccess: (out, body) => { setSent({ url: out.url, ...body }); setInvite({ email: '', role: 'engineer' }); void client.invalidateQueries({ queryKey: ['org', id] }); },
  });
  const edit = (next: typeof invite) => { setInvite(next); setSent(null); };
  if (org.error && !org.data) return <ErrorNote message={org.error.message} onRetry={() => org.refetch()} />;
  if (!org.data) return <Skeleton rows={6} />;

  return (
    <>
      <PageHeader title={org.data.name} description={<>Organization ID <code className="rounded bg-slate-100 px-1 font-mono">{org.data.id}</code>: the CN of its CSRs.</>} />
      {org.error && <div className="mb-4"><ErrorNote message={`Not refreshed: ${org.error.message}`} onRetry={() => org.refetch()} /></div>}
      <div className="grid gap-6 lg:grid-cols-[1fr_22rem]">
        <Card title={`Members (${org.data.members.length})`}>
          {org.data.members.length ? (
            <ul className="divide-y divide-slate-100">
              {org.data.members.map((m) => (
                <li key={m.id} className="flex flex-wrap items-center justify-between gap-x-4 gap-y-1 py-2.5 text-sm"><span className="min-w-0 break-all">{m.email}</span><span className="flex items-center gap-3 text-xs text-slate-500"><Badge tone={m.role === 'org_admin' ? 'indigo' : 'slate'}>{m.role}</Badge>since {formatDate(m.createdAt)}</span></li>
              ))}
            </ul>
          ) : <p className="text-sm text-slate-500">No members yet: invite the first engineer.</p>}
          {org.data.invitations.length > 0 && (
            <>
              <h3 className="mb-2 mt-6 text-xs font-semibold uppercase tracking-wide text-slate-500">Open invitations</h3>
              <ul className="divide-y divide-slate-100">
                {org.data.invitations.map((i) => <li key={i.id} className="flex flex-wrap justify-between gap-x-4 gap-y-1 py-2 text-sm"><span className="min-w-0 break-all">{i.email}</span><span className="text-xs text-slate-500">{i.role} · expires {formatDate(i.expiresAt)}</span></li>)}
              </ul>
            </>
          )}
        </Card>
        <Card title="Invite a member">
          <form className="space-y-4" onSubmit={(e) => { e.preventDefault(); send.mutate(invite); }}>
            <Field label="E-mail" htmlFor="invite-email"><Input id="invite-email" type="email" required value={invite.email} onChange={(e) => edit({ ...invite, email: e.target.value })} /></Field>
            <Field label="Role" htmlFor="invite-role">
              <Select id="invite-role" value={invite.role} onChange={(e) => edit({ ...invite, role: e.target.value })}>
                <option value="engineer">Engineer: CSRs, certificates, credentials</option>
                <option value="org_admin">Organization admin: also members and revocation</option>
              </Select>
            </Field>
            <ErrorNote message={send.error?.message} />
            <Button type="submit" busy={send.isPending}>Create invitation</Button>
          </form>
          {sent && (
            <div className="mt-4 space-y-2">
              <p className="text-sm text-slate-700">
                Invitation for <b className="break-all font-semibold text-slate-900">{sent.email}</b> ({roleName[sent.role] ?? sent.role}).
                Send this link to them only: it works once, for 7 days.
              </p>
              <CodeBlock code={sent.url} wrap />
            </div>
          )}
        </Card>
      </div>
    </>
  );
}
