import { completePasswordReset } from '@/lib/orgs/password-reset';
import { completeResetInput } from '@/lib/orgs/schemas';
import { publicRoute } from '@/lib/http/route';
import { json } from '@/lib/http/respond';

export const POST = publicRoute<{ token: string }>(async ({ params, json: body, address }) =>
  json(await completePasswordReset(params.token, body(completeResetInput).password, address)),
);
