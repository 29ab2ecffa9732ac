import { apiRoute } from '@/lib/http/route';
import { setOrganizationActive } from '@/lib/orgs/organizations';

export const POST = apiRoute<{ id: string }>(async ({ actor, params }) => [200, await setOrganizationActive(actor, params.id, true)]);
