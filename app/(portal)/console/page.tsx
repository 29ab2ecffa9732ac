import type { Metadata } from 'next';
import { TestConsole } from '@/components/console/test-console';
import { PageHeader } from '@/components/ui/misc';
import { requirePageActor } from '@/app/_server/session';

export const metadata: Metadata = { title: 'Test console' };

export default async function ConsolePage() {
  const actor = await requirePageActor('engineer', 'org_admin');
  return (
    <>
      <PageHeader
        title="Test console"
        description={`Compose a sandbox request and run it live: the portal calls the sandbox through the real mTLS listener as ${actor.orgId}'s sandbox identity, with a real token and a real RFC 9421 signature, and shows every step. No real money moves.`}
      />
      <TestConsole />
    </>
  );
}
