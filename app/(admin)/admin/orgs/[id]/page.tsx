import type { Metadata } from 'next';
import { OrganizationDetail } from '@/components/admin/organization-detail';

export const metadata: Metadata = { title: 'Organization' };

export default async function OrgPage({ params }: { params: Promise<{ id: string }> }) {
  return <OrganizationDetail id={(await params).id} />;
}
