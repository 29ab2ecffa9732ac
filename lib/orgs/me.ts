import { db } from '../db/client';
import { isOperator, type Actor } from '../auth/actor';
import { countPendingCsrs } from '../pki/csr-queries';

/** GET /api/v1/me: the user, their organization, and for operators the queue length for the nav. */
export async function describeMe(actor: Actor) {
  const user = await db().user.findUniqueOrThrow({ where: { id: actor.userId }, include: { org: true } });
  return {
    user: { id: user.id, email: user.email, role: user.role, remindersEnabled: user.remindersEnabled },
    org: user.org ? { id: user.org.id, name: user.org.name } : null,
    ...(isOperator(actor) ? { pendingCsrs: await countPendingCsrs() } : {}),
  };
}
