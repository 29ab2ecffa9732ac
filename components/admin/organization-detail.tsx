'use client';

import { useQuery } from '@tanstack/react-query';
import { apiGet } from '../api';
import { InviteForm } from '../members/invite-form';
import { OrganizationLinks } from './organization-links';
import { OrganizationStatus } from './organization-status';
import { InvitationList, MemberList } from '../members/member-list';
import type { OrgMembers } from '../members/types';
import { ErrorNote } from '../ui/field';
import { Card, PageHeader, Skeleton } from '../ui/misc';
import { isNotFound, NotFoundState, retryUnlessNotFound } from '../shell/not-found-state';

/** An operator's view of one organization: the same lists and invitation form as its admins' Members page. */
export function OrganizationDetail({ id }: { id: string }) {
  const org = useQuery({ queryKey: ['org', id], queryFn: () => apiGet<OrgMembers>(`/api/v1/orgs/${id}`), retry: retryUnlessNotFound });
  if (isNotFound(org.error)) {
    return <NotFoundState title="Organization not found" description="There is no organization with this ID. Check the link, or find it in the list." back={{ href: '/admin/orgs', label: 'Organizations' }} />;
  }
  if (org.error && !org.data) return <ErrorNote message={org.error.message} onRetry={() => org.refetch()} />;
  if (!org.data) return <Skeleton rows={6} />;

  return (
    <>
      <PageHeader title={org.data.name} description={<>Organization ID <code className="rounded bg-slate-100 px-1 font-mono">{org.data.id}</code>: the CN of its CSRs.</>} />
      {org.error && <div className="mb-4"><ErrorNote message={`Not refreshed: ${org.error.message}`} onRetry={() => org.refetch()} /></div>}
      <div className="grid gap-6 lg:grid-cols-[1fr_22rem]">
        <div className="min-w-0 space-y-6">
          <Card title={`Members (${org.data.members.length})`}>
            {org.data.members.length ? <MemberList orgId={id} members={org.data.members} /> : <p className="text-sm text-slate-500">No members yet: invite the first engineer.</p>}
          </Card>
          {org.data.invitations.length > 0 && (
            <Card title={`Pending invitations (${org.data.invitations.length})`}><InvitationList orgId={id} invitations={org.data.invitations} /></Card>
          )}
        </div>
        <div className="space-y-6">
          <OrganizationStatus orgId={id} active={org.data.active} />
          <OrganizationLinks orgId={id} pendingCsrs={org.data.pendingCsrs} certificates={org.data.certificates} />
          <InviteForm orgId={id} />
        </div>
      </div>
    </>
  );
}
