import Link from 'next/link';
import { expiresIn, formatDate, shortHash } from '../format';
import type { Certificate } from '../types';
import { Badge, Card } from '../ui/misc';

/** `listHref`: the certificate list filtered to the same certificates (rotation due, the same organization). */
type Props = { items: Certificate[]; total: number; canRotate: boolean; orgNames?: Map<string, string>; listHref: string };

const more = 'text-sm font-medium text-indigo-600 hover:underline focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600';

export function RotationDue({ items, total, canRotate, orgNames, listHref }: Props) {
  return (
    <Card
      title={<span className="flex items-center gap-2">Due for rotation {total > 0 && <Badge tone="amber">{total}</Badge>}</span>}
      actions={total > 0 ? <Link href={listHref} className={more}>All due for rotation</Link> : <Link href="/certificates" className={more}>All certificates</Link>}
    >
      {items.length === 0 ? (
        <div className="flex items-center gap-3 py-4">
          <span aria-hidden className="grid size-9 shrink-0 place-items-center rounded-full bg-emerald-50 text-emerald-600 ring-1 ring-emerald-600/20">✓</span>
          <div>
            <p className="text-sm font-semibold text-slate-900">Nothing is due for rotation in the next 30 days</p>
            <p className="text-sm text-slate-600">Certificates appear here 30 days before they expire{canRotate ? ', with a link to rotate them' : ''}.</p>
          </div>
        </div>
      ) : (
        <>
          <ul className="-my-3 divide-y divide-slate-100" aria-label="Certificates due for rotation">
            {items.map((c) => (
              <li key={c.id} className="flex flex-wrap items-center gap-x-6 gap-y-2 py-3">
                <div className="min-w-0 flex-1">
                  <Link href={`/certificates/${c.id}`} className="font-mono text-sm text-indigo-700 hover:underline">{shortHash(c.serialNumber, 10)}</Link>
                  <p className="truncate text-xs text-slate-500">{orgNames && <>{orgNames.get(c.orgId) ?? c.orgId} · </>}{c.subject}</p>
                </div>
                <div className="text-right text-sm">
                  <p className="text-slate-700">{formatDate(c.notAfter)}</p>
                  <p className={`text-xs font-semibold ${c.daysUntilExpiry < 7 ? 'text-red-600' : 'text-amber-700'}`}>{expiresIn(c.daysUntilExpiry)}</p>
                </div>
                {canRotate && (
                  <Link href={`/csrs/new?replaces=${c.id}`} aria-label={`Rotate ${shortHash(c.serialNumber, 10)}`} className="rounded-md bg-white px-3 py-1.5 text-sm font-medium text-slate-800 shadow-sm ring-1 ring-inset ring-slate-300 hover:bg-slate-50">
                    Rotate
                  </Link>
                )}
              </li>
            ))}
          </ul>
          {total > items.length && <p className="mt-4 border-t border-slate-100 pt-3 text-xs text-slate-500">The {items.length} most urgent of {total} are shown. <Link href={listHref} className="font-medium text-indigo-600 hover:underline">See all {total}</Link>.</p>}
        </>
      )}
    </Card>
  );
}
