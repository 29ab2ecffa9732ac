import { db } from '@/lib/db/client';
import type { Actor } from '@/lib/auth/actor';

/** What the navigation shows about the signed-in user. */
export async function shellUser(actor: Actor) {
  const org = actor.orgId ? await db().organization.findUnique({ where: { id: actor.orgId }, select: { name: true } }) : null;
  return { email: actor.email, role: actor.role, orgName: org?.name ?? null };
}
