import { apiRoute } from '@/lib/http/route';
import { getCsr } from '@/lib/pki/csr-queries';
import { uuidParam } from '@/lib/http/params';

export const GET = apiRoute<{ id: string }>(async ({ actor, params }) => [200, await getCsr(actor, uuidParam(params.id, 'CSR'))]);
