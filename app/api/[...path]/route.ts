// Any /api path no route claims: the API's error model (API.md), not the portal's HTML 404 page.
import { errorResponse } from '@/lib/http/respond';
import { TrustgateError } from '@/lib/errors';

export const dynamic = 'force-dynamic';

const notFound = async () => errorResponse(new TrustgateError('not_found', 'No API route has this path.'));

export { notFound as GET, notFound as HEAD, notFound as POST, notFound as PUT, notFound as PATCH, notFound as DELETE, notFound as OPTIONS };
