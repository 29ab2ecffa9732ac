import type { Metadata } from 'next';
import Link from 'next/link';
import { CsrList } from '@/components/csrs/csr-list';
import { PageHeader } from '@/components/ui/misc';
import { requirePageActor } from '@/app/_server/session';

export const metadata: Metadata = { title: 'CSRs' };

export default async function CsrsPage() {
  await requirePageActor('engineer', 'org_admin');
  return (
    <>
      <PageHeader title="Certificate requests" description="Your organization’s CSRs and where each one stands."
        actions={<Link href="/csrs/new" className="rounded-md bg-indigo-600 px-3.5 py-2 text-sm font-medium text-white shadow-sm hover:bg-indigo-500">Upload a CSR</Link>} />
      <CsrList />
    </>
  );
}
