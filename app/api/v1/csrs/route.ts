import { apiRoute } from '@/lib/http/route';
import { listCsrs, listCsrsQuery } from '@/lib/pki/csr-queries';
import { submitCsr, submitCsrInput } from '@/lib/pki/submit-csr';
import { searchParams } from '@/lib/http/query';

export const GET = apiRoute(async ({ actor, req }) => [200, { items: await listCsrs(actor, listCsrsQuery.parse(searchParams(req))) }]);

// JSON {csr, replacesCertificateId?}, or the CSR itself as application/pkcs10 (PEM or DER).
export const POST = apiRoute(async ({ actor, req, body, json }) => {
  const raw = /^application\/pkcs10\b/i.test(req.headers.get('content-type') ?? '');
  const input = raw
    ? submitCsrInput.parse({ csr: body, replacesCertificateId: new URL(req.url).searchParams.get('replacesCertificateId') ?? undefined })
    : json(submitCsrInput);
  return [201, await submitCsr(actor, input)];
});
