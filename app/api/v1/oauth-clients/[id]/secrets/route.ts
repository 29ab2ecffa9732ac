import { apiRoute } from '@/lib/http/route';
import { uuidParam } from '@/lib/http/params';
import { rotateClientSecret, rotateSecretInput } from '@/lib/oauth/clients';

export const POST = apiRoute<{ id: string }>(async ({ actor, params, json }) => [
  201,
  await rotateClientSecret(actor, uuidParam(params.id, 'OAuth client'), json(rotateSecretInput)),
  { shownOnce: ['clientSecret'] },
]);
