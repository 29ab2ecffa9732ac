import { apiRoute } from '@/lib/http/route';
import { searchParams } from '@/lib/http/query';
import { createClientInput, createOAuthClient, listClientsInput, listOAuthClients } from '@/lib/oauth/clients';

export const GET = apiRoute(async ({ actor, req }) => [200, { items: await listOAuthClients(actor, listClientsInput.parse(searchParams(req))) }]);
export const POST = apiRoute(async ({ actor, json }) => [201, await createOAuthClient(actor, json(createClientInput)), { shownOnce: ['clientSecret'] }]);
