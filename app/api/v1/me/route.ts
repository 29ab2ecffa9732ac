import { apiRoute } from '@/lib/http/route';
import { describeMe } from '@/lib/orgs/me';

export const GET = apiRoute(async ({ actor }) => [200, await describeMe(actor)]);
