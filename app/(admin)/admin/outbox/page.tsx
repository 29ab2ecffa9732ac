import type { Metadata } from 'next';
import { MailOutbox } from '@/components/admin/mail-outbox';
import { PageHeader } from '@/components/ui/misc';
import { requirePageActor } from '@/app/_server/session';

export const metadata: Metadata = { title: 'Mail outbox' };

export default async function OutboxPage() {
  await requirePageActor('operator');
  return (
    <>
      <PageHeader title="Mail outbox" description="Every e-mail Trustgate sends, newest first. Each is written in the same transaction as the event it reports, then delivered with retries; choose one to see it as the recipient will." />
      <MailOutbox />
    </>
  );
}
