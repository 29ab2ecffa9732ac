import { apiRoute } from '@/lib/http/route';
import { approveCsrHandler } from '@/lib/edge/api';

// server.ts answers this on the protocol edge (lib/edge/api.ts) with this same handler.
export const POST = apiRoute<{ id: string }>(approveCsrHandler);
