import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { CsrUpload } from '@/components/csrs/csr-upload';
import { OnboardingCommands } from '@/components/csrs/onboarding-commands';
import { PageHeader } from '@/components/ui/misc';
import { requirePageActor } from '@/app/_server/session';
import { config } from '@/lib/config';

export const metadata: Metadata = { title: 'Upload a CSR' };

export default async function NewCsrPage({ searchParams }: { searchParams: Promise<{ replaces?: string }> }) {
  const actor = await requirePageActor('engineer', 'org_admin');
  if (!actor.orgId) redirect('/');
  const { replaces } = await searchParams;
  return (
    <>
      <PageHeader title={replaces ? 'Rotate a certificate' : 'Upload a CSR'} description={<>Request an mTLS client certificate for <b>{actor.orgId}</b>. An operator reviews it; once approved, the certificate appears under Certificates.</>} />
      <div className="grid gap-6 xl:grid-cols-2">
        <CsrUpload orgId={actor.orgId} replaces={replaces && /^[0-9a-f-]{36}$/i.test(replaces) ? replaces : null} />
        <OnboardingCommands orgId={actor.orgId} publicUrl={config().publicUrl} />
      </div>
    </>
  );
}
