import type { Metadata } from 'next';
import { ApprovalQueue } from '@/components/admin/approval-queue';
import { PageHeader } from '@/components/ui/misc';
import { config } from '@/lib/config';

export const metadata: Metadata = { title: 'Approval queue' };

export default function QueuePage() {
  return (
    <>
      <PageHeader title="Approval queue" description="Pending CSRs from every organization, oldest first. Approving signs the certificate at once with the issuing CA; the validity defaults to the deployment’s setting." />
      <ApprovalQueue defaultDays={config().CERT_VALIDITY_DAYS} />
    </>
  );
}
