import { apiRoute } from '@/lib/http/route';
import { countPendingByOrganization } from '@/lib/pki/csr-queries';

export const GET = apiRoute(async ({ actor }) => [200, await countPendingByOrganization(actor)]);
