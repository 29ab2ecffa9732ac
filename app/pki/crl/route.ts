import { publicRoute } from '@/lib/http/route';
import { currentCrl } from '@/lib/pki/crl-store';
import { loadIssuingCa } from '@/lib/pki/ca-store';

// RFC 5280 §4.2.1.13: the CRL distribution point of every certificate we issue.
export const GET = publicRoute(async () =>
  new Response(Buffer.from(await currentCrl(() => loadIssuingCa())), { headers: { 'content-type': 'application/pkix-crl', 'cache-control': 'public, max-age=60' } }),
);
