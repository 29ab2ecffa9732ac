import type { Metadata } from 'next';
import { Dashboard } from '@/components/dashboard/dashboard';
import { organizationName } from '@/lib/orgs/organizations';
import { requirePageActor } from '@/app/_server/session';

export const metadata: Metadata = { title: 'Dashboard' };

export default async function DashboardPage() {
  const actor = await requirePageActor();
  const orgName = actor.orgId ? await organizationName(actor.orgId) : null;
  return <Dashboard role={actor.role} orgName={orgName} />;
}
