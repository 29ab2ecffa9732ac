import Link from 'next/link';
import type { CertificateCounts as Counts } from '../types';
import { Stat } from '../ui/stat';

export function CertificateCounts({ counts, rotationDueHref }: { counts: Counts; rotationDueHref: string }) {
  return (
    <dl aria-label="Certificates by state" className="grid grid-cols-2 gap-3 sm:grid-cols-3 xl:grid-cols-6">
      <Stat label="Valid" value={counts.valid} hint="30+ days left" />
      <Stat
        label="Rotation due"
        value={counts.rotationDue}
        hint={counts.rotationDue > 0 ? <Link href={rotationDueHref} className="underline underline-offset-2 hover:no-underline focus-visible:outline-2 focus-visible:outline-amber-700">expire within 30 days →</Link> : 'expire within 30 days'}
        tone={counts.rotationDue > 0 ? 'amber' : 'slate'}
      />
      <Stat label="Replaced" value={counts.replaced} hint="rotated, still valid" />
      <Stat label="Expired" value={counts.expired} hint="no longer accepted" />
      <Stat label="Revoked" value={counts.revoked} hint="listed in the CRL" />
      <Stat label="Total" value={counts.total} hint="ever issued" />
    </dl>
  );
}
