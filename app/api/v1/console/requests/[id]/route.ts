import { apiRoute } from '@/lib/http/route';
import { uuidParam } from '@/lib/http/params';
import { getConsoleRun } from '@/lib/sandbox/console';

export const GET = apiRoute<{ id: string }>(async ({ actor, params }) => [200, await getConsoleRun(actor, uuidParam(params.id, 'Console run'))]);
