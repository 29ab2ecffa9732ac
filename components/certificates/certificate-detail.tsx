'use client';

import Link from 'next/link';
import { useQuery } from '@tanstack/react-query';
import { useRef } from 'react';
import { apiGet } from '../api';
import { colonHex, daysLeft, expiresIn, formatDateTime, revocationReasonLabel } from '../format';
import type { Certificate, Role } from '../types';
import { buttonClass } from '../ui/button';
import { CodeBlock, CopyButton } from '../ui/copy';
import { ErrorNote } from '../ui/field';
import { Card, DefinitionList, PageHeader, Skeleton } from '../ui/misc';
import { CertificateStatus } from '../ui/status';
import { KeyMatchCommands } from '../csrs/key-match-commands';
import { isNotFound, NotFoundState, retryUnlessNotFound } from '../shell/not-found-state';
import { auditTrailHref } from '../admin/audit-trail';
import { RevokeDialog } from './revoke-dialog';

export function CertificateDetail({ id, role }: { id: string; role: Role }) {
  const cert = useQuery({ queryKey: ['certificate', id], queryFn: () => apiGet<Certificate>(`/api/v1/certificates/${id}`), retry: retryUnlessNotFound });
  const status = useRef<HTMLSpanElement>(null);
  if (isNotFound(cert.error)) {
    return (
      <NotFoundState
        title="Certificate not found"
        description="There is no certificate with this ID that you can see. Check the link, or find the certificate in the list."
        back={{ href: '/certificates', label: 'Certificates' }}
      />
    );
  }
  if (cert.error) return <ErrorNote message={cert.error.message} onRetry={() => void cert.refetch()} />;
  if (!cert.data) return <Skeleton rows={8} />;
  const c = cert.data;
  const canRevoke = c.status === 'active' && (role === 'operator' || role === 'org_admin');
  const canRotate = c.status === 'active' && !c.replacedById && role !== 'operator';

  return (
    <>
      <PageHeader
        title={c.subject}
        description={<span ref={status} tabIndex={-1} className="inline-flex flex-wrap items-center gap-x-2 gap-y-1 rounded focus-visible:outline-2 focus-visible:outline-indigo-600">Serial <span className="break-all font-mono">{c.serialNumber}</span> <CertificateStatus status={c.status} rotationDue={c.rotationDue} replaced={Boolean(c.replacedById)} /></span>}
        actions={
          <div className="flex flex-wrap gap-2">
            <a className={buttonClass('primary')} href={`/api/v1/certificates/${c.id}/pem`} download="client-cert.pem">Download client-cert.pem</a>
            <a className={buttonClass('secondary')} href={`/api/v1/certificates/${c.id}/pem?chain=1&filename=client-cert-chain.pem`} download="client-cert-chain.pem">With chain</a>
            {/* The issuing and root CA: what a server needs to trust this certificate, and what `openssl verify -CAfile` takes. */}
            <a className={buttonClass('secondary')} href="/pki/ca.pem" download="ca.pem" title="Issuing CA and root CA (PEM)">Download ca.pem</a>
          </div>
        }
      />
      {c.replacedBy && (
        <div className="mb-6 rounded-lg border border-indigo-200 bg-indigo-50 px-4 py-3 text-sm text-indigo-900">
          Replaced by <Link className="font-mono font-semibold underline" href={`/certificates/${c.replacedBy.id}`}>{c.replacedBy.serialNumber.slice(0, 16)}…</Link>, issued {formatDateTime(c.replacedBy.createdAt)}.
          {c.status === 'active' && <> This certificate stays valid until it expires ({formatDateTime(c.notAfter)}) or is revoked; it gets no more reminders.</>}
        </div>
      )}
      {c.rotationDue && (
        <div className="mb-6 rounded-lg border border-amber-200 bg-amber-50 px-4 py-3 text-sm text-amber-900">
          This certificate expires {expiresIn(c.daysUntilExpiry)}. Generate a new key, and <Link className="font-semibold underline" href={`/csrs/new?replaces=${c.id}`}>upload a rotation CSR</Link>.
        </div>
      )}
      <div className="grid gap-6 lg:grid-cols-[1fr_22rem]">
        <Card title="Details">
          <DefinitionList items={[
            ['Organization', c.orgId],
            ['Issuer', c.issuer],
            ['Key', c.keyAlgorithm],
            ['Valid from', formatDateTime(c.notBefore)],
            ['Valid until', <>{formatDateTime(c.notAfter)}{c.status === 'active' && <span className="text-slate-500"> · {daysLeft(c.daysUntilExpiry)}</span>}</>],
            // rotationDueAt is notAfter − 30 days: for a certificate shorter than that, rotation is due from its first moment.
            ['Rotation due from', formatDateTime(c.rotationDueAt > c.notBefore ? c.rotationDueAt : c.notBefore)],
            ['SHA-256 fingerprint', <span key="f" className="flex items-start gap-2 font-mono text-xs">{colonHex(c.fingerprintSha256)}<CopyButton text={c.fingerprintSha256} /></span>],
            ['Public key SHA-256', <span key="k" className="flex items-start gap-2 font-mono text-xs">{c.publicKeySha256}<CopyButton text={c.publicKeySha256} /></span>],
            ...(c.revokedAt ? [['Revoked', `${formatDateTime(c.revokedAt)} (${revocationReasonLabel(c.revocationReason)})`] as [string, string]] : []),
            ...(c.replacedBy ? [['Replaced by', <Link key="r" className="font-mono text-indigo-700 hover:underline" href={`/certificates/${c.replacedBy.id}`}>{c.replacedBy.serialNumber}</Link>] as [string, React.ReactNode]] : []),
            ...(c.replaces ? [['Replaces', <Link key="p" className="font-mono text-indigo-700 hover:underline" href={`/certificates/${c.replaces.id}`}>{c.replaces.serialNumber}</Link>] as [string, React.ReactNode]] : []),
          ]} />
        </Card>
        <div className="space-y-6">
          <Card title="Actions">
            <div className="flex flex-wrap gap-2">
              {canRotate && <Link className={buttonClass('secondary')} href={`/csrs/new?replaces=${c.id}`}>Rotate</Link>}
              {canRevoke && <RevokeDialog id={c.id} serial={c.serialNumber} onRevoked={() => status.current?.focus()} />}
              {!canRotate && !canRevoke && <p className="text-sm text-slate-500">{c.status === 'active' ? 'No actions: this certificate has been replaced already.' : `No actions: this certificate is ${c.status}.`}</p>}
              {role === 'operator' && <Link className={buttonClass('secondary')} href={auditTrailHref(c.id, c.csrId)}>Audit trail</Link>}
            </div>
          </Card>
          <Card title="Check your key matches">
            <p className="mb-2 text-xs text-slate-600">Both commands must print the same hash, equal to the public key SHA-256 above.</p>
            <KeyMatchCommands />
          </Card>
        </div>
      </div>
      {c.pem && <Card title="Certificate (PEM)" className="mt-6"><CodeBlock code={c.pem.trim()} /></Card>}
    </>
  );
}
