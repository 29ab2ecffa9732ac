'use client';

import Link from 'next/link';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { timeAgo } from '../format';
import type { CsrDetail } from '../types';
import { ErrorNote } from '../ui/field';
import { Card } from '../ui/misc';
import { useAction } from '../ui/use-action';
import { approveBody, postReview, ReviewControls, type Outcome } from './review-controls';

type Review = { outcome: Outcome; body: unknown };

/** The CSR page's note of an approval (components/csrs/csr-detail), and this one's of a rejection. */
export const APPROVED_NOTE = 'csr-approved';
const REJECTED_NOTE = 'csr-rejected';

/**
 * An operator's review of the CSR on its own page (the one the audit trail, a mail or a colleague's
 * link leads to), with the queue's controls. Shown while the CSR is pending, and afterwards only
 * to say how this page's review ended: a refusal (another operator was quicker, the organization
 * was suspended) stays in view after the CSR's new status has replaced the controls.
 */
export function CsrReview({ csr, defaultDays }: { csr: CsrDetail; defaultDays: number }) {
  const client = useQueryClient();
  const [days, setDays] = useState('');
  const review = useAction({
    mutationFn: ({ outcome, body }: Review) => postReview(csr.id, outcome, body),
    // Either way the CSR may have changed (a refusal says it is no longer pending): read it again,
    // with the queue and the navigation's pending count.
    onSettled: () => Promise.all([['csr', csr.id], ['queue'], ['me'], ['csrs']].map((queryKey) => client.invalidateQueries({ queryKey }))),
  });
  // The controls are gone once the review went through, and the focus with them: onto what the
  // page now says (an approval's note, with the certificate's link, is the CSR page's own).
  const reviewed = review.isSuccess && csr.status !== 'pending';
  // Until the CSR is read again after a review, its controls stay busy: nothing to press twice.
  const waiting = review.isPending || review.isSuccess;
  useEffect(() => { if (reviewed) document.getElementById(csr.status === 'approved' ? APPROVED_NOTE : REJECTED_NOTE)?.focus(); }, [reviewed, csr.status]);

  if (reviewed) {
    return csr.status === 'approved' ? null : (
      <div id={REJECTED_NOTE} tabIndex={-1} role="status" className="mb-6 rounded-lg border border-slate-200 bg-white px-4 py-3 text-sm text-slate-700 outline-none">
        You rejected this request; the submitter sees your reason.{' '}
        <Link className="ml-2 font-semibold text-indigo-700 underline" href="/admin/queue">Back to the approval queue</Link>
      </div>
    );
  }
  if (csr.status !== 'pending') return review.error ? <div className="mb-6"><ErrorNote message={review.error.message} /></div> : null;
  return (
    <Card title="Review" className="mb-6">
      <div className="flex flex-wrap items-start justify-between gap-4">
        <p className="max-w-md text-sm text-slate-600">
          Submitted {timeAgo(csr.createdAt)}. Approving signs the certificate at once with the issuing CA; rejecting needs a reason. The submitter is told by e-mail either way.
        </p>
        <ReviewControls
          id={csr.id} days={days} defaultDays={defaultDays} onDays={setDays} busy={waiting} disabled={waiting}
          onApprove={() => review.mutate({ outcome: 'approved', body: approveBody(days) })}
          onReject={(reason) => review.mutate({ outcome: 'rejected', body: { reason } })}
          rejectClassName="basis-full"
        />
      </div>
      {review.error && <div className="mt-3"><ErrorNote message={review.error.message} /></div>}
    </Card>
  );
}
