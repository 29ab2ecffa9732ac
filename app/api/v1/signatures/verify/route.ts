import { apiRoute } from '@/lib/http/route';
import { verifyInput, verifyPastedRequest } from '@/lib/signatures/verifier';

// Verification changes nothing, so a replayed Idempotency-Key simply answers again.
export const POST = apiRoute(async ({ actor, json }) => [200, await verifyPastedRequest(actor, json(verifyInput))]);
