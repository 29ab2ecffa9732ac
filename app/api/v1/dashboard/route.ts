import { apiRoute } from '@/lib/http/route';
import { searchParams } from '@/lib/http/query';
import { dashboardQuery, getDashboard } from '@/lib/expiry/dashboard';

export const GET = apiRoute(async ({ actor, req }) => [200, await getDashboard(actor, dashboardQuery.parse(searchParams(req)))]);
