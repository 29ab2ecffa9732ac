'use client';

import { useQuery } from '@tanstack/react-query';
import { apiGet } from '../api';
import { ErrorNote } from '../ui/field';
import { Card, Skeleton } from '../ui/misc';
import { InviteForm } from './invite-form';
import { InvitationList, MemberList } from './member-list';
import type { OrgMembers } from './types';

export function Members({ orgId, you }: { orgId: string; you: string }) {
  const org = useQuery({ queryKey: ['org', orgId], queryFn: () => apiGet<OrgMembers>(`/api/v1/orgs/${orgId}`) });
  const alone = org.data && org.data.members.length <= 1 && org.data.invitations.length === 0;

  return (
    <div className="grid gap-6 lg:grid-cols-[1fr_22rem]">
      <div className="min-w-0 space-y-6">
        <Card title={org.data ? `Members (${org.data.members.length})` : 'Members'}>
          {org.isPending ? <Skeleton rows={3} /> : org.isError ? (
            <ErrorNote message={`The members could not be loaded: ${org.error.message}`} onRetry={() => void org.refetch()} />
          ) : (
            <>
              <MemberList orgId={orgId} members={org.data.members} you={you} />
              {alone && <p className="mt-4 rounded-md border border-dashed border-slate-300 px-4 py-3 text-sm text-slate-600">Only you so far. Invite your engineers with the form; each gets a link that works once.</p>}
            </>
          )}
        </Card>
        {org.data && org.data.invitations.length > 0 && (
          <Card title={`Pending invitations (${org.data.invitations.length})`}>
            <InvitationList orgId={orgId} invitations={org.data.invitations} />
          </Card>
        )}
      </div>
      <InviteForm orgId={orgId} />
    </div>
  );
}
