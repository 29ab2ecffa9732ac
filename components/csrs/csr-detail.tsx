'use client';

import Link from 'next/link';
import { useQuery } from '@tanstack/react-query';
import { apiGet } from '../api';
import { formatDateTime } from '../format';
import type { CsrDetail as Detail, Role } from '../types';
import { buttonClass } from '../ui/button';
import { CodeBlock } from '../ui/copy';
import { ErrorNote } from '../ui/field';
import { Card, DefinitionList, PageHeader, Skeleton } from '../ui/misc';
import { CsrStatus } from '../ui/status';
import { isNotFound, NotFoundState, retryUnlessNotFound } from '../shell/not-found-state';
import { auditTrailHref } from '../admin/audit-trail';
import { APPROVED_NOTE, CsrReview } from '../admin/csr-review';
import { CancelCsr } from './cancel-csr';

function CsrNotFound({ operator }: { operator: boolean }) {
  return (
    <NotFoundState
      title="CSR not found"
      description="There is no certificate request with this ID that you can see. Check the link, or find the request in the list."
      back={operator ? { href: '/admin/queue', label: 'Approval queue' } : { href: '/csrs', label: 'Certificate requests' }}
    />
  );
}

/** `defaultDays`: the deployment's validity, for an operator's review of a pending CSR. */
export function CsrDetail({ id, role, justSubmitted, defaultDays }: { id: string; role: Role; justSubmitted: boolean; defaultDays: number }) {
  const csr = useQuery({
    queryKey: ['csr', id],
    queryFn: () => apiGet<Detail>(`/api/v1/csrs/${id}`),
    retry: retryUnlessNotFound,
    refetchInterval: (q) => (q.state.data?.status === 'pending' ? 10_000 : false),
  });
  if (isNotFound(csr.error)) return <CsrNotFound operator={role === 'operator'} />;
  if (csr.error) return <ErrorNote message={csr.error.message} onRetry={() => void csr.refetch()} />;
  if (!csr.data) return <Skeleton rows={6} />;
  const c = csr.data;
  const operator = role === 'operator';
  return (
    <>
      <PageHeader
        title="Certificate request"
        description={<span className="inline-flex items-center gap-2">{c.subject} <CsrStatus status={c.status} /></span>}
        actions={c.status === 'pending' && !operator ? <CancelCsr id={c.id} popover />
          : operator && <Link className={buttonClass('secondary')} href={auditTrailHref(c.id, c.certificateId)}>Audit trail</Link>}
      />
      {justSubmitted && c.status === 'pending' && (
        <div className="mb-6 rounded-lg border border-emerald-200 bg-emerald-50 px-4 py-3 text-sm text-emerald-900">Submitted. An operator will review it; this page updates by itself.</div>
      )}
      {operator && <CsrReview csr={c} defaultDays={defaultDays} />}
      {!operator && (c.status === 'rejected' || c.status === 'cancelled') && (
        <div className="mb-6 rounded-lg border border-slate-200 bg-white px-4 py-3 text-sm text-slate-700">
          {c.status === 'rejected' ? <>An operator rejected this request{c.rejectionReason && <>: “{c.rejectionReason}”</>}.</> : 'This request was cancelled.'}{' '}
          {/* A rotation's upload page is linked to the same certificate; it says so itself if that one can no longer be rotated. */}
          <Link className="font-semibold text-indigo-700 underline" href={c.replacesCertificateId ? `/csrs/new?replaces=${c.replacesCertificateId}` : '/csrs/new'}>
            Upload a new CSR{c.replacesCertificateId ? ' for the same rotation' : ''}
          </Link>
        </div>
      )}
      {c.certificateId && (
        // The focus lands here when an operator approved on this page (admin/csr-review).
        <div id={APPROVED_NOTE} tabIndex={-1} className="mb-6 rounded-lg border border-emerald-200 bg-emerald-50 px-4 py-3 text-sm text-emerald-900 outline-none">
          Approved. <Link className="font-semibold underline" href={`/certificates/${c.certificateId}`}>Open the certificate and download client-cert.pem</Link>.
          {operator && <> <Link className="ml-2 font-semibold underline" href="/admin/queue">Back to the approval queue</Link></>}
        </div>
      )}
      <Card title="Details">
        <DefinitionList items={[
          ...(operator ? [['Organization', <Link key="o" className="text-indigo-700 hover:underline" href={`/admin/orgs/${c.orgId}`}>{c.orgName ?? c.orgId}</Link>] as [string, React.ReactNode]] : []),
          ['Key', `${c.keyAlgorithm} (${c.keySize} bits)`],
          ['Signature', c.signatureAlgorithm],
          ['Public key SHA-256', <span key="k" className="font-mono text-xs">{c.publicKeySha256}</span>],
          ['Submitted', `${formatDateTime(c.createdAt)}${c.submittedBy ? ` by ${c.submittedBy}` : ''}`],
          ['Reviewed', `${formatDateTime(c.reviewedAt)}${c.reviewedBy !== undefined ? ` by ${c.reviewedBy ?? 'the operator CLI'}` : ''}`],
          // The submitter reads the reason in the note above the details.
          ...(c.rejectionReason && operator ? [['Rejection reason', c.rejectionReason] as [string, string]] : []),
          ...(c.replaces ? [['Replaces', <Link key="r" className="font-mono text-indigo-700 hover:underline" href={`/certificates/${c.replaces.id}`}>{c.replaces.serialNumber}</Link>] as [string, React.ReactNode]] : []),
        ]} />
      </Card>
      <Card title="CSR (PEM)" className="mt-6"><CodeBlock code={c.pem.trim()} /></Card>
    </>
  );
}
