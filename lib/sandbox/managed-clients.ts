// The OAuth clients the test console calls the sandbox with (one per organization, made by
// ensureSandboxIdentity): Trustgate manages them, so the portal shows them without controls.
import { db } from '../db/client';
import { orgScope, type Actor } from '../auth/actor';

/** The ids of the sandbox console's clients the actor can see. */
export async function sandboxClientIds(actor: Actor): Promise<string[]> {
  const rows = await db().sandboxIdentity.findMany({ where: orgScope(actor), select: { oauthClientId: true } });
  return rows.map((r) => r.oauthClientId);
}
