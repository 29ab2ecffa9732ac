import { describeInvitation } from '@/lib/orgs/invitations';
import { publicRoute } from '@/lib/http/route';
import { json } from '@/lib/http/respond';

export const GET = publicRoute<{ token: string }>(async ({ params }) => json(await describeInvitation(params.token)));
