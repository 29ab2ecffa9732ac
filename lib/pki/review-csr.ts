// The approval queue: approve (the CA signs at once), reject with a reason, or cancel by the
// submitting organization. Each is one transaction that moves the CSR out of `pending` with a
// conditional UPDATE: concurrent reviews queue on the row lock and all but one find nothing to
// update, so one CSR never yields two certificates.
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { transaction, isUniqueViolation, pool, type Csr, type Tx } from '../db/client';
import { appendAudit, auditRecord } from '../audit/append-audit';
import { assertSameOrg, requireRole, type Actor } from '../auth/actor';
import { config } from '../config';
import { DAY_MS, now } from '../clock';
import { fail } from '../errors';
import { loadIssuingCa } from './ca-store';
import { base64Decode, pemBlocks } from './fingerprints';
import { issueClientCertificate } from './profile';
import { presentCertificate, presentCsr, ROTATION_DAYS } from './present';
import { firstReminderAt } from '../expiry/plan';
import { enqueueMail } from '../mail/outbox';
import type { MailPayload } from '../mail/templates';
import { writeApproval } from './issuance-writes';

const DAYS = 'validity is a whole number of days from 1 to 825';
export const approveInput = z.object({ validityDays: z.number(DAYS).int(DAYS).min(1, DAYS).max(825, DAYS).optional() });
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


/** The DER of a CSR as we stored it (pemEncode of the DER that passed csr-policy). */
const storedDer = (pem: string) => base64Decode(pemBlocks(pem)[0].body)!;

// The CSR's fields that issuance needs, and which CA is active (lib/pki/ca-store caches the CA by
// that fingerprint). Not c.*: its timestamps and the other columns cost the pg client ≈ 30 µs per
// approval to parse, for nothing (bench:issue).
const CSR_AND_CA_SQL = `SELECT c.id, c."orgId", c.status::text AS status, c.pem, c.subject, c."replacesCertificateId",
  (SELECT "fingerprintSha256" FROM "CaCertificate" WHERE role = 'issuing' AND active LIMIT 1) AS "caFingerprint",
  (SELECT active FROM "Organization" WHERE id = c."orgId" LIMIT 1) AS "orgActive"
  FROM "Csr" c WHERE c.id = $1::uuid`;
type CsrForIssuance = Pick<Csr, 'id' | 'orgId' | 'status' | 'pem' | 'subject' | 'replacesCertificateId'> & { caFingerprint: string | null; orgActive: boolean | null };

const notPending = (status: string) => fail('csr_not_pending', `This CSR is already ${status}.`);

export async function approveCsr(actor: Actor, id: string, input: z.infer<typeof approveInput>) {
  requireRole(actor, 'operator');
  const found = await pool().query({ name: 'csr_and_ca', text: CSR_AND_CA_SQL, values: [id] });
  const csr = found.rows[0] as CsrForIssuance | undefined;
  if (!csr) return fail('not_found', 'CSR not found.');
  if (csr.status !== 'pending') return notPending(csr.status);
  // A suspended organization gets no new certificate (lib/orgs/organizations); the CSR stays pending.
  if (csr.orgActive === false) return fail('organization_inactive', "This CSR's organization is suspended: resume it first, or reject the CSR.");
  const issuer = await loadIssuingCa(csr.caFingerprint);
  const issued = await issueClientCertificate({
    // The stored CSR passed the whole policy, proof of possession included, when it was accepted.
    csr: { der: storedDer(csr.pem) },
    commonName: csr.orgId,
    issuer,
    validityDays: input.validityDays ?? config().CERT_VALIDITY_DAYS,
    publicUrl: config().publicUrl,
    now: now(),
  });
  const certificateId = randomUUID();
  const notAfter = issued.notAfter.toISOString();
  const mail: MailPayload = { kind: 'csr_approved', csrId: csr.id, certificateId, serialNumber: issued.serialNumber, subject: issued.subject, notAfter };
  const audit = auditRecord(actor, {
    action: 'csr.approve', objectType: 'certificate', objectId: certificateId, orgId: csr.orgId,
    details: { csrId: csr.id, serialNumber: issued.serialNumber, notAfter, replaces: csr.replacesCertificateId },
  });
  // One statement (./issuance-writes): the claim, the certificate, the reminder schedule, the
  // submitter's mail and the audit entry. The certificate was signed before it, from a read of the
  // CSR: when approvals race, each may sign, but only the one whose claim finds the CSR still
  // pending stores its certificate; the others' certificates are discarded unseen.
  let approved: Awaited<ReturnType<typeof writeApproval>>;
  try {
    approved = await writeApproval({
      csrId: id, replacesCertificateId: csr.replacesCertificateId, reviewedById: reviewerId(actor), certificateId, serialNumber: issued.serialNumber, subject: issued.subject, issuer: issued.issuer,
      notBefore: issued.notBefore, notAfter: issued.notAfter, rotationDueAt: new Date(issued.notAfter.getTime() - ROTATION_DAYS * DAY_MS),
      fingerprintSha256: issued.fingerprintSha256, publicKeySha256: issued.publicKeySha256, pem: issued.pem,
      remindAt: firstReminderAt(issued.notAfter, config().reminderThresholds), mail, audit,
    });
  } catch (error) {
    if (isUniqueViolation(error)) return fail('duplicate_key', 'This public key is already used by a certificate.');
    throw error;
  }
  if (!approved) {
    const again = await pool().query({ name: 'csr_and_ca', text: CSR_AND_CA_SQL, values: [id] });
    return notPending((again.rows[0] as CsrForIssuance | undefined)?.status ?? 'gone');
  }
  return { csr: presentCsr(approved.csr), certificate: presentCertificate(approved.certificate) };
}

export async function rejectCsr(actor: Actor, id: string, input: z.infer<typeof rejectInput>) {
  requireRole(actor, 'operator');
  return transaction(async (tx) => {
    const csr = await claimPending(tx, id, { status: 'rejected', reviewedById: reviewerId(actor), rejectionReason: input.reason });
    await notifySubmitter(tx, csr, { kind: 'csr_rejected', csrId: csr.id, subject: csr.subject, reason: input.reason });
    await appendAudit(tx, actor, { action: 'csr.reject', objectType: 'csr', objectId: id, orgId: csr.orgId, details: { reason: input.reason } });
    return presentCsr(csr);
  });
}

export async function cancelCsr(actor: Actor, id: string) {
  requireRole(actor, 'engineer', 'org_admin');
  return transaction(async (tx) => {
    const existing = await tx.csr.findUnique({ where: { id }, select: { orgId: true } });
    if (!existing) fail('not_found', 'CSR not found.');
    assertSameOrg(actor, existing!.orgId, 'CSR');
    const csr = await claimPending(tx, id, { status: 'cancelled' });
    await appendAudit(tx, actor, { action: 'csr.cancel', objectType: 'csr', objectId: id, orgId: csr.orgId });
    return presentCsr(csr);
  });
}
