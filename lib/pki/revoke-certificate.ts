import { z } from 'zod';
import { transaction } from '../db/client';
import { appendAudit, lockAuditChain } from '../audit/append-audit';
import { assertSameOrg, requireRole, type Actor } from '../auth/actor';
import { fail } from '../errors';
import { loadIssuingCa } from './ca-store';
import type { RevocationReason } from './crl';
import { lockCrl, regenerateCrl } from './crl-store';
import { presentCertificate } from './present';
import { enqueueMail, orgRecipients } from '../mail/outbox';
import { cancelReminders } from '../expiry/schedule';

// certificateHold is left out: RFC 5280 §5.3.1 makes a hold temporary (removeFromCRL lifts it),
// and a revocation here is for good. A reason that promised otherwise would mislead relying parties.
const permanentReasons = ['unspecified', 'keyCompromise', 'affiliationChanged', 'superseded', 'cessationOfOperation', 'privilegeWithdrawn'] as const satisfies readonly RevocationReason[];
export const revokeInput = z.object({
  reason: z.enum(permanentReasons, { message: `reason is one of ${permanentReasons.join(', ')} (RFC 5280 section 5.3.1; certificateHold is temporary by definition, and revocation here cannot be undone)` }).default('unspecified'),
});

/**
 * Revokes with an RFC 5280 §5.3.1 reason; the CRL is regenerated in the same transaction.
 *
 * Locks are taken in the order an approval takes them (tests/integration/csr-lifecycle): the
 * certificate's row (a rotation's approval marks the certificate it replaces, and moves its
 * reminder), then the audit chain's lock, then the rows of per-day totals that the Certificate
 * triggers update when the row is written. Taken the other way round, a revocation and an
 * approval deadlocked (PostgreSQL aborted one): writing the certificate first took the totals'
 * rows before the chain. So the row is locked with FOR UPDATE, which fires no trigger, and
 * written only after the chain's lock. The CRL's lock comes first of all (revocations one at a
 * time; approvals never take it), and the CRL, the slow part, is built before the chain's lock,
 * with this certificate in it.
 */
export async function revokeCertificate(actor: Actor, id: string, input: z.infer<typeof revokeInput>) {
  requireRole(actor, 'operator', 'org_admin');
  const issuer = await loadIssuingCa();
  return transaction(async (tx) => {
    await lockCrl(tx);
    const [current] = await tx.$queryRaw<{ orgId: string; status: string; serialNumber: string; subject: string; issuer: string; notAfter: Date }[]>`
      SELECT "orgId", status::text, "serialNumber", subject, issuer, "notAfter" FROM "Certificate" WHERE id = ${id}::uuid FOR UPDATE`;
    if (!current) fail('not_found', 'Certificate not found.');
    assertSameOrg(actor, current.orgId, 'Certificate');
    if (current.status !== 'active') fail('certificate_not_active', 'This certificate is already revoked.');
    const revokedAt = new Date();
    await regenerateCrl(tx, issuer, { ...current, revokedAt, reason: input.reason });
    await cancelReminders(tx, id);
    const members = await orgRecipients(tx, current.orgId);
    await enqueueMail(tx, members.map((m) => ({
      key: `certificate_revoked:${id}:${m.id}`, recipient: m.email, orgId: current.orgId,
      payload: { kind: 'certificate_revoked' as const, certificateId: id, serialNumber: current.serialNumber, subject: current.subject, reason: input.reason },
    })));
    await lockAuditChain(tx);
    const row = await tx.certificate.update({ where: { id }, data: { status: 'revoked', revokedAt, revocationReason: input.reason } });
    await appendAudit(tx, actor, { action: 'certificate.revoke', objectType: 'certificate', objectId: id, orgId: row.orgId, details: { reason: input.reason, serialNumber: row.serialNumber } });
    return presentCertificate(row);
  });
}
