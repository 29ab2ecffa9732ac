'use client';

import Link from 'next/link';
import { useQuery } from '@tanstack/react-query';
import { apiGet } from '../api';
import { daysLeft, formatDate, shortHash, timeAgo } from '../format';
import type { Csr, CsrDetail } from '../types';
import { CopyButton } from '../ui/copy';
import { Badge } from '../ui/misc';
import { ReviewControls, type Outcome } from './review-controls';

type Props = {
  csr: Csr; selected: boolean; busy: boolean; error?: string;
  /** Part of a running "Approve selected": no other action until it ends. */
  locked: boolean;
  /** Reviewed from this page; the row stays, said to be done, until the list refreshes. */
  outcome?: Outcome;
  /** The validity typed in this row; "Approve selected" uses it too, so it lives in the queue. */
  days: string; defaultDays: number; onDays: (days: string) => void;
  onSelect: (on: boolean) => void; onApprove: () => void; onReject: (reason: string) => void;
};

function Replaces({ id }: { id: string }) {
  const detail = useQuery({ queryKey: ['csr', id], queryFn: () => apiGet<CsrDetail>(`/api/v1/csrs/${id}`) });
  const old = detail.data?.replaces;
  // Inline rather than an ErrorNote block: this sits inside a line of the row's facts.
  if (detail.error && !old) return (
    <span role="alert" className="text-xs text-red-700">
      rotation; the certificate it replaces did not load{' '}
      <button type="button" onClick={() => detail.refetch()} className="font-medium underline">Retry</button>
    </span>
  );
  if (!old) return <span className="text-xs text-indigo-700">rotation</span>;
  return (
    <span className="text-xs text-indigo-700">
      replaces <Link className="font-mono underline" href={`/certificates/${old.id}`}>{old.serialNumber.slice(0, 10)}…</Link> (expires {formatDate(old.notAfter)}, {daysLeft(old.daysUntilExpiry)})
    </span>
  );
}

export function QueueRow({ csr, selected, busy, locked, outcome, error, days, defaultDays, onDays, onSelect, onApprove, onReject }: Props) {
  return (
    <li className={`px-4 py-4 ${outcome ? 'bg-slate-50' : ''}`}>
      <div className="flex flex-wrap items-start gap-4">
        <input type="checkbox" aria-label={`Select CSR from ${csr.orgName ?? csr.orgId}, key ${shortHash(csr.publicKeySha256)}`} className="mt-1 size-4 rounded border-slate-300" checked={selected} disabled={Boolean(outcome) || locked} onChange={(e) => onSelect(e.target.checked)} />
        <div className="min-w-0 flex-1 space-y-1">
          <p className="text-sm font-semibold text-slate-900">{csr.orgName ?? csr.orgId} <span className="font-normal text-slate-500">· {csr.subject}</span>
            <Link className="ml-3 text-xs font-medium text-indigo-700 hover:underline" href={`/csrs/${csr.id}`}>Details and PEM</Link>
          </p>
          <p className="flex flex-wrap items-center gap-x-3 gap-y-1 text-xs text-slate-600">
            <span>{csr.keyAlgorithm}</span>
            <span className="inline-flex items-center gap-1 font-mono" title={csr.publicKeySha256}>key {shortHash(csr.publicKeySha256)} <CopyButton text={csr.publicKeySha256} /></span>
            <span>by {csr.submittedBy ?? 'unknown'}</span>
            <span>{timeAgo(csr.createdAt)}</span>
            {csr.subject !== `CN=${csr.orgId}` && (
              <span title="The profile decides the subject: the CSR's other attributes were never checked, so the certificate does not carry them.">
                certificate subject: <span className="font-mono">CN={csr.orgId}</span>
              </span>
            )}
            {csr.replacesCertificateId && <Replaces id={csr.id} />}
          </p>
          {error && <p role="alert" className="text-xs font-medium text-red-600">{error}</p>}
        </div>
        {outcome ? (
          <Badge tone={outcome === 'approved' ? 'green' : 'slate'}>{outcome === 'approved' ? 'Approved ✓' : 'Rejected'}</Badge>
        ) : (
          <ReviewControls
            id={csr.id} days={days} defaultDays={defaultDays} onDays={onDays} busy={busy} disabled={busy || locked}
            onApprove={onApprove} onReject={onReject} rejectClassName="basis-full pl-8"
          />
        )}
      </div>
    </li>
  );
}
