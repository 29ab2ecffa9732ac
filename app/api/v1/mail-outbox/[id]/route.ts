import { apiRoute } from '@/lib/http/route';
import { uuidParam } from '@/lib/http/params';
import { getOutboxMessage } from '@/lib/mail/outbox';

export const GET = apiRoute<{ id: string }>(async ({ actor, params }) => [200, await getOutboxMessage(actor, uuidParam(params.id, 'Message'))]);
