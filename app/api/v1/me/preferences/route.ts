import { z } from 'zod';
import { apiRoute } from '@/lib/http/route';
import { setReminderPreference } from '@/lib/orgs/users';

const input = z.object({ remindersEnabled: z.boolean() });

export const POST = apiRoute(async ({ actor, json }) => {
  const { remindersEnabled } = json(input);
  await setReminderPreference(actor, remindersEnabled);
  return [200, { remindersEnabled }];
});
