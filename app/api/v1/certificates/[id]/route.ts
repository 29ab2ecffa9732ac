import { apiRoute } from '@/lib/http/route';
import { uuidParam } from '@/lib/http/params';
import { getCertificate } from '@/lib/pki/certificate-queries';

export const GET = apiRoute<{ id: string }>(async ({ actor, params }) => [200, await getCertificate(actor, uuidParam(params.id, 'Certificate'))]);
