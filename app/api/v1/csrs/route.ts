import { apiRoute } from '@/lib/http/route';
import { listCsrs, listCsrsQuery } from '@/lib/pki/csr-queries';
import { searchParams } from '@/lib/http/query';
import { submitCsrHandler } from '@/lib/edge/api';

export const GET = apiRoute(async ({ actor, req }) => [200, await listCsrs(actor, listCsrsQuery.parse(searchParams(req)))]);

// server.ts answers POST on the protocol edge (lib/edge/api.ts) with this same handler.
export const POST = apiRoute(submitCsrHandler);
