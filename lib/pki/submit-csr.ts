// POST /api/v1/csrs, the upload page and the CLI all submit through here (PRODUCT.md "CSR validation").
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { isUniqueViolation } from '../db/client';
import { auditRecord } from '../audit/append-audit';
import { requireRole, type Actor } from '../auth/actor';
import { fail } from '../errors';
import { checkCsrSubject, parseCsr } from './csr-policy';
import { nodeCsrCrypto } from './node-crypto';
import { presentCsr } from './present';
import { writeSubmission, type SubmissionResult } from './issuance-writes';

export const submitCsrInput = z.object({
  csr: z.union([z.string().max(1_000_000), z.instanceof(Uint8Array)]),
  replacesCertificateId: z.string().uuid().optional(),
});

const duplicateKey = () =>
  fail('duplicate_key', 'This public key is already used by a certificate or an open CSR. Generate a new key pair for every certificate.');

export async function submitCsr(actor: Actor, input: z.infer<typeof submitCsrInput>) {
  requireRole(actor, 'engineer', 'org_admin');
  const orgId = actor.orgId!;
  const parsed = await parseCsr(input.csr, { crypto: nodeCsrCrypto });
  checkCsrSubject(parsed, orgId);
  const id = randomUUID();
  const replaces = input.replacesCertificateId ?? null;
  const audit = auditRecord(actor, {
    action: 'csr.submit', objectType: 'csr', objectId: id, orgId,
    details: { subject: parsed.subject, keyAlgorithm: parsed.keyAlgorithm, publicKeySha256: parsed.publicKeySha256, replacesCertificateId: replaces },
  });
  // One statement (./issuance-writes): the checks, the CSR row and its audit entry commit together.
  let row: SubmissionResult;
  try {
    row = await writeSubmission({
      id, orgId, submittedById: actor.userId, pem: parsed.pem, subject: parsed.subject, keyAlgorithm: parsed.keyAlgorithm,
      publicKeySha256: parsed.publicKeySha256, replacesCertificateId: replaces, audit,
    });
  } catch (error) {
    if (isUniqueViolation(error)) return duplicateKey();
    throw error;
  }
  if (row.csr) return presentCsr(row.csr);
  if (!row.orgActive) fail('organization_inactive', 'Your organization is suspended; ask an operator.');
  if (replaces && !row.oldFound) fail('not_found', 'The certificate to replace was not found.');
  if (replaces && !row.rotatable) fail('certificate_not_active', 'Only an active certificate that has not been replaced can be rotated.');
  // A key of any certificate (a revoked one above all: it may be compromised) is never reused.
  return duplicateKey();
}
