import type { Metadata } from 'next';
import { CsrDetail } from '@/components/csrs/csr-detail';
import { requirePageActor } from '@/app/_server/session';
import { config } from '@/lib/config';

export const metadata: Metadata = { title: 'Certificate request' };

export default async function CsrPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<{ submitted?: string }> }) {
  const actor = await requirePageActor();
  return <CsrDetail id={(await params).id} role={actor.role} justSubmitted={(await searchParams).submitted === '1'} defaultDays={config().CERT_VALIDITY_DAYS} />;
}
