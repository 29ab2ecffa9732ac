import { requestPasswordReset } from '@/lib/orgs/password-reset';
import { requestResetInput } from '@/lib/orgs/schemas';
import { publicRoute } from '@/lib/http/route';
import { json } from '@/lib/http/respond';

// 202 whether or not the account exists: the answer names no account (lib/orgs/password-reset).
export const POST = publicRoute(async ({ json: body, address }) => {
  await requestPasswordReset(body(requestResetInput).email, address);
  return json({ requested: true }, 202);
});
