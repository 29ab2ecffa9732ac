import { apiRoute } from '@/lib/http/route';
import { uuidParam } from '@/lib/http/params';
import { approveCsr, approveInput } from '@/lib/pki/review-csr';

export const POST = apiRoute<{ id: string }>(async ({ actor, params, json }) => [200, await approveCsr(actor, uuidParam(params.id, 'CSR'), json(approveInput))]);
