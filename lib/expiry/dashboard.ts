// The dashboard: certificates by state, what is due for rotation (most urgent first), and how
// many expire in each of the next 13 weeks; operators also see pending CSRs, the outbox and the
// organizations with the most due. Every figure is one indexed query; for an organization the
// counts read the index Certificate(orgId, status, notAfter, replacedById) alone.
import { z } from 'zod';
import { db, Prisma, type Certificate } from '../db/client';
import { isOperator, type Actor } from '../auth/actor';
import { DAY_MS, now } from '../clock';
import { fail } from '../errors';
import { presentCertificate, ROTATION_DAYS } from '../pki/present';
import { outboxSummary } from '../mail/outbox';

export const dashboardQuery = z.object({ orgId: z.string().max(64).optional() });

export const CHART_WEEKS = 13;
const WEEK_MS = 7 * DAY_MS;
const DUE_LIST = 20;

// rotationDueAt is notAfter − ROTATION_DAYS by construction (lib/pki/review-csr.ts); the
// queries use notAfter so that the counts need no table access.
function counts(scope: Prisma.Sql, at: Date) {
  const dueBy = new Date(at.getTime() + ROTATION_DAYS * DAY_MS);
  return db().$queryRaw<{ valid: bigint; rotation_due: bigint; replaced: bigint; expired: bigint; revoked: bigint }[]>`
    SELECT
      count(*) FILTER (WHERE status = 'active' AND "notAfter" > ${dueBy} AND "replacedById" IS NULL) AS valid,
      count(*) FILTER (WHERE status = 'active' AND "notAfter" > ${at} AND "notAfter" <= ${dueBy} AND "replacedById" IS NULL) AS rotation_due,
      count(*) FILTER (WHERE status = 'active' AND "notAfter" > ${at} AND "replacedById" IS NOT NULL) AS replaced,
      count(*) FILTER (WHERE status = 'active' AND "notAfter" <= ${at}) AS expired,
      count(*) FILTER (WHERE status = 'revoked') AS revoked
    FROM "Certificate" WHERE ${scope}`;
}

function dueList(scope: Prisma.Sql, at: Date) {
  const dueBy = new Date(at.getTime() + ROTATION_DAYS * DAY_MS);
  return db().$queryRaw<Certificate[]>`
    SELECT id, "orgId", "csrId", "serialNumber", subject, issuer, "notBefore", "notAfter", "rotationDueAt", "fingerprintSha256",
           "publicKeySha256", "keyAlgorithm", '' AS pem, status, "revokedAt", "revocationReason", "replacesCertificateId",
           "replacedById", "nextReminderAt", "createdAt"
    FROM "Certificate"
    WHERE ${scope} AND status = 'active' AND "replacedById" IS NULL AND "notAfter" > ${at} AND "notAfter" <= ${dueBy}
    ORDER BY "notAfter" LIMIT ${DUE_LIST}`;
}

async function expiringByWeek(scope: Prisma.Sql, at: Date) {
  const until = new Date(at.getTime() + CHART_WEEKS * WEEK_MS);
  const rows = await db().$queryRaw<{ week: number; count: bigint }[]>`
    SELECT floor(extract(epoch FROM ("notAfter" - ${at}::timestamptz)) / ${WEEK_MS / 1000})::int AS week, count(*) AS count
    FROM "Certificate"
    WHERE ${scope} AND status = 'active' AND "replacedById" IS NULL AND "notAfter" > ${at} AND "notAfter" <= ${until}
    GROUP BY 1`;
  const byWeek = new Map(rows.map((r) => [r.week, Number(r.count)]));
  return Array.from({ length: CHART_WEEKS }, (_, week) => ({ weekStart: new Date(at.getTime() + week * WEEK_MS), count: byWeek.get(week) ?? 0 }));
}

/** Operators: the organizations with the most certificates due, from the due rows only. */
async function organizationsDue(at: Date) {
  const dueBy = new Date(at.getTime() + ROTATION_DAYS * DAY_MS);
  const rows = await db().$queryRaw<{ orgId: string; name: string; due: bigint }[]>`
    SELECT c."orgId", o.name, count(*) AS due FROM "Certificate" c JOIN "Organization" o ON o.id = c."orgId"
    WHERE c.status = 'active' AND c."replacedById" IS NULL AND c."rotationDueAt" <= ${at} AND c."notAfter" > ${at} AND c."notAfter" <= ${dueBy}
    GROUP BY 1, 2 ORDER BY 3 DESC, 1 LIMIT 10`;
  return rows.map((r) => ({ orgId: r.orgId, name: r.name, rotationDue: Number(r.due) }));
}

async function operatorExtras(at: Date) {
  const [pending, outbox, organizations] = await Promise.all([
    db().$queryRaw<{ csrs: bigint; rotations: bigint }[]>`
      SELECT count(*) AS csrs, count("replacesCertificateId") AS rotations FROM "Csr" WHERE status = 'pending'`,
    outboxSummary(),
    organizationsDue(at),
  ]);
  return { pendingCsrs: Number(pending[0].csrs), pendingRotations: Number(pending[0].rotations), outbox, organizations };
}

export async function getDashboard(actor: Actor, query: z.infer<typeof dashboardQuery>) {
  const orgId = isOperator(actor) ? (query.orgId ?? null) : actor.orgId;
  if (!isOperator(actor) && !orgId) fail('not_found', 'Organization not found.');
  if (orgId && isOperator(actor) && !(await db().organization.findUnique({ where: { id: orgId }, select: { id: true } }))) {
    fail('not_found', 'Organization not found.');
  }
  const at = now();
  const scope = orgId ? Prisma.sql`"orgId" = ${orgId}` : Prisma.sql`TRUE`;
  const [[c], due, weeks, extras] = await Promise.all([
    counts(scope, at),
    dueList(scope, at),
    expiringByWeek(scope, at),
    isOperator(actor) ? operatorExtras(at) : Promise.resolve(null),
  ]);
  const certificates = { valid: Number(c.valid), rotationDue: Number(c.rotation_due), replaced: Number(c.replaced), expired: Number(c.expired), revoked: Number(c.revoked) };
  return {
    orgId,
    generatedAt: at,
    certificates: { ...certificates, total: Object.values(certificates).reduce((a, b) => a + b, 0) },
    rotationDue: due.map((r) => presentCertificate(r)),
    expiringByWeek: weeks,
    ...(extras ?? {}),
  };
}
