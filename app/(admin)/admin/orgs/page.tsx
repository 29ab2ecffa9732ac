import type { Metadata } from 'next';
import { Organizations } from '@/components/admin/organizations';
import { PageHeader } from '@/components/ui/misc';

export const metadata: Metadata = { title: 'Organizations' };

export default function OrgsPage() {
  return (
    <>
      <PageHeader title="Organizations" description="The provider’s client companies. Each gets its own certificates, members and credentials; none sees another’s." />
      <Organizations />
    </>
  );
}
