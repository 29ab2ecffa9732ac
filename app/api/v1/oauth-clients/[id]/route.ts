import { apiRoute } from '@/lib/http/route';
import { uuidParam } from '@/lib/http/params';
import { changeClientStatus, getOAuthClient } from '@/lib/oauth/clients';

export const GET = apiRoute<{ id: string }>(async ({ actor, params }) => [200, await getOAuthClient(actor, uuidParam(params.id, 'OAuth client'))]);
export const DELETE = apiRoute<{ id: string }>(async ({ actor, params }) => [200, await changeClientStatus(actor, uuidParam(params.id, 'OAuth client'), 'delete')]);
