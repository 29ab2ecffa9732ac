import { apiRoute } from '@/lib/http/route';
import { searchParams } from '@/lib/http/query';
import { listAudit, listAuditQuery } from '@/lib/audit/list-audit';

export const GET = apiRoute(async ({ actor, req }) => [200, await listAudit(actor, listAuditQuery.parse(searchParams(req)))]);
