import type { Metadata } from 'next';
import { Members } from '@/components/members/members';
import { PageHeader } from '@/components/ui/misc';
import { requirePageActor } from '@/app/_server/session';

export const metadata: Metadata = { title: 'Members' };

export default async function MembersPage() {
  // Organization admins only; everyone else is sent home, as the admin pages do for non-operators.
  const actor = await requirePageActor('org_admin');
  return (
    <>
      <PageHeader title="Members" description="Who can sign in for your organization, and invitations not yet accepted. Engineers handle CSRs, certificates and credentials; organization admins also manage members and revoke certificates." />
      <Members orgId={actor.orgId!} you={actor.email} />
    </>
  );
}
