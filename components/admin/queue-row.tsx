'use client';

import Link from 'next/link';
import { useQuery } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { apiGet } from '../api';
import { daysLeft, formatDate, shortHash, timeAgo } from '../format';
import type { Csr, CsrDetail } from '../types';
import { Button } from '../ui/button';
import { CopyButton } from '../ui/copy';
import { Input } from '../ui/field';
import { Badge } from '../ui/misc';
import { useDismiss } from '../ui/use-dismiss';

export type Outcome = 'approved' | 'rejected';

const MAX_DAYS = 825;

/** The days box: empty (the default) or a whole number the server accepts (lib/pki/review-csr). */
export function validityProblem(days: string): string | null {
  const value = days.trim();
  if (!value) return null;
  return /^\d+$/.test(value) && Number(value) >= 1 && Number(value) <= MAX_DAYS ? null : `Enter whole days from 1 to ${MAX_DAYS}, or leave it empty for the default.`;
}

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
  const [rejecting, setRejecting] = useState(false);
  const daysInput = useRef<HTMLInputElement>(null);
  const daysError = validityProblem(days);
  const blocked = busy || locked;
  return (
    <li className={`px-4 py-4 ${outcome ? 'bg-slate-50' : ''}`}>
      <div className="flex flex-wrap items-start gap-4">
        <input type="checkbox" aria-label={`Select CSR from ${csr.orgName ?? csr.orgId}, key ${shortHash(csr.publicKeySha256)}`} className="mt-1 size-4 rounded border-slate-300" checked={selected} disabled={Boolean(outcome) || locked} onChange={(e) => onSelect(e.target.checked)} />
        <div className="min-w-0 flex-1 space-y-1">
          <p className="text-sm font-semibold text-slate-900">{csr.orgName ?? csr.orgId} <span className="font-normal text-slate-500">· {csr.subject}</span></p>
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
          // A form, so Enter in the days box approves this row.
          <form
            noValidate
            className="flex flex-col items-end gap-1"
            onSubmit={(e) => { e.preventDefault(); if (daysError) daysInput.current?.focus(); else onApprove(); }}
          >
            <div className="flex items-center gap-2">
              <label className="sr-only" htmlFor={`days-${csr.id}`}>Validity in days</label>
              <Input
                ref={daysInput} id={`days-${csr.id}`} data-queue-days inputMode="numeric" autoComplete="off" placeholder={`${defaultDays} (default)`} className="w-32"
                title={`Validity in days, 1–${MAX_DAYS}; empty: the deployment's default of ${defaultDays}`} disabled={blocked}
                aria-invalid={Boolean(daysError)} aria-describedby={daysError ? `days-error-${csr.id}` : undefined}
                value={days} onChange={(e) => onDays(e.target.value)}
              />
              <span className="text-xs text-slate-500" aria-hidden>days</span>
              {/* min-w: the spinner fits inside, so the days box does not move while it runs. */}
              <Button type="submit" className="min-w-28" busy={busy && !rejecting} disabled={blocked}>Approve</Button>
              <Button type="button" variant="secondary" disabled={blocked} aria-expanded={rejecting} onClick={() => setRejecting(!rejecting)}>Reject…</Button>
            </div>
            {daysError && <p id={`days-error-${csr.id}`} className="text-xs font-medium text-red-600">{daysError}</p>}
          </form>
        )}
      </div>
      {rejecting && !outcome && <RejectForm id={csr.id} busy={busy} onReject={onReject} onClose={() => setRejecting(false)} />}
    </li>
  );
}

/** The reason asked for a rejection; Escape or an empty reason backs out to the "Reject…" button. */
function RejectForm({ id, busy, onReject, onClose }: { id: string; busy: boolean; onReject: (reason: string) => void; onClose: () => void }) {
  const [reason, setReason] = useState('');
  const { dismiss, onKeyDown } = useDismiss(onClose);
  return (
    <form className="mt-3 flex flex-wrap gap-2 pl-8" onKeyDown={onKeyDown} onSubmit={(e) => { e.preventDefault(); if (reason.trim()) onReject(reason.trim()); }}>
      <label className="sr-only" htmlFor={`reason-${id}`}>Reason</label>
      <Input id={`reason-${id}`} autoFocus required className="min-w-0 flex-1 basis-64" placeholder="Reason, shown to the submitter" value={reason} onChange={(e) => setReason(e.target.value)} />
      <Button type="submit" variant="danger" busy={busy} disabled={!reason.trim()}>Reject</Button>
      <Button type="button" variant="ghost" onClick={dismiss}>Cancel</Button>
    </form>
  );
}
