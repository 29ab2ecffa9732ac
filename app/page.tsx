import { redirect } from 'next/navigation';
import { requirePageActor } from '@/app/_server/session';

export const dynamic = 'force-dynamic';

export default async function Home() {
  const actor = await requirePageActor();
  redirect(actor.role === 'operator' ? '/admin/queue' : '/certificates');
}
