import type { ReactNode } from 'react';
import { Shell } from '@/components/shell/shell';
import { requirePageActor } from '@/app/_server/session';
import { shellUser } from '@/app/_server/shell-user';

export const dynamic = 'force-dynamic';

export default async function AdminLayout({ children }: { children: ReactNode }) {
  const actor = await requirePageActor('operator');
  return <Shell user={await shellUser(actor)}>{children}</Shell>;
}
