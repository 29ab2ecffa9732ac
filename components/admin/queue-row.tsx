'use client';

import Link from 'next/link';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { apiGet } from '../api';
import { daysLeft, formatDate, shortHash, timeAgo } from '../format';
import type { Csr, CsrDetail } from '../types';
import { Button } from '../ui/button';
import { CopyButton } from '../ui/copy';
import { Input } from '../ui/field';

type Props = {
  csr: Csr; selected: boolean; busy: boolean; error?: string;
  /** The validity typed in this row; "Approve selected" uses it too, so it lives in the queue. */
  days: string; onDays: (days: string) => void;
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

export function QueueRow({ csr, selected, busy, error, days, onDays, onSelect, onApprove, onReject }: Props) {
  const [rejecting, setRejecting] = useState(false);
  const [reason, setReason] = useState('');
  return (
    <li className="px-4 py-4">
      <div className="flex flex-wrap items-start gap-4">
        <input type="checkbox" aria-label={`Select CSR from ${csr.orgId}`} className="mt-1 size-4 rounded border-slate-300" checked={selected} onChange={(e) => onSelect(e.target.checked)} />
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
        <div className="flex items-center gap-2">
          <label className="sr-only" htmlFor={`days-${csr.id}`}>Validity days</label>
          <Input id={`days-${csr.id}`} type="number" min={1} max={825} placeholder="default" title="Validity in days (1–825); empty: the deployment's default" className="w-24" value={days} onChange={(e) => onDays(e.target.value)} />
          <span className="text-xs text-slate-500" aria-hidden>days</span>
          <Button busy={busy && !rejecting} onClick={onApprove}>Approve</Button>
          <Button variant="secondary" onClick={() => setRejecting(!rejecting)}>Reject…</Button>
        </div>
      </div>
      {rejecting && (
        <form className="mt-3 flex gap-2 pl-8" onSubmit={(e) => { e.preventDefault(); if (reason.trim()) onReject(reason.trim()); }}>
          <label className="sr-only" htmlFor={`reason-${csr.id}`}>Reason</label>
          <Input id={`reason-${csr.id}`} autoFocus required placeholder="Reason, shown to the submitter" value={reason} onChange={(e) => setReason(e.target.value)} />
          <Button type="submit" variant="danger" busy={busy} disabled={!reason.trim()}>Reject</Button>
        </form>
      )}
    </li>
  );
}
