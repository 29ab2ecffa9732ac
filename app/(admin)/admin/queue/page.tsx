import type { Metadata } from 'next';
import { ApprovalQueue } from '@/components/admin/approval-queue';
import { PageHeader } from '@/components/ui/misc';
import { requirePageActor } from '@/app/_server/session';
import { config } from '@/lib/config';

export const metadata: Metadata = { title: 'Approval queue' };

export default async function QueuePage() {
  await requirePageActor('operator');
  return (
    <>
      <PageHeader title="Approval queue" description="Pending CSRs from every organization, oldest first. Approving signs the certificate at once with the issuing CA; the validity defaults to the deployment’s setting." />
      <ApprovalQueue defaultDays={config().CERT_VALIDITY_DAYS} />
    </>
  );
}
