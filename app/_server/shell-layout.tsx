import type { ReactNode } from 'react';
import { Shell } from '@/components/shell/shell';
import { organizationName } from '@/lib/orgs/organizations';
import type { Role } from '@/lib/db/generated/enums';
import { requirePageActor } from './session';

/** The signed-in frame (navigation + content) shared by the portal and admin layouts. */
export async function ShellLayout({ roles = [], children }: { roles?: Role[]; children: ReactNode }) {
  const actor = await requirePageActor(...roles);
  const orgName = actor.orgId ? await organizationName(actor.orgId) : null;
  return <Shell user={{ email: actor.email, role: actor.role, orgName }}>{children}</Shell>;
}
