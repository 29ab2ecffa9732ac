import { apiRoute } from '@/lib/http/route';
import { consoleInput, listConsoleRuns, runConsoleRequest } from '@/lib/sandbox/console';

export const GET = apiRoute(async ({ actor }) => [200, { items: await listConsoleRuns(actor) }]);
export const POST = apiRoute(async ({ actor, json }) => [200, await runConsoleRequest(actor, json(consoleInput))]);
