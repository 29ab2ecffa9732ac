// POST /api/v1/csrs, the upload page and the CLI all submit through here (PRODUCT.md "CSR validation").
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { isUniqueViolation, pool, type Csr } from '../db/client';
import { auditInsertSql, auditParams } from '../audit/append-audit';
import { requireRole, type Actor } from '../auth/actor';
import { fail } from '../errors';
import { checkCsrSubject, parseCsr } from './csr-policy';
import { nodeCsrCrypto } from './node-crypto';
import { presentCsr } from './present';

export const submitCsrInput = z.object({
  csr: z.union([z.string().max(1_000_000), z.instanceof(Uint8Array)]),
  replacesCertificateId: z.string().uuid().optional(),
});

const duplicateKey = () =>
  fail('duplicate_key', 'This public key is already used by a certificate or an open CSR. Generate a new key pair for every certificate.');

// One statement, so one transaction and one round trip: the checks, the row and its audit entry
// commit together or not at all. The CSR is written only when every check passes; the outer
// SELECT reports each check so that the caller can name the one that failed.
const SUBMIT_SQL = `
WITH org AS (SELECT active FROM "Organization" WHERE id = $2),
old AS (SELECT status, "replacedById" FROM "Certificate" WHERE id = $8::uuid AND "orgId" = $2),
used AS (SELECT 1 FROM "Certificate" WHERE "publicKeySha256" = $7),
rotatable AS (SELECT 1 FROM old WHERE status = 'active' AND "replacedById" IS NULL),
csr AS (
  INSERT INTO "Csr" (id, "orgId", "submittedById", pem, subject, "keyAlgorithm", "publicKeySha256", "replacesCertificateId")
  SELECT $1::uuid, $2, $3::uuid, $4, $5, $6, $7, $8::uuid
  WHERE coalesce((SELECT active FROM org), false) AND NOT EXISTS (SELECT 1 FROM used)
    AND ($8::uuid IS NULL OR EXISTS (SELECT 1 FROM rotatable))
  RETURNING *),
audit AS (${auditInsertSql('csr', 9)})
SELECT (SELECT active FROM org) AS "orgActive", EXISTS (SELECT 1 FROM old) AS "oldFound", EXISTS (SELECT 1 FROM rotatable) AS "rotatable", EXISTS (SELECT 1 FROM used) AS "keyUsed",
  csr.id, csr.status, csr."orgId", csr.subject, csr."keyAlgorithm", csr."publicKeySha256", csr."createdAt", csr."reviewedAt",
  csr."rejectionReason", csr."certificateId", csr."replacesCertificateId"
FROM (SELECT 1) AS one LEFT JOIN csr ON true`;

type SubmitRow = Partial<Csr> & { orgActive: boolean | null; oldFound: boolean; rotatable: boolean; keyUsed: boolean };

export async function submitCsr(actor: Actor, input: z.infer<typeof submitCsrInput>) {
  requireRole(actor, 'engineer', 'org_admin');
  const orgId = actor.orgId!;
  const parsed = await parseCsr(input.csr, { crypto: nodeCsrCrypto });
  checkCsrSubject(parsed, orgId);
  const id = randomUUID();
  const replaces = input.replacesCertificateId ?? null;
  const audit = auditParams(actor, {
    action: 'csr.submit', objectType: 'csr', objectId: id, orgId,
    details: { subject: parsed.subject, keyAlgorithm: parsed.keyAlgorithm, publicKeySha256: parsed.publicKeySha256, replacesCertificateId: replaces },
  });
  let row: SubmitRow;
  try {
    const values = [id, orgId, actor.userId, parsed.pem, parsed.subject, parsed.keyAlgorithm, parsed.publicKeySha256, replaces, ...audit];
    row = (await pool().query({ name: 'csr_submit', text: SUBMIT_SQL, values })).rows[0];
  } catch (error) {
    // The partial unique index on pending CSRs' keys catches two submissions racing.
    if (isUniqueViolation(error)) return duplicateKey();
    throw error;
  }
  if (row.id) return presentCsr(row as Csr);
  if (!row.orgActive) fail('organization_inactive', 'Your organization is suspended; ask an operator.');
  if (replaces && !row.oldFound) fail('not_found', 'The certificate to replace was not found.');
  if (replaces && !row.rotatable) fail('certificate_not_active', 'Only an active certificate that has not been replaced can be rotated.');
  // A key of any certificate (a revoked one above all: it may be compromised) is never reused.
  return duplicateKey();
}
