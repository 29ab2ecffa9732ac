import { z } from 'zod';
import { db } from '../db/client';
import { appendAudit } from '../audit/append-audit';
import { assertSameOrg, requireRole, type Actor } from '../auth/actor';
import { fail } from '../errors';
import { loadIssuingCa } from './ca-store';
import type { RevocationReason } from './crl';
import { regenerateCrl } from './crl-store';
import { presentCertificate } from './present';
import { enqueueMail, orgRecipients } from '../mail/outbox';
import { cancelReminders } from '../expiry/schedule';

// certificateHold is left out: RFC 5280 §5.3.1 makes a hold temporary (removeFromCRL lifts it),
// and a revocation here is for good. A reason that promised otherwise would mislead relying parties.
const permanentReasons = ['unspecified', 'keyCompromise', 'affiliationChanged', 'superseded', 'cessationOfOperation', 'privilegeWithdrawn'] as const satisfies readonly RevocationReason[];
export const revokeInput = z.object({
  reason: z.enum(permanentReasons, { message: `reason is one of ${permanentReasons.join(', ')} (RFC 5280 section 5.3.1; certificateHold is temporary by definition, and revocation here cannot be undone)` }).default('unspecified'),
});

/** Revokes with an RFC 5280 §5.3.1 reason; the CRL is regenerated in the same transaction. */
export async function revokeCertificate(actor: Actor, id: string, input: z.infer<typeof revokeInput>) {
  requireRole(actor, 'operator', 'org_admin');
  const issuer = await loadIssuingCa();
  return db().$transaction(async (tx) => {
    const existing = await tx.certificate.findUnique({ where: { id }, select: { orgId: true } });
    if (!existing) fail('not_found', 'Certificate not found.');
    assertSameOrg(actor, existing!.orgId, 'Certificate');
    const claimed = await tx.certificate.updateMany({
      where: { id, status: 'active' },
      data: { status: 'revoked', revokedAt: new Date(), revocationReason: input.reason },
    });
    if (claimed.count !== 1) fail('certificate_not_active', 'This certificate is already revoked.');
    const row = await tx.certificate.findUniqueOrThrow({ where: { id } });
    await cancelReminders(tx, id);
    await regenerateCrl(tx, issuer);
    const members = await orgRecipients(tx, row.orgId);
    await enqueueMail(tx, members.map((m) => ({
      key: `certificate_revoked:${id}:${m.id}`, recipient: m.email, orgId: row.orgId,
      payload: { kind: 'certificate_revoked' as const, certificateId: id, serialNumber: row.serialNumber, subject: row.subject, reason: input.reason },
    })));
    await appendAudit(tx, actor, { action: 'certificate.revoke', objectType: 'certificate', objectId: id, orgId: row.orgId, details: { reason: input.reason, serialNumber: row.serialNumber } });
    return presentCertificate(row);
  });
}
