'use client';

import { useQueryClient } from '@tanstack/react-query';
import { useRef, useState, type ReactNode, type RefObject } from 'react';
import { apiDelete } from '../api';
import { formatDate, formatDateTime, roleLabel, timeAgo } from '../format';
import { ConfirmPanel } from '../ui/confirm';
import { ErrorNote } from '../ui/field';
import { Badge } from '../ui/misc';
import { useAction } from '../ui/use-action';
import type { Invitation, Member } from './types';

const RoleBadge = ({ role }: { role: string }) => <Badge tone={role === 'org_admin' ? 'indigo' : 'slate'}>{roleLabel(role)}</Badge>;
const actionClass = 'rounded-md px-2 py-1 text-xs font-medium text-red-700 hover:bg-red-50 focus-visible:outline-2 focus-visible:outline-indigo-600';

/**
 * One line of a list with a destructive action behind a confirmation: remove a member, withdraw
 * an invitation. Both pages that show these lists are for people who may do both (an
 * organization's admins, operators); the server checks again.
 */
function Row({ orgId, list, path, summary, details, action, question, consequence, confirmLabel }: {
  orgId: string; list: RefObject<HTMLUListElement | null>; path: string | null; summary: ReactNode; details: ReactNode; action: string; question: string; consequence: ReactNode; confirmLabel: string;
}) {
  const client = useQueryClient();
  const [asking, setAsking] = useState(false);
  const run = useAction({
    mutationFn: () => apiDelete(path!),
    // The row leaves with the refreshed list (not before it), and focus stays in the list.
    onSuccess: async () => {
      await client.invalidateQueries({ queryKey: ['org', orgId] });
      list.current?.focus();
    },
  });
  return (
    <li className="py-2.5 text-sm">
      <div className="flex flex-wrap items-center justify-between gap-x-4 gap-y-1">
        <span className="min-w-0 break-all text-slate-900">{summary}</span>
        <span className="flex items-center gap-3 text-xs text-slate-500">
          {details}
          {path && <button type="button" className={actionClass} aria-expanded={asking} onClick={() => setAsking(true)}>{action}</button>}
        </span>
      </div>
      {asking && (
        <ConfirmPanel title={question} confirmLabel={confirmLabel} busy={run.isPending} onConfirm={() => run.mutate()} onCancel={() => setAsking(false)}>
          {consequence}
        </ConfirmPanel>
      )}
      {run.isError && <div className="mt-2"><ErrorNote message={run.error.message} /></div>}
    </li>
  );
}

/** When the member last signed in, for an access review; nothing when the API did not say. */
function LastSignIn({ at }: { at: string | null | undefined }) {
  if (at === undefined) return null;
  if (at === null) return <span className="text-amber-700">never signed in</span>;
  return <span>signed in <time dateTime={at} title={formatDateTime(at)}>{timeAgo(at)}</time></span>;
}

const listClass = 'divide-y divide-slate-100 rounded-sm focus:outline-none';

export function MemberList({ orgId, members, you }: { orgId: string; members: Member[]; you?: string }) {
  const list = useRef<HTMLUListElement>(null);
  return (
    <ul ref={list} tabIndex={-1} className={listClass} aria-label="Members">
      {members.map((m) => (
        <Row
          key={m.id}
          orgId={orgId}
          list={list}
          path={m.email === you ? null : `/api/v1/orgs/${orgId}/members/${m.id}`}
          summary={<>{m.email}{m.email === you && <span className="text-slate-500"> (you)</span>}</>}
          details={<><RoleBadge role={m.role} />since {formatDate(m.createdAt)}<LastSignIn at={m.lastSignInAt} /></>}
          action="Remove…"
          question={`Remove ${m.email}?`}
          consequence="They are signed out at once and their API tokens stop working. Their certificates stay valid until they expire or are revoked. You can invite them again later."
          confirmLabel="Remove member"
        />
      ))}
    </ul>
  );
}

export function InvitationList({ orgId, invitations }: { orgId: string; invitations: Invitation[] }) {
  const list = useRef<HTMLUListElement>(null);
  return (
    <ul ref={list} tabIndex={-1} className={listClass} aria-label="Pending invitations">
      {invitations.map((i) => (
        <Row
          key={i.id}
          orgId={orgId}
          list={list}
          path={`/api/v1/orgs/${orgId}/invitations/${i.id}`}
          summary={i.email}
          details={<><RoleBadge role={i.role} />expires {formatDateTime(i.expiresAt)}</>}
          action="Withdraw…"
          question={`Withdraw the invitation for ${i.email}?`}
          consequence="The link stops working at once; if its e-mail has not gone out yet, it will not be sent."
          confirmLabel="Withdraw invitation"
        />
      ))}
    </ul>
  );
}
