// The delivery worker: claims due messages with FOR UPDATE SKIP LOCKED (two workers never
// claim the same row), pushes their next attempt forward as a lease (a worker that dies
// mid-send hands its claim back when the lease ends), sends through nodemailer, and records
// the outcome. Transient failures (connection refused, 4xx) back off exponentially up to an
// hour; a permanent refusal (5xx) or MAX_ATTEMPTS ends in `failed`, which an operator can retry.
//
// Delivery is at-least-once toward the SMTP server only in one case: a worker that dies after
// the server accepted a message and before the row says `sent`. The Message-ID is derived from
// the message key, so the receiving side can recognise that copy.
import { createHash } from 'node:crypto';
import nodemailer from 'nodemailer';
import { db, type MailMessage } from '../db/client';
import { config } from '../config';
import { now } from '../clock';
import { log } from '../log';
import { carriesSealedLink, renderMail, type MailPayload } from './templates';
import { openForMail } from './outbox';

export type Envelope = { from: string; to: string; subject: string; text: string; html: string; messageId: string };
/** What delivery needs from a mail server; nodemailer's SMTP transport in production. */
export type MailTransport = { sendMail(message: Envelope): Promise<unknown>; close?(): void };

export const LEASE_MS = 120_000;
export const MAX_ATTEMPTS = 25;
const BACKOFF_BASE_MS = 30_000;
const BACKOFF_MAX_MS = 3_600_000;

export const backoffMs = (attempts: number) => Math.min(BACKOFF_BASE_MS * 2 ** Math.max(0, attempts - 1), BACKOFF_MAX_MS);

export function smtpTransport(url = config().SMTP_URL): MailTransport {
  if (!url) throw new Error('SMTP_URL is not set');
  // Short timeouts: an unreachable server should fail this attempt quickly and back off.
  return nodemailer.createTransport(url, { connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 30_000 } as never);
}

function messageId(key: string): string {
  const domain = /@([^>\s]+)>?\s*$/.exec(config().MAIL_FROM)?.[1] ?? 'trustgate.local';
  return `<${createHash('sha256').update(key).digest('hex').slice(0, 32)}@${domain}>`;
}

function envelope(row: MailMessage): Envelope {
  const rendered = renderMail(row.payload as MailPayload, { reveal: openForMail });
  return { from: config().MAIL_FROM, to: row.recipient, messageId: messageId(row.key), ...rendered };
}

/** SMTP 5xx is a permanent refusal (RFC 5321 section 4.2.1); everything else may pass later. */
const permanent = (error: unknown) => {
  const code = (error as { responseCode?: number }).responseCode;
  return typeof code === 'number' && code >= 500 && code < 600;
};

async function claim(at: Date, limit: number): Promise<MailMessage[]> {
  return db().$queryRaw<MailMessage[]>`
    UPDATE "MailMessage" SET attempts = attempts + 1, "nextAttemptAt" = ${new Date(at.getTime() + LEASE_MS)}
    WHERE id IN (
      SELECT id FROM "MailMessage" WHERE state = 'pending' AND "nextAttemptAt" <= ${at}
      ORDER BY "nextAttemptAt" LIMIT ${limit} FOR UPDATE SKIP LOCKED)
    RETURNING *`;
}

async function markSent(row: MailMessage, at: Date) {
  const payload = row.payload as MailPayload;
  // A sent one-time link (an invitation, a password reset) is erased: the database keeps no usable token.
  const scrubbed = carriesSealedLink(payload) ? { ...payload, sealedUrl: null } : undefined;
  await db().mailMessage.update({ where: { id: row.id }, data: { state: 'sent', sentAt: at, lastError: null, ...(scrubbed ? { payload: scrubbed } : {}) } });
}

async function markFailed(row: MailMessage, error: unknown, at: Date) {
  const message = String((error as Error).message ?? error).slice(0, 500);
  const giveUp = permanent(error) || row.attempts >= MAX_ATTEMPTS;
  await db().mailMessage.update({
    where: { id: row.id },
    data: giveUp ? { state: 'failed', lastError: message } : { lastError: message, nextAttemptAt: new Date(at.getTime() + backoffMs(row.attempts)) },
  });
}

export type DeliveryResult = { claimed: number; sent: number; failed: number };

/** Sends what is due now, in batches, until nothing due is left. */
export async function deliverDue(transport: MailTransport, opts: { limit?: number } = {}): Promise<DeliveryResult> {
  const limit = opts.limit ?? 50;
  const result: DeliveryResult = { claimed: 0, sent: 0, failed: 0 };
  for (;;) {
    const at = now();
    const rows = await claim(at, limit);
    result.claimed += rows.length;
    for (const row of rows) {
      try {
        await transport.sendMail(envelope(row));
        await markSent(row, now());
        result.sent++;
      } catch (error) {
        await markFailed(row, error, now());
        result.failed++;
      }
    }
    if (rows.length < limit) return result;
  }
}

/** Runs delivery every `intervalMs` in this process; without SMTP_URL mail waits in the outbox. */
export function startMailDelivery(intervalMs = 2000): () => Promise<void> {
  const url = config().SMTP_URL;
  if (!url) {
    log.info('SMTP_URL is not set: mail waits in the outbox (operators: Mail outbox page)');
    return async () => undefined;
  }
  const transport = smtpTransport(url);
  let running: Promise<unknown> | null = null;
  const tick = () => {
    if (running) return;
    running = deliverDue(transport)
      .then((r) => r.claimed && log.info('mail delivery', r))
      .catch((error) => log.error('mail delivery failed', { error: String(error) }))
      .finally(() => (running = null));
  };
  const timer = setInterval(tick, intervalMs);
  timer.unref();
  tick();
  return async () => {
    clearInterval(timer);
    await running;
    transport.close?.();
  };
}
