import { apiRoute } from '@/lib/http/route';
import { getOrganization } from '@/lib/orgs/organizations';

export const GET = apiRoute<{ id: string }>(async ({ actor, params }) => [200, await getOrganization(actor, params.id)]);
