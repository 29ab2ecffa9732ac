import type { Metadata } from 'next';
import { Organizations } from '@/components/admin/organizations';
import { PageHeader } from '@/components/ui/misc';
import { requirePageActor } from '@/app/_server/session';

export const metadata: Metadata = { title: 'Organizations' };

export default async function OrgsPage() {
  await requirePageActor('operator');
  return (
    <>
      <PageHeader title="Organizations" description="The provider’s client companies. Each gets its own certificates, members and credentials; none sees another’s." />
      <Organizations />
    </>
  );
}
