import NextAuth from 'next-auth';
import { authOptions } from '@/lib/auth/next-auth-options';
import { inErrorModel, refuseBadAuthRequest } from '@/lib/http/auth-request';

export const dynamic = 'force-dynamic';

type Ctx = { params: Promise<{ nextauth: string[] }> };
const handler = async (req: Request, ctx: Ctx) =>
  refuseBadAuthRequest(req) ?? inErrorModel(await NextAuth(req as never, ctx as never, authOptions()));
export { handler as GET, handler as POST };
