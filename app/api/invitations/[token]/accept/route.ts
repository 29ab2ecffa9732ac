import { acceptInvitation } from '@/lib/orgs/invitations';
import { acceptInviteInput } from '@/lib/orgs/schemas';
import { publicRoute } from '@/lib/http/route';
import { json } from '@/lib/http/respond';

export const POST = publicRoute<{ token: string }>(async ({ params, json: body, address }) =>
  json(await acceptInvitation(params.token, body(acceptInviteInput), address), 201),
);
