import { apiRoute } from '@/lib/http/route';
import { textDownload } from '@/lib/http/respond';
import { exportAudit, exportAuditQuery } from '@/lib/audit/export-audit';

const TYPES = { jsonl: 'application/x-ndjson; charset=utf-8', csv: 'text/csv; charset=utf-8; header=present' } as const;

export const GET = apiRoute(async ({ actor, query }) => {
  const { format, ...filter } = exportAuditQuery.parse(Object.fromEntries(query));
  const day = new Date().toISOString().slice(0, 10);
  return textDownload(exportAudit(actor, filter, format), TYPES[format], `trustgate-audit-${day}.${format}`);
});
