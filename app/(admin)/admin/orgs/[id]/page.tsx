import type { Metadata } from 'next';
import { OrganizationDetail } from '@/components/admin/organization-detail';
import { requirePageActor } from '@/app/_server/session';

export const metadata: Metadata = { title: 'Organization' };

export default async function OrgPage({ params }: { params: Promise<{ id: string }> }) {
  await requirePageActor('operator');
  return <OrganizationDetail id={(await params).id} />;
}
