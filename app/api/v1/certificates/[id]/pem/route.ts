import { apiRoute } from '@/lib/http/route';
import { download } from '@/lib/http/respond';
import { uuidParam } from '@/lib/http/params';
import { getCertificateRow } from '@/lib/pki/certificate-queries';
import { caChainPem } from '@/lib/pki/ca-store';

// API.md names the file client-cert.pem, chain or not. `filename=client-cert-chain.pem` (the
// only other name offered) lets the portal's "With chain" button save beside it, not over it.
const NAMES = new Set(['client-cert.pem', 'client-cert-chain.pem']);

export const GET = apiRoute<{ id: string }>(async ({ actor, params, query }) => {
  const row = await getCertificateRow(actor, uuidParam(params.id, 'Certificate'));
  const chain = query.get('chain') === '1';
  const body = row.pem.trim() + '\n' + (chain ? await caChainPem() : '');
  const asked = query.get('filename') ?? '';
  return download(body, 'application/x-pem-file', NAMES.has(asked) ? asked : 'client-cert.pem');
});
