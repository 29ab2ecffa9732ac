// The approval queue: approve (the CA signs at once), reject with a reason, or cancel by the
// submitting organization. Each is one transaction whose first statement moves the CSR out of
// `pending` with a conditional UPDATE: concurrent approvals queue on the row lock and all but
// one find nothing to update, so one CSR never yields two certificates.
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { db, type Csr, type Tx } from '../db/client';
import { appendAudit } from '../audit/append-audit';
import { assertSameOrg, requireRole, type Actor } from '../auth/actor';
import { config } from '../config';
import { DAY_MS, now } from '../clock';
import { fail } from '../errors';
import { loadIssuingCa } from './ca-store';
import { parseCsr } from './csr-policy';
import { issueClientCertificate } from './profile';
import { presentCertificate, presentCsr, ROTATION_DAYS } from './present';
import { cancelReminders, scheduleReminders } from '../expiry/schedule';
import { enqueueMail } from '../mail/outbox';
import type { MailPayload } from '../mail/templates';

export const approveInput = z.object({ validityDays: z.number().int().min(1).max(825).optional() });
export const rejectInput = z.object({ reason: z.string().trim().min(1, 'a reason is required').max(1000) });

type Claim = { status: 'approved' | 'rejected' | 'cancelled'; reviewedById?: string | null; rejectionReason?: string; certificateId?: string };

async function claimPending(tx: Tx, id: string, claim: Claim): Promise<Csr> {
  const rows = await tx.$queryRaw<Csr[]>`
    UPDATE "Csr" SET status = ${claim.status}::"CsrStatus", "reviewedAt" = now(), "reviewedById" = ${claim.reviewedById ?? null}::uuid,
      "rejectionReason" = ${claim.rejectionReason ?? null}, "certificateId" = ${claim.certificateId ?? null}::uuid
    WHERE id = ${id}::uuid AND status = 'pending' RETURNING *`;
  if (rows.length === 0) {
    const exists = await tx.csr.findUnique({ where: { id }, select: { status: true } });
    if (!exists) fail('not_found', 'CSR not found.');
    fail('csr_not_pending', `This CSR is already ${exists!.status}.`);
  }
  return rows[0];
}

/** The submitter hears about the review in the same transaction (lib/mail outbox). */
async function notifySubmitter(tx: Tx, csr: Csr, payload: MailPayload) {
  if (!csr.submittedById) return;
  const submitter = await tx.user.findUnique({ where: { id: csr.submittedById }, select: { email: true, disabledAt: true } });
  if (!submitter || submitter.disabledAt) return;
  await enqueueMail(tx, [{ key: `${payload.kind}:${csr.id}`, recipient: submitter.email, orgId: csr.orgId, payload }]);
}

const reviewerId = (actor: Actor) => (actor.via === 'cli' ? null : actor.userId);

export async function approveCsr(actor: Actor, id: string, input: z.infer<typeof approveInput>) {
  requireRole(actor, 'operator');
  const issuer = await loadIssuingCa();
  const certificateId = randomUUID();
  return db().$transaction(async (tx) => {
    const csr = await claimPending(tx, id, { status: 'approved', reviewedById: reviewerId(actor), certificateId });
    const issued = await issueClientCertificate({
      // Proof of possession was verified when the CSR was accepted; the stored DER cannot change.
      csr: await parseCsr(csr.pem, { proofOfPossession: false }),
      issuer,
      validityDays: input.validityDays ?? config().CERT_VALIDITY_DAYS,
      publicUrl: config().publicUrl,
      now: now(),
    });
    const certificate = await tx.certificate.create({
      data: {
        id: certificateId, orgId: csr.orgId, csrId: csr.id, serialNumber: issued.serialNumber, subject: issued.subject, issuer: issued.issuer,
        notBefore: issued.notBefore, notAfter: issued.notAfter,
        rotationDueAt: new Date(issued.notAfter.getTime() - ROTATION_DAYS * DAY_MS),
        fingerprintSha256: issued.fingerprintSha256, publicKeySha256: issued.publicKeySha256, keyAlgorithm: csr.keyAlgorithm,
        pem: issued.pem, replacesCertificateId: csr.replacesCertificateId,
      },
    });
    if (csr.replacesCertificateId) {
      // The replaced certificate stays valid until it expires, but is no longer reminded about.
      await tx.certificate.update({ where: { id: csr.replacesCertificateId }, data: { replacedById: certificate.id } });
      await cancelReminders(tx, csr.replacesCertificateId);
    }
    await scheduleReminders(tx, certificate.id, certificate.notAfter);
    await notifySubmitter(tx, csr, {
      kind: 'csr_approved', csrId: csr.id, certificateId: certificate.id, serialNumber: certificate.serialNumber,
      subject: certificate.subject, notAfter: certificate.notAfter.toISOString(),
    });
    await appendAudit(tx, actor, {
      action: 'csr.approve', objectType: 'certificate', objectId: certificate.id, orgId: csr.orgId,
      details: { csrId: csr.id, serialNumber: certificate.serialNumber, notAfter: certificate.notAfter.toISOString(), replaces: csr.replacesCertificateId },
    });
    return { csr: presentCsr(csr), certificate: presentCertificate(certificate) };
  }, { timeout: 30_000, maxWait: 30_000 });
}

export async function rejectCsr(actor: Actor, id: string, input: z.infer<typeof rejectInput>) {
  requireRole(actor, 'operator');
  return db().$transaction(async (tx) => {
    const csr = await claimPending(tx, id, { status: 'rejected', reviewedById: reviewerId(actor), rejectionReason: input.reason });
    await notifySubmitter(tx, csr, { kind: 'csr_rejected', csrId: csr.id, subject: csr.subject, reason: input.reason });
    await appendAudit(tx, actor, { action: 'csr.reject', objectType: 'csr', objectId: id, orgId: csr.orgId, details: { reason: input.reason } });
    return presentCsr(csr);
  });
}

export async function cancelCsr(actor: Actor, id: string) {
  requireRole(actor, 'engineer', 'org_admin');
  return db().$transaction(async (tx) => {
    const existing = await tx.csr.findUnique({ where: { id }, select: { orgId: true } });
    if (!existing) fail('not_found', 'CSR not found.');
    assertSameOrg(actor, existing!.orgId, 'CSR');
    const csr = await claimPending(tx, id, { status: 'cancelled' });
    await appendAudit(tx, actor, { action: 'csr.cancel', objectType: 'csr', objectId: id, orgId: csr.orgId });
    return presentCsr(csr);
  });
}
