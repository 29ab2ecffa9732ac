import { z } from 'zod';
import { db } from '../db/client';
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
 * The order matters. The CRL's lock comes first, so revocations run one at a time and the status
 * read under it is the one this revocation changes. The CRL (a read of every revoked certificate
 * and a signature, the slow part) is built next, with this certificate in it, while no other lock
 * is held. Only then the audit chain's lock, before the certificate's row is written: issuance
 * takes the chain's lock and then the per-day totals' rows that the Certificate triggers update,
 * and a revocation that wrote the certificate first would hold them the other way round. It
 * deadlocked with issuances of the same organization and expiry day (PostgreSQL aborted one).
 */
export async function revokeCertificate(actor: Actor, id: string, input: z.infer<typeof revokeInput>) {
  requireRole(actor, 'operator', 'org_admin');
  const issuer = await loadIssuingCa();
  return db().$transaction(async (tx) => {
    await lockCrl(tx);
    const current = await tx.certificate.findUnique({ where: { id }, select: { orgId: true, status: true, serialNumber: true, subject: true, issuer: true, notAfter: true } });
    if (!current) fail('not_found', 'Certificate not found.');
    assertSameOrg(actor, current!.orgId, 'Certificate');
    if (current!.status !== 'active') fail('certificate_not_active', 'This certificate is already revoked.');
    const revokedAt = new Date();
    await regenerateCrl(tx, issuer, { ...current!, revokedAt, reason: input.reason });
    await cancelReminders(tx, id);
    const members = await orgRecipients(tx, current!.orgId);
    await enqueueMail(tx, members.map((m) => ({
      key: `certificate_revoked:${id}:${m.id}`, recipient: m.email, orgId: current!.orgId,
      payload: { kind: 'certificate_revoked' as const, certificateId: id, serialNumber: current!.serialNumber, subject: current!.subject, reason: input.reason },
    })));
    await lockAuditChain(tx);
    const [row] = await tx.certificate.updateManyAndReturn({
      where: { id, status: 'active' },
      data: { status: 'revoked', revokedAt, revocationReason: input.reason },
    });
    if (!row) fail('certificate_not_active', 'This certificate is already revoked.');
    await appendAudit(tx, actor, { action: 'certificate.revoke', objectType: 'certificate', objectId: id, orgId: row.orgId, details: { reason: input.reason, serialNumber: row.serialNumber } });
    return presentCertificate(row);
  });
}
