// The dashboard: certificates by state, what is due for rotation (most urgent first), and how
// many expire in each of the next 13 weeks; operators also see pending CSRs, the outbox and the
// organizations with the most due. Counts come from per-day totals (CertificateExpiryDay per
// organization, CertificateDayTotal across all of them), so an organization with 100,000
// certificates costs what one with 100 does, and all of them together a few thousand rows.
import { z } from 'zod';
import { db, Prisma, type Certificate } from '../db/client';
import { isOperator, type Actor } from '../auth/actor';
import { DAY_MS, now } from '../clock';
import { fail } from '../errors';
import { presentCertificate, ROTATION_DAYS } from '../pki/present';
import { outboxSummary } from '../mail/outbox';

export const dashboardQuery = z.object({ orgId: z.string().max(64).optional() });

export const CHART_WEEKS = 13;
const DUE_LIST = 20;

const DAY = (d: Date) => d.toISOString().slice(0, 10);
const addDays = (day: string, n: number) => DAY(new Date(Date.parse(day) + n * DAY_MS));

type Counts = { valid: number; rotationDue: number; replaced: number; expired: number; revoked: number };
type Boundary = { status: string; replaced: boolean; notAfter: Date };

// rotationDueAt is notAfter − ROTATION_DAYS by construction (lib/pki/review-csr.ts), so every
// figure is a question about notAfter. Whole UTC days strictly inside a range come from
// CertificateExpiryDay (a few hundred rows for any tenant); the two days that hold a boundary
// (now, and now + ROTATION_DAYS) are read row by row, so the counts are exact to the
// millisecond rather than to the day.
function classify(row: Boundary, at: Date, dueBy: Date): keyof Counts {
  if (row.status === 'revoked') return 'revoked';
  if (row.notAfter <= at) return 'expired';
  if (row.replaced) return 'replaced';
  return row.notAfter <= dueBy ? 'rotationDue' : 'valid';
}

// Within one organization the (orgId, status, notAfter) index answers; across all of them
// (status, rotationDueAt, …) does, asked the same question in rotationDueAt's terms. (Both
// conditions at once let the planner pick the wrong one: 34 ms instead of 1 for 100,000.)
async function boundaryRows(orgId: string | null, days: string[]) {
  const ranges = days.map((d) =>
    orgId
      ? Prisma.sql`("notAfter" >= ${d}::date AND "notAfter" < ${d}::date + 1)`
      : Prisma.sql`("rotationDueAt" >= ${d}::date - ${ROTATION_DAYS}::int AND "rotationDueAt" < ${d}::date + 1 - ${ROTATION_DAYS}::int)`,
  );
  return db().$queryRaw<Boundary[]>`
    SELECT status::text, "replacedById" IS NOT NULL AS replaced, "notAfter" FROM "Certificate"
    WHERE ${orgScope(orgId)} AND status = 'active' AND (${Prisma.join(ranges, ' OR ')})`;
}

const orgScope = (orgId: string | null) => (orgId ? Prisma.sql`"orgId" = ${orgId}` : Prisma.sql`TRUE`);

type DayTotal = { day: Date; state: string; count: bigint };

/**
 * Counts by state, and the certificates that expire in each week, from one read of the day totals.
 * The weeks include replaced certificates: a client still using one stops working all the same.
 */
async function summarize(orgId: string | null, at: Date) {
  const dueBy = new Date(at.getTime() + ROTATION_DAYS * DAY_MS);
  const [today, dueDay] = [DAY(at), DAY(dueBy)];
  const [totals, boundary] = await Promise.all([
    orgId
      ? db().$queryRaw<DayTotal[]>`SELECT day, state, count FROM "CertificateExpiryDay" WHERE "orgId" = ${orgId}`
      : db().$queryRaw<DayTotal[]>`SELECT day, state, count FROM "CertificateDayTotal"`,
    boundaryRows(orgId, [today, dueDay]),
  ]);
  const counts: Counts = { valid: 0, rotationDue: 0, replaced: 0, expired: 0, revoked: 0 };
  const weeks = new Array<number>(CHART_WEEKS).fill(0);
  const todayMs = Date.parse(today);
  for (const t of totals) {
    const day = DAY(t.day);
    const n = Number(t.count);
    if (t.state === 'revoked') counts.revoked += n;
    else if (day === today || day === dueDay) continue; // counted row by row below
    else if (day < today) counts.expired += n;
    else {
      counts[t.state === 'replaced' ? 'replaced' : day < dueDay ? 'rotationDue' : 'valid'] += n;
      const week = Math.floor((t.day.getTime() - todayMs) / (7 * DAY_MS));
      if (week < CHART_WEEKS) weeks[week] += n;
    }
  }
  for (const row of boundary) {
    const state = classify(row, at, dueBy);
    counts[state]++;
    if (state !== 'expired') {
      const week = Math.floor((Date.parse(DAY(row.notAfter)) - todayMs) / (7 * DAY_MS));
      if (week < CHART_WEEKS) weeks[week]++;
    }
  }
  return {
    certificates: { ...counts, total: Object.values(counts).reduce((a, b) => a + b, 0) },
    expiringByWeek: weeks.map((count, week) => ({ weekStart: new Date(Date.parse(addDays(today, week * 7))), count })),
  };
}

function dueList(orgId: string | null, at: Date) {
  const dueBy = new Date(at.getTime() + ROTATION_DAYS * DAY_MS);
  return db().$queryRaw<Certificate[]>`
    SELECT id, "orgId", "csrId", "serialNumber", subject, issuer, "notBefore", "notAfter", "rotationDueAt", "fingerprintSha256",
           "publicKeySha256", "keyAlgorithm", '' AS pem, status, "revokedAt", "revocationReason", "replacesCertificateId",
           "replacedById", "createdAt"
    FROM "Certificate"
    WHERE ${orgScope(orgId)} AND status = 'active' AND "replacedById" IS NULL AND ${
      orgId
        ? Prisma.sql`"notAfter" > ${at} AND "notAfter" <= ${dueBy} ORDER BY "notAfter"`
        : Prisma.sql`"rotationDueAt" > ${new Date(at.getTime() - ROTATION_DAYS * DAY_MS)} AND "rotationDueAt" <= ${at} ORDER BY "rotationDueAt"`
    } LIMIT ${DUE_LIST}`;
}

/**
 * Operators: the organizations with the most certificates due, from the due rows only. (Summing
 * the per-day totals of the days due instead cost as much at 1,000,000: 26.7 against 30.7 ms in
 * SQL, bench:expiry, since most organizations have a certificate or two per day.)
 */
async function organizationsDue(at: Date) {
  const dueBy = new Date(at.getTime() + ROTATION_DAYS * DAY_MS);
  const rows = await db().$queryRaw<{ orgId: string; name: string; due: bigint }[]>`
    SELECT c."orgId", o.name, count(*) AS due FROM "Certificate" c JOIN "Organization" o ON o.id = c."orgId"
    WHERE c.status = 'active' AND c."replacedById" IS NULL AND c."rotationDueAt" <= ${at} AND c."rotationDueAt" > ${new Date(at.getTime() - ROTATION_DAYS * DAY_MS)}
      AND c."notAfter" > ${at} AND c."notAfter" <= ${dueBy}
    GROUP BY 1, 2 ORDER BY 3 DESC, 1 LIMIT 10`;
  return rows.map((r) => ({ orgId: r.orgId, name: r.name, rotationDue: Number(r.due) }));
}

/** The queue's figures are the chosen organization's, like the rest; the outbox and the ranking are everyone's. */
async function operatorExtras(at: Date, orgId: string | null) {
  const [pending, outbox, organizations] = await Promise.all([
    db().$queryRaw<{ csrs: bigint; rotations: bigint }[]>`
      SELECT count(*) AS csrs, count("replacesCertificateId") AS rotations FROM "Csr"
      WHERE status = 'pending' ${orgId ? Prisma.sql`AND "orgId" = ${orgId}` : Prisma.empty}`,
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
  const [summary, due, extras] = await Promise.all([
    summarize(orgId, at),
    dueList(orgId, at),
    isOperator(actor) ? operatorExtras(at, orgId) : Promise.resolve(null),
  ]);
  return {
    orgId,
    generatedAt: at,
    certificates: summary.certificates,
    rotationDue: due.map((r) => presentCertificate(r)),
    expiringByWeek: summary.expiringByWeek,
    ...(extras ?? {}),
  };
}
