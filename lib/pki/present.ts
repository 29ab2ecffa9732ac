// API.md's CSR and Certificate objects. Status `expired` and `rotationDue` come from the clock at
// read time, never from a job, so they are right the second they become true.
import type { Certificate, Csr } from '../db/client';
import { DAY_MS, now } from '../clock';

export const ROTATION_DAYS = 30;

export function presentCsr(row: Csr & { submittedBy?: { email: string } | null; org?: { name: string } | null }) {
  return {
    id: row.id,
    status: row.status,
    orgId: row.orgId,
    subject: row.subject,
    keyAlgorithm: row.keyAlgorithm,
    publicKeySha256: row.publicKeySha256,
    createdAt: row.createdAt,
    reviewedAt: row.reviewedAt,
    rejectionReason: row.rejectionReason,
    certificateId: row.certificateId,
    replacesCertificateId: row.replacesCertificateId,
    ...(row.submittedBy !== undefined ? { submittedBy: row.submittedBy?.email ?? null } : {}),
    ...(row.org ? { orgName: row.org.name } : {}),
  };
}

export function certificateStatus(row: Pick<Certificate, 'status' | 'notAfter'>, at = now()): 'active' | 'revoked' | 'expired' {
  if (row.status === 'revoked') return 'revoked';
  return row.notAfter.getTime() <= at.getTime() ? 'expired' : 'active';
}

export function presentCertificate(row: Certificate, opts: { withPem?: boolean } = {}) {
  const at = now();
  const status = certificateStatus(row, at);
  return {
    id: row.id,
    orgId: row.orgId,
    serialNumber: row.serialNumber,
    subject: row.subject,
    issuer: row.issuer,
    keyAlgorithm: row.keyAlgorithm,
    notBefore: row.notBefore,
    notAfter: row.notAfter,
    status,
    rotationDue: status === 'active' && row.rotationDueAt.getTime() <= at.getTime() && !row.replacedById,
    rotationDueAt: row.rotationDueAt,
    daysUntilExpiry: Math.floor((row.notAfter.getTime() - at.getTime()) / DAY_MS),
    fingerprintSha256: row.fingerprintSha256,
    publicKeySha256: row.publicKeySha256,
    revokedAt: row.revokedAt,
    revocationReason: row.revocationReason,
    csrId: row.csrId,
    replacesCertificateId: row.replacesCertificateId,
    replacedById: row.replacedById,
    createdAt: row.createdAt,
    ...(opts.withPem ? { pem: row.pem } : {}),
  };
}
