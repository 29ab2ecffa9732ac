import { describePasswordReset } from '@/lib/orgs/password-reset';
import { publicRoute } from '@/lib/http/route';
import { json } from '@/lib/http/respond';

export const GET = publicRoute<{ token: string }>(async ({ params }) => json(await describePasswordReset(params.token)));
