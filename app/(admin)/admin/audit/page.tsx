import type { Metadata } from 'next';
import { AuditLog } from '@/components/admin/audit-log';
import { PageHeader } from '@/components/ui/misc';
import { requirePageActor } from '@/app/_server/session';

export const metadata: Metadata = { title: 'Audit log' };

export default async function AuditPage() {
  await requirePageActor('operator');
  return (
    <>
      <PageHeader title="Audit log" description="Every sign-in and state change, append-only. Each entry carries the SHA-256 of the one before it; “Verify chain” recomputes them all." />
      <AuditLog />
    </>
  );
}
