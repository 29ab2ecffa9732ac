import { apiRoute } from '@/lib/http/route';
import { requireRole } from '@/lib/auth/actor';
import { verifyAuditChain } from '@/lib/audit/verify-audit-chain';

export const GET = apiRoute(async ({ actor }) => {
  requireRole(actor, 'operator');
  return [200, await verifyAuditChain()];
});
