import { apiRoute } from '@/lib/http/route';
import { createApiToken, createTokenInput, listApiTokens } from '@/lib/auth/api-tokens';

export const GET = apiRoute(async ({ actor }) => [200, { items: await listApiTokens(actor.userId) }]);
export const POST = apiRoute(async ({ actor, json }) => [201, await createApiToken(actor, actor.userId, json(createTokenInput)), { shownOnce: ['token'] }]);
