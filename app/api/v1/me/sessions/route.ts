import { apiRoute } from '@/lib/http/route';
import { endSessions } from '@/lib/orgs/account';

// Every session of the caller ends, this one included (API tokens stay).
export const DELETE = apiRoute(async ({ actor }) => {
  await endSessions(actor);
  return [200, { sessionsEnded: true }];
});
