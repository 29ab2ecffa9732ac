// The outbox: mail is a row written in the same transaction as the event it reports, so an
// approval without its e-mail (or an e-mail about an approval that rolled back) cannot happen.
// Each message has a key that names it (event + recipient); inserting a key twice is a no-op.
import { z } from 'zod';
import { db, transaction, Prisma, type MailMessage, type Tx } from '../db/client';
import { requireRole, type Actor } from '../auth/actor';
import { config } from '../config';
import { fail } from '../errors';
import { afterCursor, decodeCursor, keysetOrder, keysetPage } from '../http/keyset';
import { open, seal } from '../crypto/secret-box';
import { appendAudit } from '../audit/append-audit';
import { mailKindLabel, renderMail, type MailPayload } from './templates';

export type OutgoingMail = { key: string; recipient: string; orgId?: string | null; payload: MailPayload };

export async function enqueueMail(tx: Tx, messages: OutgoingMail[]): Promise<number> {
  if (messages.length === 0) return 0;
  const { count } = await tx.mailMessage.createMany({
    data: messages.map((m) => ({ key: m.key, kind: m.payload.kind, recipient: m.recipient, orgId: m.orgId ?? null, payload: m.payload as Prisma.InputJsonValue })),
    skipDuplicates: true,
  });
  return count;
}

const SEAL_AAD = 'mail-outbox';
export const sealForMail = (value: string) => seal(Buffer.from(value), config().secret, SEAL_AAD);
export const openForMail = (sealed: string) => open(sealed, config().secret, SEAL_AAD).toString('utf8');

/** The organization's members who get mail about it (active accounts). */
export async function orgRecipients(tx: Tx, orgId: string) {
  return tx.user.findMany({ where: { orgId, disabledAt: null }, select: { id: true, email: true } });
}

export const listOutboxQuery = z.object({
  state: z.enum(['pending', 'sent', 'failed']).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  // From 1970 on: ISO dates reach back to year 0, which PostgreSQL's timestamptz refuses (a 500).
  before: z.string().datetime().refine((at) => Date.parse(at) >= 0, 'before must be 1970 or later').optional(),
  // The next page: `nextCursor` of the one before (lib/http/keyset). `before` alone skipped the
  // rest of a page's last createdAt, and the expiry scan gives thousands of mails the same one.
  cursor: z.string().max(200).optional(),
});

// A message whose payload its template cannot render (written by an older version, say) is
// listed with this subject and cannot be previewed; the rest of the outbox still shows. The
// delivery worker records the same failure on the message (lib/mail/deliver).
const UNRENDERABLE = '(this message cannot be rendered)';

function rendered(payload: MailPayload): { mail: ReturnType<typeof renderMail> | null; problem: string | null } {
  try {
    return { mail: renderMail(payload), problem: null };
  } catch (error) {
    return { mail: null, problem: error instanceof Error ? error.message : String(error) };
  }
}

function presentMessage(m: MailMessage, mail = rendered(m.payload as MailPayload).mail) {
  const payload = m.payload as MailPayload;
  return {
    id: m.id, key: m.key, kind: m.kind, kindLabel: mailKindLabel[payload?.kind] ?? m.kind, recipient: m.recipient, orgId: m.orgId,
    subject: mail?.subject ?? UNRENDERABLE, state: m.state, attempts: m.attempts, nextAttemptAt: m.state === 'pending' ? m.nextAttemptAt : null,
    lastError: m.lastError, createdAt: m.createdAt, sentAt: m.sentAt,
  };
}

/**
 * The outbox's figures: pending and failed messages counted through the (state, nextAttemptAt)
 * index (as many as wait, few unless the mail server is away), and the sent ones read from the
 * count the MailMessage triggers keep. Counting them grew with every message ever sent: an
 * approval, a revocation and each reminder add one.
 */
export async function outboxSummary() {
  const [row] = await db().$queryRaw<{ pending: bigint; failed: bigint; sent: bigint | null }[]>`
    SELECT (SELECT count(*) FROM "MailMessage" WHERE state = 'pending') AS pending,
           (SELECT count(*) FROM "MailMessage" WHERE state = 'failed') AS failed,
           (SELECT count FROM "MailSentCount" WHERE id = 1) AS sent`;
  return { pending: Number(row.pending), sent: Number(row.sent ?? 0), failed: Number(row.failed), smtpConfigured: Boolean(config().SMTP_URL) };
}

export async function listOutbox(actor: Actor, query: z.infer<typeof listOutboxQuery>) {
  requireRole(actor, 'operator');
  const after = query.cursor ? decodeCursor(query.cursor) : null;
  const rows = await db().mailMessage.findMany({
    where: {
      ...(query.state ? { state: query.state } : {}),
      ...(query.before ? { createdAt: { lt: new Date(query.before) } } : {}),
      ...(after ? { AND: [afterCursor(after)] } : {}),
    },
    orderBy: keysetOrder(),
    take: query.limit + 1,
  });
  const { page, nextCursor } = keysetPage(rows, query.limit);
  return { items: page.map((m) => presentMessage(m)), nextCursor, summary: await outboxSummary() };
}

async function findMessage(id: string) {
  return (await db().mailMessage.findUnique({ where: { id } })) ?? fail('not_found', 'Message not found.');
}

/** One message with its rendering (sealed values stay sealed: the preview never shows them). */
export async function getOutboxMessage(actor: Actor, id: string) {
  requireRole(actor, 'operator');
  const row = await findMessage(id);
  const { mail, problem } = rendered(row.payload as MailPayload);
  if (!mail) return fail('conflict', `This message cannot be rendered: ${problem}`);
  return { ...presentMessage(row, mail), rendered: mail };
}

/** Sends a failed message again (or a pending one now, instead of at its next attempt). */
export async function retryOutboxMessage(actor: Actor, id: string) {
  requireRole(actor, 'operator');
  return transaction(async (tx) => {
    const updated = await tx.mailMessage.updateMany({ where: { id, state: { in: ['pending', 'failed'] } }, data: { state: 'pending', nextAttemptAt: new Date() } });
    if (updated.count === 0) {
      await findMessage(id);
      fail('conflict', 'This message was already sent.');
    }
    await appendAudit(tx, actor, { action: 'mail.retry', objectType: 'mail', objectId: id });
    return presentMessage(await tx.mailMessage.findUniqueOrThrow({ where: { id } }));
  });
}
