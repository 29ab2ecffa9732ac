import { apiRoute } from '@/lib/http/route';
import { uuidParam } from '@/lib/http/params';
import { withdrawInvitation } from '@/lib/orgs/members';

export const DELETE = apiRoute<{ id: string; invitationId: string }>(async ({ actor, params }) => [200, await withdrawInvitation(actor, params.id, uuidParam(params.invitationId, 'Invitation'))]);
