// GET /api/health/live: the process is up and serving, whatever the database is doing. A
// liveness probe (Kubernetes and the like) restarts a process that fails it, which would not
// help while the database is away; /api/health is the readiness check that includes it.
import { errorBody } from '../http/respond';
import type { EdgeHandler, EdgeResponse } from './http';

const LIVE: EdgeResponse = { status: 200, headers: { 'cache-control': 'no-store' }, body: { status: 'ok' } };
const NOT_ALLOWED: EdgeResponse = { status: 405, headers: { allow: 'GET, HEAD' }, body: errorBody('method_not_allowed', 'Use GET.') };

export const livenessEndpoint: EdgeHandler = async (req) => (req.method === 'GET' || req.method === 'HEAD' ? LIVE : NOT_ALLOWED);
