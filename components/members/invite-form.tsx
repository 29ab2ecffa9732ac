'use client';

import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { apiPost } from '../api';
import { formatDateTime, roleLabel } from '../format';
import { Button } from '../ui/button';
import { CodeBlock } from '../ui/copy';
import { ErrorNote, Field, Input, Select } from '../ui/field';
import { Card } from '../ui/misc';
import type { CreatedInvitation, InviteRole } from './types';
import { useAction } from '../ui/use-action';
import { refreshAfterWrite } from '../ui/refresh';

export function InviteForm({ orgId }: { orgId: string }) {
  const client = useQueryClient();
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<InviteRole>('engineer');
  const send = useAction({
    mutationFn: () => apiPost<CreatedInvitation>(`/api/v1/orgs/${orgId}/invitations`, { email: email.trim(), role }),
    onSuccess: () => { setEmail(''); setRole('engineer'); void refreshAfterWrite(client, ['org', orgId]); },
  });
  // The link is a credential for one person: once a new invitation is begun, the old one goes
  // from the screen so it cannot be copied for the wrong invitee.
  const startOver = () => { if (send.data || send.error) send.reset(); };
  const created = send.data;

  return (
    <Card title="Invite a member" className="self-start">
      <form className="space-y-4" onSubmit={(e) => { e.preventDefault(); send.mutate(); }}>
        <Field label="E-mail" htmlFor="invite-email">
          <Input id="invite-email" type="email" required autoComplete="off" value={email} onChange={(e) => { setEmail(e.target.value); startOver(); }} />
        </Field>
        <Field label="Role" htmlFor="invite-role" hint={role === 'org_admin' ? 'Everything an engineer does, plus members and revocation.' : 'CSRs, certificates, API credentials, the test console.'}>
          <Select id="invite-role" value={role} onChange={(e) => { setRole(e.target.value as InviteRole); startOver(); }}>
            <option value="engineer">{roleLabel('engineer')}</option>
            <option value="org_admin">{roleLabel('org_admin')}</option>
          </Select>
        </Field>
        <ErrorNote message={send.error?.message} />
        <Button type="submit" busy={send.isPending}>Create invitation</Button>
      </form>
      {created && (
        <div className="mt-5 space-y-2 rounded-md border border-amber-300 bg-amber-50 p-4" role="status">
          <p className="text-sm font-semibold text-amber-900">
            Invitation link for {created.invitation.email} ({roleLabel(created.invitation.role)})
          </p>
          <p className="text-sm text-amber-900">
            Shown only now: send it to them yourself. It works once, until {formatDateTime(created.invitation.expiresAt)}; inviting this address again replaces it. An invitation e-mail is queued as well.
          </p>
          <CodeBlock code={created.url} wrap="anywhere" />
        </div>
      )}
    </Card>
  );
}
