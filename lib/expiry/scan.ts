// The expiry scan: finds certificates whose next reminder threshold has been crossed, records
// one ExpiryReminder per member and threshold, and writes the reminder mails to the outbox,
// all in one transaction per batch. It reads only ReminderSchedule rows due by now (an index
// range), so its cost follows the number due, not the number of certificates stored.
//
// It is safe to run anywhere at any time: batches lock their certificates with SKIP LOCKED, the
// ExpiryReminder primary key and the outbox key refuse a second copy, so two scans racing (two
// app instances, or the CLI beside the app) still send each reminder once.
import { db, transaction, type Tx } from '../db/client';
import { config } from '../config';
import { DAY_MS, now } from '../clock';
import { ROTATION_DAYS } from '../pki/present';
import { enqueueMail } from '../mail/outbox';
import type { MailPayload } from '../mail/templates';
import { planReminder } from './plan';

type DueRow = { id: string; orgId: string; orgName: string; serialNumber: string; subject: string; notAfter: Date; dueAt: Date; live: boolean };
type Member = { id: string; email: string; orgId: string; remindersEnabled: boolean };
type ReminderRow = { c: string; u: string; t: number; o: 'sent' | 'skipped' | 'opted_out'; key: string | null; to: string | null; org: string; payload: MailPayload | null };

export type ScanResult = { certificates: number; sent: number; skipped: number; optedOut: number; digests: number; ms: number };

async function lockDue(tx: Tx, at: Date, limit: number): Promise<DueRow[]> {
  return tx.$queryRaw<DueRow[]>`
    SELECT c.id, c."orgId", o.name AS "orgName", c."serialNumber", c.subject, c."notAfter", s."dueAt",
           (c.status = 'active' AND c."replacedById" IS NULL) AS live
    FROM "ReminderSchedule" s
      JOIN "Certificate" c ON c.id = s."certificateId"
      JOIN "Organization" o ON o.id = c."orgId"
    WHERE s."dueAt" <= ${at}
    ORDER BY s."dueAt" LIMIT ${limit}
    FOR UPDATE OF s SKIP LOCKED`;
}

function reminderRows(due: DueRow[], members: Map<string, Member[]>, at: Date, thresholds: number[]) {
  const rows: ReminderRow[] = [];
  const next: { id: string; n: Date | null }[] = [];
  for (const cert of due) {
    if (!cert.live) {
      next.push({ id: cert.id, n: null });
      continue;
    }
    const plan = planReminder(cert.notAfter, cert.dueAt, thresholds, at);
    next.push({ id: cert.id, n: plan.next });
    for (const member of members.get(cert.orgId) ?? []) {
      for (const t of plan.skipped) rows.push({ c: cert.id, u: member.id, t, o: 'skipped', key: null, to: null, org: cert.orgId, payload: null });
      if (plan.send === null) continue;
      if (!member.remindersEnabled) {
        rows.push({ c: cert.id, u: member.id, t: plan.send, o: 'opted_out', key: null, to: null, org: cert.orgId, payload: null });
        continue;
      }
      rows.push({
        c: cert.id, u: member.id, t: plan.send, o: 'sent', org: cert.orgId, to: member.email,
        key: `expiry_reminder:${cert.id}:${plan.send}:${member.id}`,
        payload: { kind: 'expiry_reminder', certificateId: cert.id, serialNumber: cert.serialNumber, subject: cert.subject, notAfter: cert.notAfter.toISOString(), thresholdDays: plan.send, orgName: cert.orgName },
      });
    }
  }
  return { rows, next };
}

// One statement: the reminder rows that are new (ON CONFLICT DO NOTHING RETURNING) decide
// which mails are written, so a reminder already recorded by another scan produces no mail.
async function recordReminders(tx: Tx, rows: ReminderRow[]) {
  if (rows.length === 0) return;
  await tx.$executeRaw`
    WITH input AS (
      SELECT * FROM json_to_recordset(${JSON.stringify(rows)}::json)
        AS x(c uuid, u uuid, t int, o text, key text, "to" text, org text, payload jsonb)),
    fresh AS (
      INSERT INTO "ExpiryReminder" ("certificateId", "userId", "thresholdDays", outcome)
      SELECT c, u, t, o::"ReminderOutcome" FROM input
      ON CONFLICT DO NOTHING
      RETURNING "certificateId", "userId", "thresholdDays", outcome)
    INSERT INTO "MailMessage" (id, key, kind, recipient, "orgId", payload)
    SELECT gen_random_uuid(), i.key, 'expiry_reminder', i."to", i.org, i.payload
    FROM input i JOIN fresh f ON f."certificateId" = i.c AND f."userId" = i.u AND f."thresholdDays" = i.t
    WHERE f.outcome = 'sent'
    ON CONFLICT (key) DO NOTHING`;
}

async function advance(tx: Tx, next: { id: string; n: Date | null }[]) {
  const json = JSON.stringify(next);
  await tx.$executeRaw`
    UPDATE "ReminderSchedule" s SET "dueAt" = x.n
    FROM json_to_recordset(${json}::json) AS x(id uuid, n timestamptz)
    WHERE s."certificateId" = x.id AND x.n IS NOT NULL`;
  await tx.$executeRaw`
    DELETE FROM "ReminderSchedule" s USING json_to_recordset(${json}::json) AS x(id uuid, n timestamptz)
    WHERE s."certificateId" = x.id AND x.n IS NULL`;
}

async function scanBatch(at: Date, limit: number, thresholds: number[], result: ScanResult): Promise<number> {
  // Counted once committed: a transaction run again after a deadlock must not count twice.
  const { due, rows } = await transaction(
    async (tx) => {
      const due = await lockDue(tx, at, limit);
      if (due.length === 0) return { due: 0, rows: [] };
      const orgIds = [...new Set(due.map((d) => d.orgId))];
      const found = await tx.$queryRaw<Member[]>`
        SELECT id, email, "orgId", "remindersEnabled" FROM "User" WHERE "orgId" = ANY(${orgIds}) AND "disabledAt" IS NULL`;
      const members = new Map<string, Member[]>();
      for (const m of found) members.set(m.orgId, [...(members.get(m.orgId) ?? []), m]);
      const { rows, next } = reminderRows(due, members, at, thresholds);
      await recordReminders(tx, rows);
      await advance(tx, next);
      return { due: due.length, rows };
    },
    { timeout: 60_000, maxWait: 30_000 },
  );
  result.certificates += due;
  for (const r of rows) {
    if (r.o === 'sent') result.sent++;
    else if (r.o === 'skipped') result.skipped++;
    else result.optedOut++;
  }
  return due;
}

const DIGEST_ITEMS = 50;

/** One digest per operator per UTC day, listing what is due for rotation or just expired. */
async function writeOperatorDigests(at: Date): Promise<number> {
  const operators = await db().user.findMany({ where: { role: 'operator', disabledAt: null }, select: { id: true, email: true } });
  const date = at.toISOString().slice(0, 10);
  const keys = new Map(operators.map((op) => [op.id, `operator_digest:${date}:${op.id}`]));
  // Today's digests already written (an earlier scan today): nothing to count again.
  if (operators.length === 0 || (await db().mailMessage.count({ where: { key: { in: [...keys.values()] } } })) === operators.length) return 0;
  const since = new Date(at.getTime() - 86_400_000);
  // rotationDueAt bounded on both sides (it is notAfter − 30 days): an index range over what is
  // due, never over every certificate that ever expired.
  const dueFrom = new Date(since.getTime() - ROTATION_DAYS * DAY_MS);
  const [{ total }] = await db().$queryRaw<{ total: bigint }[]>`
    SELECT count(*) AS total FROM "Certificate"
    WHERE status = 'active' AND "replacedById" IS NULL AND "rotationDueAt" <= ${at} AND "rotationDueAt" > ${dueFrom} AND "notAfter" > ${since}`;
  if (total === 0n) return 0;
  // Ordered by rotationDueAt, which is notAfter's order, so the index hands over the first 50.
  const items = await db().$queryRaw<{ orgId: string; id: string; serialNumber: string; notAfter: Date }[]>`
    SELECT "orgId", id, "serialNumber", "notAfter" FROM "Certificate"
    WHERE status = 'active' AND "replacedById" IS NULL AND "rotationDueAt" <= ${at} AND "rotationDueAt" > ${dueFrom} AND "notAfter" > ${since}
    ORDER BY "rotationDueAt" LIMIT ${DIGEST_ITEMS}`;
  const payload: MailPayload = {
    kind: 'operator_digest', date, total: Number(total),
    items: items.map((i) => ({ orgId: i.orgId, certificateId: i.id, serialNumber: i.serialNumber, notAfter: i.notAfter.toISOString() })),
  };
  return transaction((tx) => enqueueMail(tx, operators.map((op) => ({ key: keys.get(op.id)!, recipient: op.email, payload }))));
}

export async function runExpiryScan(opts: { at?: Date; batchSize?: number; digest?: boolean } = {}): Promise<ScanResult> {
  const started = performance.now();
  const at = opts.at ?? now();
  const limit = opts.batchSize ?? 2000;
  const thresholds = config().reminderThresholds;
  const result: ScanResult = { certificates: 0, sent: 0, skipped: 0, optedOut: 0, digests: 0, ms: 0 };
  while ((await scanBatch(at, limit, thresholds, result)) === limit);
  if (opts.digest !== false) result.digests = await writeOperatorDigests(at);
  result.ms = Math.round(performance.now() - started);
  return result;
}
