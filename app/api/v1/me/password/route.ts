import { apiRoute } from '@/lib/http/route';
import { changePassword } from '@/lib/orgs/account';
import { changePasswordInput } from '@/lib/orgs/schemas';

export const POST = apiRoute(async ({ actor, json }) => {
  await changePassword(actor, json(changePasswordInput));
  return [200, { sessionsEnded: true }];
});
