'use client';

import { useRef, useState } from 'react';
import { apiPost } from '../api';
import { Button } from '../ui/button';
import { Input } from '../ui/field';
import { useDismiss } from '../ui/use-dismiss';

export type Outcome = 'approved' | 'rejected';

const MAX_DAYS = 825;

/** The days box: empty (the default) or a whole number the server accepts (lib/pki/review-csr). */
export function validityProblem(days: string): string | null {
  const value = days.trim();
  if (!value) return null;
  return /^\d+$/.test(value) && Number(value) >= 1 && Number(value) <= MAX_DAYS ? null : `Enter whole days from 1 to ${MAX_DAYS}, or leave it empty for the default.`;
}

/** The body of POST /csrs/{id}/approve for a days box (empty: the deployment's default). */
export const approveBody = (days: string) => (days.trim() ? { validityDays: Number(days.trim()) } : {});

/** One review through the API: POST /csrs/{id}/approve or /reject. */
export const postReview = (id: string, outcome: Outcome, body: unknown) => apiPost(`/api/v1/csrs/${id}/${outcome === 'approved' ? 'approve' : 'reject'}`, body);

type Props = {
  /** The CSR's ID, for the controls' element IDs (`days-<id>` is where the queue puts the focus). */
  id: string;
  days: string; defaultDays: number; onDays: (days: string) => void;
  /** This review runs: its own button spins. */
  busy: boolean;
  /** No action now (this review or another one runs). */
  disabled: boolean;
  onApprove: () => void; onReject: (reason: string) => void;
  /** Classes for the reason form, which opens below the controls (in a flex-wrap row: a line of its own). */
  rejectClassName?: string;
};

/**
 * A pending CSR's review: the validity box, Approve, and Reject… which asks for a reason. The
 * approval queue has one per row, and the CSR's own page one for the request it shows.
 */
export function ReviewControls({ id, days, defaultDays, onDays, busy, disabled, onApprove, onReject, rejectClassName = '' }: Props) {
  const [rejecting, setRejecting] = useState(false);
  const daysInput = useRef<HTMLInputElement>(null);
  const daysError = validityProblem(days);
  return (
    <>
      {/* A form, so Enter in the days box approves. */}
      <form
        noValidate
        className="flex flex-col items-end gap-1"
        onSubmit={(e) => { e.preventDefault(); if (daysError) daysInput.current?.focus(); else onApprove(); }}
      >
        <div className="flex flex-wrap items-center justify-end gap-2">
          {/* The box and its unit wrap together (a phone puts the buttons on the next line). */}
          <span className="flex items-center gap-2">
            <label className="sr-only" htmlFor={`days-${id}`}>Validity in days</label>
            {/* Sized by its wrapper: Input is w-full. */}
            <span className="w-36 shrink-0">
              <Input
                ref={daysInput} id={`days-${id}`} data-queue-days inputMode="numeric" autoComplete="off" placeholder={`${defaultDays} (default)`}
                title={`Validity in days, 1–${MAX_DAYS}; empty: the deployment's default of ${defaultDays}`} disabled={disabled}
                aria-invalid={Boolean(daysError)} aria-describedby={daysError ? `days-error-${id}` : undefined}
                value={days} onChange={(e) => onDays(e.target.value)}
              />
            </span>
            <span className="text-xs text-slate-500" aria-hidden>days</span>
          </span>
          {/* min-w: the spinner fits inside, so the days box does not move while it runs. */}
          <Button type="submit" className="min-w-28" busy={busy && !rejecting} disabled={disabled}>Approve</Button>
          <Button type="button" variant="secondary" disabled={disabled} aria-expanded={rejecting} onClick={() => setRejecting(!rejecting)}>Reject…</Button>
        </div>
        {daysError && <p id={`days-error-${id}`} className="text-xs font-medium text-red-600">{daysError}</p>}
      </form>
      {rejecting && <RejectForm id={id} busy={busy} className={rejectClassName} onReject={onReject} onClose={() => setRejecting(false)} />}
    </>
  );
}

/** The reason asked for a rejection; Escape or an empty reason backs out to the "Reject…" button. */
function RejectForm({ id, busy, className, onReject, onClose }: { id: string; busy: boolean; className: string; onReject: (reason: string) => void; onClose: () => void }) {
  const [reason, setReason] = useState('');
  const { dismiss, onKeyDown } = useDismiss(onClose);
  return (
    <form className={`flex flex-wrap gap-2 ${className}`} onKeyDown={onKeyDown} onSubmit={(e) => { e.preventDefault(); if (reason.trim()) onReject(reason.trim()); }}>
      <label className="sr-only" htmlFor={`reason-${id}`}>Reason</label>
      <Input id={`reason-${id}`} autoFocus required className="min-w-0 flex-1 basis-64" placeholder="Reason, shown to the submitter" value={reason} onChange={(e) => setReason(e.target.value)} />
      <Button type="submit" variant="danger" busy={busy} disabled={!reason.trim()}>Reject</Button>
      <Button type="button" variant="ghost" onClick={dismiss}>Cancel</Button>
    </form>
  );
}
