import { apiRoute } from '@/lib/http/route';
import { uuidParam } from '@/lib/http/params';
import { revokeCertificate, revokeInput } from '@/lib/pki/revoke-certificate';

export const POST = apiRoute<{ id: string }>(async ({ actor, params, json }) => [200, await revokeCertificate(actor, uuidParam(params.id, 'Certificate'), json(revokeInput))]);
