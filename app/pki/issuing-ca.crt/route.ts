import { publicRoute } from '@/lib/http/route';
import { issuingCaDer } from '@/lib/pki/ca-store';

// RFC 5280 §4.2.2.1: AIA caIssuers points here; a single DER certificate.
export const GET = publicRoute(async () =>
  new Response(Buffer.from(await issuingCaDer()), { headers: { 'content-type': 'application/pkix-cert', 'cache-control': 'public, max-age=300' } }),
);
