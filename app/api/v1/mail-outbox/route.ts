import { apiRoute } from '@/lib/http/route';
import { searchParams } from '@/lib/http/query';
import { listOutbox, listOutboxQuery } from '@/lib/mail/outbox';

export const GET = apiRoute(async ({ actor, req }) => [200, await listOutbox(actor, listOutboxQuery.parse(searchParams(req)))]);
