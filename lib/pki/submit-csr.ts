// POST /api/v1/csrs, the upload page and the CLI all submit through here (PRODUCT.md "CSR validation").
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { isUniqueViolation, type Csr } from '../db/client';
import { groupCommitEach, queryJsonRowPerItem } from '../db/group-commit';
import { auditInsertJsonSql, auditRecord } from '../audit/append-audit';
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
// SELECT reports each check so that the caller can name the one that failed. It takes its
// submissions as JSON rows: under load those in flight in this process commit together (group
// commit, as approvals do in ./review-csr.ts). PostgreSQL guesses 100 rows for json_to_recordset,
// and would then hash whole tables; each lookup is a LATERAL … LIMIT 1, an index probe per row.
const SUBMIT_SQL = `
WITH input AS (
  SELECT * FROM json_to_recordset($1::json) AS i(idx int, id uuid, "orgId" text, "submittedById" uuid, pem text, subject text,
    "keyAlgorithm" text, "publicKeySha256" text, "replacesCertificateId" uuid, audit json)),
checked AS (
  SELECT i.*, org.active AS "orgActive", old.id IS NOT NULL AS "oldFound", coalesce(old.rotatable, false) AS rotatable, used.one IS NOT NULL AS "keyUsed"
  FROM input i
  LEFT JOIN LATERAL (SELECT active FROM "Organization" WHERE id = i."orgId" LIMIT 1) org ON true
  LEFT JOIN LATERAL (SELECT id, status = 'active' AND "replacedById" IS NULL AS rotatable FROM "Certificate"
    WHERE id = i."replacesCertificateId" AND "orgId" = i."orgId" LIMIT 1) old ON true
  LEFT JOIN LATERAL (SELECT 1 AS one FROM "Certificate" WHERE "publicKeySha256" = i."publicKeySha256" LIMIT 1) used ON true),
accepted AS (
  SELECT * FROM checked WHERE coalesce("orgActive", false) AND NOT "keyUsed" AND ("replacesCertificateId" IS NULL OR rotatable)),
csr AS (
  INSERT INTO "Csr" (id, "orgId", "submittedById", pem, subject, "keyAlgorithm", "publicKeySha256", "replacesCertificateId")
  SELECT id, "orgId", "submittedById", pem, subject, "keyAlgorithm", "publicKeySha256", "replacesCertificateId" FROM accepted ORDER BY idx
  RETURNING *),
audit AS (${auditInsertJsonSql('accepted', 'accepted.audit', 'accepted.idx')})
SELECT checked.idx, checked."orgActive", checked."oldFound", checked.rotatable, checked."keyUsed",
  csr.id, csr.status, csr."orgId", csr.subject, csr."keyAlgorithm", csr."publicKeySha256", csr."createdAt", csr."reviewedAt",
  csr."rejectionReason", csr."certificateId", csr."replacesCertificateId"
FROM checked LEFT JOIN csr ON csr.id = checked.id`;

type Submission = { id: string; publicKeySha256: string } & Record<string, unknown>;
type SubmitRow = Partial<Csr> & { idx: number; orgActive: boolean | null; oldFound: boolean; rotatable: boolean; keyUsed: boolean };

const writeSubmissions = groupCommitEach<Submission, SubmitRow>(
  async (submissions) => {
    // The statement answers every submission: its checks, and the CSR when it was written.
    const rows = await queryJsonRowPerItem<SubmitRow>('csr_submit', SUBMIT_SQL, submissions);
    return rows.map((row) => row!);
  },
  // The partial unique index on pending CSRs' keys catches two submissions of one key: in one
  // statement as when they race, and the later fails alone.
  { key: (s) => s.publicKeySha256, alone: isUniqueViolation },
);

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
  let row: SubmitRow;
  try {
    row = await writeSubmissions({
      id, orgId, submittedById: actor.userId, pem: parsed.pem, subject: parsed.subject, keyAlgorithm: parsed.keyAlgorithm,
      publicKeySha256: parsed.publicKeySha256, replacesCertificateId: replaces, audit,
    });
  } catch (error) {
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
