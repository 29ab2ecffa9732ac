import { apiRoute } from '@/lib/http/route';
import { uuidParam } from '@/lib/http/params';
import { rejectCsr, rejectInput } from '@/lib/pki/review-csr';

export const POST = apiRoute<{ id: string }>(async ({ actor, params, json }) => [200, await rejectCsr(actor, uuidParam(params.id, 'CSR'), json(rejectInput))]);
