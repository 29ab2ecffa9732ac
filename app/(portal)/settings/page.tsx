import type { Metadata } from 'next';
import { AccountActivity } from '@/components/settings/account-activity';
import { ApiTokens } from '@/components/settings/api-tokens';
import { PasswordAndSessions } from '@/components/settings/password-and-sessions';
import { ReminderPreference } from '@/components/settings/reminder-preference';
import { PageHeader } from '@/components/ui/misc';
import { requirePageActor } from '@/app/_server/session';
import { RESET_MINUTES } from '@/lib/orgs/password-reset';

export const metadata: Metadata = { title: 'Settings' };

export default async function SettingsPage() {
  const actor = await requirePageActor();
  return (
    <>
      <PageHeader title="Settings" description={`Signed in as ${actor.email}.`} />
      <div className="grid max-w-3xl gap-6">
        <ApiTokens />
        {actor.role !== 'operator' && <ReminderPreference />}
        {actor.via === 'session' && <PasswordAndSessions email={actor.email} resetMinutes={RESET_MINUTES} />}
        {actor.via === 'session' && <AccountActivity />}
      </div>
    </>
  );
}
