import { publicRoute } from '@/lib/http/route';
import { caChainPem } from '@/lib/pki/ca-store';

export const GET = publicRoute(async () =>
  new Response(await caChainPem(), { headers: { 'content-type': 'application/x-pem-file', 'cache-control': 'public, max-age=300' } }),
);
