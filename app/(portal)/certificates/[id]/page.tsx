import type { Metadata } from 'next';
import { CertificateDetail } from '@/components/certificates/certificate-detail';
import { requirePageActor } from '@/app/_server/session';

export const metadata: Metadata = { title: 'Certificate' };

export default async function CertificatePage({ params }: { params: Promise<{ id: string }> }) {
  const actor = await requirePageActor();
  return <CertificateDetail id={(await params).id} role={actor.role} />;
}
