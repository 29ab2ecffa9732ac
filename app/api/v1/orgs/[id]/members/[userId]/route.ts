import { apiRoute } from '@/lib/http/route';
import { uuidParam } from '@/lib/http/params';
import { removeMember } from '@/lib/orgs/members';

export const DELETE = apiRoute<{ id: string; userId: string }>(async ({ actor, params }) => [200, await removeMember(actor, params.id, uuidParam(params.userId, 'Member'))]);
