import Link from 'next/link';
import { daysLeft, formatDate, shortHash } from '../format';
import type { Certificate } from '../types';
import { CertificateStatus } from '../ui/status';

/** The list on a phone: status and expiry are what one looks for, so they are not off to the side of a scrolled table. */
export function CertificateCards({ items, operator }: { items: Certificate[]; operator: boolean }) {
  return (
    <ul className="space-y-3 sm:hidden" aria-label="Certificates">
      {items.map((c) => (
        <li key={c.id} className="rounded-lg border border-slate-200 bg-white p-4 text-sm shadow-sm">
          <div className="flex items-start justify-between gap-3">
            <Link className="min-w-0 font-mono text-xs font-medium text-indigo-700 hover:underline" href={`/certificates/${c.id}`}>{shortHash(c.serialNumber, 10)}</Link>
            <span className="shrink-0"><CertificateStatus status={c.status} rotationDue={c.rotationDue} replaced={Boolean(c.replacedById)} /></span>
          </div>
          <dl className="mt-3 grid grid-cols-[5.5rem_1fr] gap-x-3 gap-y-1 text-slate-600">
            {operator && <><dt className="text-slate-500">Organization</dt><dd className="min-w-0 break-all">{c.orgId}</dd></>}
            <dt className="text-slate-500">Expires</dt>
            <dd>
              {formatDate(c.notAfter)}
              {c.status === 'active' && <span className={c.daysUntilExpiry <= 30 ? 'font-semibold text-amber-700' : ''}> · {daysLeft(c.daysUntilExpiry)}</span>}
            </dd>
            <dt className="text-slate-500">Key</dt><dd>{c.keyAlgorithm}</dd>
          </dl>
        </li>
      ))}
    </ul>
  );
}
