import { apiRoute } from '@/lib/http/route';
import { uuidParam } from '@/lib/http/params';
import { cancelCsr } from '@/lib/pki/review-csr';

export const POST = apiRoute<{ id: string }>(async ({ actor, params }) => [200, await cancelCsr(actor, uuidParam(params.id, 'CSR'))]);
