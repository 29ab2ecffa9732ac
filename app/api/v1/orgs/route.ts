import { apiRoute } from '@/lib/http/route';
import { createOrganization, listOrganizations } from '@/lib/orgs/organizations';
import { createOrgInput } from '@/lib/orgs/schemas';

export const GET = apiRoute(async ({ actor }) => [200, { items: await listOrganizations(actor) }]);
export const POST = apiRoute(async ({ actor, json }) => [201, await createOrganization(actor, json(createOrgInput))]);
