import { apiRoute } from '@/lib/http/route';
import { uuidParam } from '@/lib/http/params';
import { changeClientStatus } from '@/lib/oauth/clients';

export const POST = apiRoute<{ id: string }>(async ({ actor, params }) => [200, await changeClientStatus(actor, uuidParam(params.id, 'OAuth client'), 'resume')]);
