// The two writes of the issuance path, CSR submission and approval, as one SQL statement. Each
// is one statement, so one transaction and one round trip: its checks, its rows and its audit
// entry commit together or not at all. Under load the writes in flight in this process commit
// together (group commit, lib/db/group-commit), submissions and approvals alike: one statement,
// one WAL flush and one turn of the audit chain's lock for all of them. Writers take turns on
// that lock (it is held to the commit), so each statement saved is a turn saved; with the two
// kinds in one statement, a server issuing at a steady pace writes about half as many
// statements (bench:issue).
//
// Every item is a JSON row with `kind` ('submit' or 'approve') and `idx` (its place in the
// batch); each half of the statement reads its own kind. PostgreSQL guesses 100 rows for
// json_to_recordset and would then hash whole tables: each lookup is a LATERAL … LIMIT 1, an
// index probe per row, and the claim names its CSRs as an array (id = ANY).
//
// Each statement is prepared once per connection and its plan kept, often while a table is young
// and PostgreSQL thinks it empty, so the SQL leaves the planner one choice: a key probe. A lookup
// qualified by id and orgId was planned on the (orgId, …) index, which then read every
// certificate of the organization (290 buffers per submission at 3,500 certificates in
// bench:issue); the orgId is compared in the select list instead. The claim compares the status
// as text: as an enum comparison it let the planner scan every pending CSR through the indexes
// that start with the status or hold only pending rows (tests/integration/statement-plans).
import { isUniqueViolation, type Certificate, type Csr } from '../db/client';
import { groupCommitEach, queryJsonRowPerItem } from '../db/group-commit';
import { reviveDates, type JsonRow } from '../db/rows';
import { auditInsertJsonSql } from '../audit/append-audit';

// Submission: the organization is active, the key was never used by a certificate, the
// certificate it replaces is still rotatable; the CSR is written only when every check passes,
// and the answer reports each check so that the caller can name the one that failed.
const SUBMIT_CTES = `
s_input AS (
  SELECT * FROM json_to_recordset($1::json) AS i(kind text, idx int, id uuid, "orgId" text, "submittedById" uuid, pem text, subject text,
    "keyAlgorithm" text, "publicKeySha256" text, "replacesCertificateId" uuid, audit jsonb) WHERE kind = 'submit'),
s_checked AS (
  SELECT i.*, org.active AS "orgActive", coalesce(old."sameOrg", false) AS "oldFound", coalesce(old."sameOrg" AND old.rotatable, false) AS rotatable,
    used.one IS NOT NULL AS "keyUsed"
  FROM s_input i
  LEFT JOIN LATERAL (SELECT active FROM "Organization" WHERE id = i."orgId" LIMIT 1) org ON true
  LEFT JOIN LATERAL (SELECT "orgId" = i."orgId" AS "sameOrg", status = 'active' AND "replacedById" IS NULL AS rotatable FROM "Certificate"
    WHERE id = i."replacesCertificateId" LIMIT 1) old ON true
  LEFT JOIN LATERAL (SELECT 1 AS one FROM "Certificate" WHERE "publicKeySha256" = i."publicKeySha256" LIMIT 1) used ON true),
s_accepted AS (
  SELECT * FROM s_checked WHERE coalesce("orgActive", false) AND NOT "keyUsed" AND ("replacesCertificateId" IS NULL OR rotatable)),
s_csr AS (
  INSERT INTO "Csr" (id, "orgId", "submittedById", pem, subject, "keyAlgorithm", "publicKeySha256", "replacesCertificateId")
  SELECT id, "orgId", "submittedById", pem, subject, "keyAlgorithm", "publicKeySha256", "replacesCertificateId" FROM s_accepted ORDER BY idx
  RETURNING *),
s_audit AS (${auditInsertJsonSql('s_accepted', 's_accepted.audit', 's_accepted.idx')})`;

const SUBMIT_ROWS = `
SELECT checked.idx, jsonb_build_object('orgActive', checked."orgActive", 'oldFound', checked."oldFound", 'rotatable', checked.rotatable,
  'keyUsed', checked."keyUsed", 'csr', to_jsonb(csr) - 'pem') AS row
FROM s_checked checked LEFT JOIN s_csr csr ON csr.id = checked.id`;

// Approval: claim the CSR (only while pending: of racing approvals one claim wins), insert the
// certificate, mark the certificate it replaces, move the reminder schedule, queue the
// submitter's mail and append the audit entry. The answer carries no PEM.
const APPROVE_CTES = `
a_input AS (
  SELECT * FROM json_to_recordset($1::json) AS i(kind text, idx int, "csrId" uuid, "reviewedById" uuid, "certificateId" uuid, "serialNumber" text,
    subject text, issuer text, "notBefore" timestamptz, "notAfter" timestamptz, "rotationDueAt" timestamptz, "fingerprintSha256" text,
    "publicKeySha256" text, pem text, "remindAt" timestamptz, mail jsonb, audit jsonb) WHERE kind = 'approve'),
a_claim AS (
  UPDATE "Csr" c SET status = 'approved', "reviewedAt" = now(), "reviewedById" = i."reviewedById", "certificateId" = i."certificateId"
  FROM a_input i WHERE c.id = ANY (ARRAY(SELECT "csrId" FROM a_input)) AND c.id = i."csrId" AND c.status::text = 'pending' RETURNING c.*, i.idx),
a_claimed AS (SELECT claim."orgId", claim."keyAlgorithm", claim."replacesCertificateId", claim."submittedById", i.*
  FROM a_claim claim JOIN a_input i ON i.idx = claim.idx),
a_cert AS (
  INSERT INTO "Certificate" (id, "orgId", "csrId", "serialNumber", subject, issuer, "notBefore", "notAfter", "rotationDueAt",
    "fingerprintSha256", "publicKeySha256", "keyAlgorithm", pem, "replacesCertificateId")
  SELECT "certificateId", "orgId", "csrId", "serialNumber", subject, issuer, "notBefore", "notAfter", "rotationDueAt",
    "fingerprintSha256", "publicKeySha256", "keyAlgorithm", pem, "replacesCertificateId" FROM a_claimed ORDER BY idx
  RETURNING *),
a_remind AS (INSERT INTO "ReminderSchedule" ("certificateId", "dueAt") SELECT "certificateId", "remindAt" FROM a_claimed WHERE "remindAt" IS NOT NULL),
a_mail AS (
  INSERT INTO "MailMessage" (id, key, kind, recipient, "orgId", payload)
  SELECT gen_random_uuid(), 'csr_approved:' || c."csrId", 'csr_approved', u.email, c."orgId", c.mail
  FROM a_claimed c JOIN "User" u ON u.id = c."submittedById" AND u."disabledAt" IS NULL
  ON CONFLICT DO NOTHING),
a_audit AS (${auditInsertJsonSql('a_claimed', 'a_claimed.audit', 'a_claimed.idx')})`;

// Only for a batch with a rotation in it: an UPDATE of Certificate fires the expiry-day trigger
// even when it changes no row (statement-level), ≈ 0.1 ms that the plain approval does not need.
const REPLACE_CTES = `
a_replaced AS (UPDATE "Certificate" old SET "replacedById" = c."certificateId" FROM a_claimed c WHERE old.id = c."replacesCertificateId"),
a_unremind AS (DELETE FROM "ReminderSchedule" r USING a_claimed c WHERE r."certificateId" = c."replacesCertificateId")`;

const APPROVE_ROWS = `
SELECT claim.idx, jsonb_build_object('csr', to_jsonb(claim) - 'pem' - 'idx', 'certificate', to_jsonb(cert) - 'pem') AS row
FROM a_claim claim JOIN a_cert cert ON cert."csrId" = claim.id`;

// Each half, and the rotation part, only when the batch has rows for it: a half that finds no
// rows still fires its statement-level triggers. Three shapes, each a prepared statement.
/** The statement for a batch with submissions, approvals and rotations, as flagged (exported for its plan test). */
export function issuanceSql(submit: boolean, approve: boolean, replace: boolean): string {
  const ctes = [submit && SUBMIT_CTES, approve && APPROVE_CTES, approve && replace && REPLACE_CTES].filter(Boolean).join(',');
  const rows = [submit && SUBMIT_ROWS, approve && APPROVE_ROWS].filter(Boolean).join('\nUNION ALL');
  return `WITH ${ctes}\n${rows}`;
}
const statements = new Map<string, string>();
function statementFor(items: Item[]): { name: string; text: string } {
  const submit = items.some((i) => i.kind === 'submit');
  const approve = items.some((i) => i.kind === 'approve');
  const replace = items.some((i) => i.kind === 'approve' && i.replacesCertificateId);
  const name = `issuance_write_${+submit}${+approve}${+replace}`;
  if (!statements.has(name)) statements.set(name, issuanceSql(submit, approve, replace));
  return { name, text: statements.get(name)! };
}

export type SubmissionRow = { id: string; orgId: string; submittedById: string; pem: string; subject: string; keyAlgorithm: string;
  publicKeySha256: string; replacesCertificateId: string | null; audit: unknown };
/** `replacesCertificateId` as read with the CSR (it never changes): it chooses the statement's shape. */
export type ApprovalRow = { csrId: string; replacesCertificateId: string | null } & Record<string, unknown>;
type Item = ({ kind: 'submit' } & SubmissionRow) | ({ kind: 'approve' } & ApprovalRow);

const write = groupCommitEach<Item, JsonRow | undefined>(
  async (items) => {
    const { name, text } = statementFor(items);
    return (await queryJsonRowPerItem<{ idx: number; row: JsonRow }>(name, text, items)).map((r) => r?.row);
  },
  // Two submissions of one key fail on the partial unique index on pending CSRs' keys, and an
  // approval whose key was issued meanwhile through another CSR on the certificates' key index:
  // the row at fault is written again alone and fails alone. Approvals of one CSR never share a
  // statement (one statement must not change a row twice), so one claim wins.
  { key: (item) => (item.kind === 'submit' ? `key:${item.publicKeySha256}` : `csr:${item.csrId}`), alone: isUniqueViolation },
);

// The rows come back as JSON: their times as ISO strings, turned back into Dates here.
const reviveCsr = (row: JsonRow) => reviveDates<Csr>(row, ['createdAt', 'reviewedAt']);
const reviveCertificate = (row: JsonRow) => reviveDates<Certificate>(row, ['notBefore', 'notAfter', 'rotationDueAt', 'revokedAt', 'createdAt']);

/** The submission's checks, and the CSR (no PEM) when it was written. */
export type SubmissionResult = { orgActive: boolean | null; oldFound: boolean; rotatable: boolean; keyUsed: boolean; csr: Csr | null };

export async function writeSubmission(row: SubmissionRow): Promise<SubmissionResult> {
  const result = (await write({ kind: 'submit', ...row })) as Omit<SubmissionResult, 'csr'> & { csr: JsonRow | null };
  return { ...result, csr: result.csr && reviveCsr(result.csr) };
}

/** The claimed CSR and the new certificate (no PEM), or null when the CSR was no longer pending. */
export async function writeApproval(row: ApprovalRow): Promise<{ csr: Csr; certificate: Certificate } | null> {
  const result = (await write({ kind: 'approve', ...row })) as { csr: JsonRow; certificate: JsonRow } | undefined;
  return result ? { csr: reviveCsr(result.csr), certificate: reviveCertificate(result.certificate) } : null;
}
