import { apiRoute } from '@/lib/http/route';
import { listAccountActivity } from '@/lib/orgs/account';

export const GET = apiRoute(async ({ actor }) => [200, { items: await listAccountActivity(actor) }]);
