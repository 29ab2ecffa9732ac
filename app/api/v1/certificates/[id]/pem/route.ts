import { apiRoute } from '@/lib/http/route';
import { download } from '@/lib/http/respond';
import { uuidParam } from '@/lib/http/params';
import { getCertificateRow } from '@/lib/pki/certificate-queries';
import { caChainPem } from '@/lib/pki/ca-store';

export const GET = apiRoute<{ id: string }>(async ({ actor, params, req }) => {
  const row = await getCertificateRow(actor, uuidParam(params.id, 'Certificate'));
  const chain = new URL(req.url).searchParams.get('chain') === '1';
  const body = row.pem.trim() + '\n' + (chain ? await caChainPem() : '');
  const filename = chain ? 'client-cert-chain.pem' : 'client-cert.pem';
  return download(body, 'application/x-pem-file', filename);
});
