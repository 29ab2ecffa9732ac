import { completeSetup, needsSetup, setupInput } from '@/lib/auth/setup';
import { publicRoute } from '@/lib/http/route';
import { json } from '@/lib/http/respond';

export const GET = publicRoute(async () => json({ needsSetup: await needsSetup() }));
export const POST = publicRoute(async ({ json: body, address }) => json(await completeSetup(body(setupInput), address), 201));
