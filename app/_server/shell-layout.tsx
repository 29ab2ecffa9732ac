import type { ReactNode } from 'react';
import { Shell } from '@/components/shell/shell';
import { db } from '@/lib/db/client';
import type { Role } from '@/lib/db/generated/enums';
import { requirePageActor } from './session';

/** The signed-in frame (navigation + content) shared by the portal and admin layouts. */
export async function ShellLayout({ roles = [], children }: { roles?: Role[]; children: ReactNode }) {
  const actor = await requirePageActor(...roles);
  const org = actor.orgId ? await db().organization.findUnique({ where: { id: actor.orgId }, select: { name: true } }) : null;
  return <Shell user={{ email: actor.email, role: actor.role, orgName: org?.name ?? null }}>{children}</Shell>;
}
