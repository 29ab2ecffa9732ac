// POST /api/v1/csrs, the upload page and the CLI all submit through here (PRODUCT.md "CSR validation").
import { z } from 'zod';
import { db, Prisma } from '../db/client';
import { appendAudit } from '../audit/append-audit';
import { requireRole, type Actor } from '../auth/actor';
import { fail } from '../errors';
import { checkCsrSubject, parseCsr } from './csr-policy';
import { presentCsr } from './present';

export const submitCsrInput = z.object({
  csr: z.union([z.string().max(1_000_000), z.instanceof(Uint8Array)]),
  replacesCertificateId: z.string().uuid().optional(),
});

const duplicateKey = () =>
  fail('duplicate_key', 'This public key is already used by a certificate or an open CSR. Generate a new key pair for every certificate.');

export async function submitCsr(actor: Actor, input: z.infer<typeof submitCsrInput>) {
  requireRole(actor, 'engineer', 'org_admin');
  const orgId = actor.orgId!;
  const parsed = await parseCsr(input.csr);
  checkCsrSubject(parsed, orgId);
  try {
    return await db().$transaction(async (tx) => {
      const org = await tx.organization.findUnique({ where: { id: orgId } });
      if (!org?.active) fail('organization_inactive', 'Your organization is suspended; ask an operator.');
      if (input.replacesCertificateId) {
        const old = await tx.certificate.findFirst({ where: { id: input.replacesCertificateId, orgId } });
        if (!old) fail('not_found', 'The certificate to replace was not found.');
        if (old!.status !== 'active' || old!.replacedById) fail('certificate_not_active', 'Only an active certificate that has not been replaced can be rotated.');
      }
      // A key of any certificate (a revoked one above all: it may be compromised) is never reused.
      if (await tx.certificate.findUnique({ where: { publicKeySha256: parsed.publicKeySha256 }, select: { id: true } })) duplicateKey();
      const csr = await tx.csr.create({
        data: {
          orgId, submittedById: actor.userId, pem: parsed.pem, subject: parsed.subject, keyAlgorithm: parsed.keyAlgorithm,
          publicKeySha256: parsed.publicKeySha256, replacesCertificateId: input.replacesCertificateId ?? null,
        },
      });
      await appendAudit(tx, actor, {
        action: 'csr.submit', objectType: 'csr', objectId: csr.id, orgId,
        details: { subject: csr.subject, keyAlgorithm: csr.keyAlgorithm, publicKeySha256: csr.publicKeySha256, replacesCertificateId: csr.replacesCertificateId },
      });
      return presentCsr(csr);
    });
  } catch (error) {
    // The partial unique index on pending CSRs' keys catches two submissions racing.
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') return duplicateKey();
    throw error;
  }
}
