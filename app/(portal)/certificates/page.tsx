import type { Metadata } from 'next';
import Link from 'next/link';
import { CertificateList } from '@/components/certificates/certificate-list';
import { PageHeader } from '@/components/ui/misc';
import { requirePageActor } from '@/app/_server/session';

export const metadata: Metadata = { title: 'Certificates' };

export default async function CertificatesPage() {
  const actor = await requirePageActor();
  const operator = actor.role === 'operator';
  return (
    <>
      <PageHeader
        title="Certificates"
        description={operator ? 'Every client certificate issued by this CA, across organizations.' : 'Your organization’s mTLS client certificates. Rotate each one before it expires: the badge appears 30 days ahead.'}
        actions={!operator && <Link href="/csrs/new" className="rounded-md bg-indigo-600 px-3.5 py-2 text-sm font-medium text-white shadow-sm hover:bg-indigo-500">Upload a CSR</Link>}
      />
      <CertificateList operator={operator} />
    </>
  );
}
