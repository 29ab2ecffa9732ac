import { apiRoute } from '@/lib/http/route';
import { uuidParam } from '@/lib/http/params';
import { retryOutboxMessage } from '@/lib/mail/outbox';

export const POST = apiRoute<{ id: string }>(async ({ actor, params }) => [200, await retryOutboxMessage(actor, uuidParam(params.id, 'Message'))]);
