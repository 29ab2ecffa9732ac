import { apiRoute } from '@/lib/http/route';
import { searchParams } from '@/lib/http/query';
import { listCertificates, listCertificatesQuery } from '@/lib/pki/certificate-queries';

export const GET = apiRoute(async ({ actor, req }) => [200, await listCertificates(actor, listCertificatesQuery.parse(searchParams(req)))]);
