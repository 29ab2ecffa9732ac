import { apiRoute } from '@/lib/http/route';
import { uuidParam } from '@/lib/http/params';
import { revokeApiToken } from '@/lib/auth/api-tokens';

export const DELETE = apiRoute<{ id: string }>(async ({ actor, params }) => [200, await revokeApiToken(actor, uuidParam(params.id, 'API token'))]);
