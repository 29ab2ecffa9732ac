import { apiRoute } from '@/lib/http/route';
import { inviteMember } from '@/lib/orgs/invitations';
import { inviteInput } from '@/lib/orgs/schemas';

export const POST = apiRoute<{ id: string }>(async ({ actor, params, json }) => [201, await inviteMember(actor, params.id, json(inviteInput)), { shownOnce: ['url'] }]);
