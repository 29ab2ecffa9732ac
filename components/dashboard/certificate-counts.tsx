import Link from 'next/link';
import { statusLabel } from '../format';
import type { CertificateCounts as Counts } from '../types';
import { Stat } from '../ui/stat';

export function CertificateCounts({ counts, rotationDueHref }: { counts: Counts; rotationDueHref: string }) {
  // Read with the figure above it: "3 certificates expire within 30 days".
  const due = `${counts.rotationDue === 1 ? 'certificate expires' : 'certificates expire'} within 30 days`;
  return (
    <dl aria-label="Certificates by state" className="grid grid-cols-2 gap-3 sm:grid-cols-3 xl:grid-cols-6">
      <Stat label={statusLabel('active')} value={counts.valid} hint="30+ days left" />
      <Stat
        label="Rotation due"
        value={counts.rotationDue}
        hint={counts.rotationDue > 0 ? <Link href={rotationDueHref} className="underline underline-offset-2 hover:no-underline focus-visible:outline-2 focus-visible:outline-amber-700">{due} →</Link> : due}
        tone={counts.rotationDue > 0 ? 'amber' : 'slate'}
      />
      <Stat label="Replaced" value={counts.replaced} hint="rotated, still active" />
      <Stat label={statusLabel('expired')} value={counts.expired} hint="no longer accepted" />
      <Stat label={statusLabel('revoked')} value={counts.revoked} hint="listed in the CRL" />
      <Stat label="Total" value={counts.total} hint="ever issued" />
    </dl>
  );
}
