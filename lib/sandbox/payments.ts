// POST /sandbox/v1/payments and GET /sandbox/v1/payments/{id} on the mTLS listener: the mock
// payment API behind the three layers. Writes need Idempotency-Key: the same key and body
// answer the first payment again; the same key with another body is refused.
import { createHash, randomUUID } from 'node:crypto';
import { z } from 'zod';
import { pool } from '../db/client';
import { groupCommit, queryJsonRows } from '../db/group-commit';
import { UUID_PATTERN } from '../http/params';
import type { EdgeRequest, EdgeResponse } from '../edge/http';
import { checkLayers, LayerError } from './layers';

const paymentInput = z.object({
  amount: z.string().regex(/^\d{1,12}(\.\d{1,2})?$/, 'amount is a decimal string like "12.50"'),
  currency: z.string().regex(/^[A-Z]{3}$/, 'currency is an ISO 4217 code like "EUR"'),
  // No U+0000, and no half of a surrogate pair (a JSON \uD800 escape): PostgreSQL refuses both,
  // and the whole batch this row joins would fail.
  reference: z.string().trim().min(1).max(140)
    .refine((r) => !r.includes('\0'), 'reference must not contain NUL characters')
    .refine((r) => !/\p{Cs}/u.test(r), 'reference must be Unicode text: a \\uD800–\\uDFFF escape only as half of a surrogate pair'),
});

type PaymentRow = { id: string; amount: string; currency: string; reference: string; status: string; createdAt: Date; requestHash: string };
const present = (row: PaymentRow) => ({ id: row.id, amount: row.amount, currency: row.currency, reference: row.reference, status: row.status, createdAt: row.createdAt });
const error = (status: number, code: string, message: string, extra: Record<string, unknown> = {}): EdgeResponse => ({
  status, headers: { 'cache-control': 'no-store' }, body: { error: { code, message, ...extra } },
});

// Group commit (lib/db/group-commit): the payments of the requests in flight in one INSERT. A key
// already stored, or repeated within the batch, inserts nothing for the later row; RETURNING
// names the rows that were inserted by the ids we chose, so each request knows which it is.
const INSERT_SQL = `INSERT INTO "SandboxPayment" (id, "orgId", "idempotencyKey", "requestHash", amount, currency, reference, "clientId", "certificateFingerprint")
SELECT * FROM json_to_recordset($1::json) AS r(id uuid, "orgId" text, "idempotencyKey" text, "requestHash" text, amount text, currency text, reference text, "clientId" text, "certificateFingerprint" text)
ON CONFLICT ("orgId", "idempotencyKey") DO NOTHING
RETURNING id, amount, currency, reference, status, "createdAt", "requestHash"`;
const BY_KEY_SQL = `SELECT id, amount, currency, reference, status, "createdAt", "requestHash" FROM "SandboxPayment" WHERE "orgId" = $1 AND "idempotencyKey" = $2`;
// By id alone, the organization compared in the select list: planned while the table looked empty,
// "orgId" = $1 AND id = $2 was read through the (orgId, idempotencyKey) index, every payment of the
// organization (tests/integration/statement-plans). Exported for that test.
export const BY_ID_SQL = `SELECT id, amount, currency, reference, status, "createdAt", "requestHash", "orgId" = $1 AS "sameOrg" FROM "SandboxPayment" WHERE id = $2`;

type NewPayment = { id: string; orgId: string; idempotencyKey: string; requestHash: string; amount: string; currency: string; reference: string; clientId: string; certificateFingerprint: string };

/** Each payment's stored row, or null when its key was taken (by an earlier request or batch-mate). Exported for its test. */
export const insertPayments = groupCommit(async (payments: NewPayment[]) => {
  const inserted = new Map((await queryJsonRows<PaymentRow>('sandbox_payment_insert', INSERT_SQL, payments)).map((row) => [row.id, row]));
  return payments.map((p) => inserted.get(p.id) ?? null);
});

async function create(req: EdgeRequest): Promise<EdgeResponse> {
  const caller = await checkLayers(req, 'payments:write');
  const key = String(req.headers['idempotency-key'] ?? '').trim();
  if (!key || key.length > 255) return error(400, 'idempotency_key_required', 'Writes need an Idempotency-Key header (1–255 characters).');
  if (!/^application\/json\b/i.test(String(req.headers['content-type'] ?? ''))) return error(415, 'unsupported_media_type', 'Send the payment as application/json.');
  let parsed: z.infer<typeof paymentInput>;
  try {
    parsed = paymentInput.parse(JSON.parse(req.body.toString('utf8')));
  } catch (e) {
    return error(422, 'validation_failed', e instanceof z.ZodError ? e.issues.map((i) => i.message).join('; ') : 'The body is not JSON.');
  }
  const requestHash = createHash('sha256').update(req.body).digest('hex');
  const inserted = await insertPayments({
    id: randomUUID(), orgId: caller.orgId, idempotencyKey: key, requestHash, amount: parsed.amount, currency: parsed.currency, reference: parsed.reference,
    clientId: caller.clientId, certificateFingerprint: caller.certificateFingerprint,
  });
  if (inserted) return { status: 201, body: present(inserted) };
  const existing = (await pool().query({ name: 'sandbox_payment_by_key', text: BY_KEY_SQL, values: [caller.orgId, key] })).rows[0] as PaymentRow;
  if (existing.requestHash !== requestHash) return error(422, 'idempotency_key_reused', 'This Idempotency-Key was used for a different request.');
  return { status: 201, headers: { 'idempotent-replayed': 'true' }, body: present(existing) };
}

async function read(req: EdgeRequest, id: string): Promise<EdgeResponse> {
  const caller = await checkLayers(req, 'payments:read');
  if (!UUID_PATTERN.test(id)) return error(404, 'not_found', 'Payment not found.');
  const row = (await pool().query({ name: 'sandbox_payment_by_id', text: BY_ID_SQL, values: [caller.orgId, id] })).rows[0] as (PaymentRow & { sameOrg: boolean }) | undefined;
  return row?.sameOrg ? { status: 200, body: present(row) } : error(404, 'not_found', 'Payment not found.');
}

export async function sandboxEndpoint(req: EdgeRequest): Promise<EdgeResponse> {
  try {
    const path = req.url.pathname.replace(/\/+$/, '');
    if (path === '/sandbox/v1/payments') return req.method === 'POST' ? await create(req) : error(405, 'method_not_allowed', 'Use POST to create a payment.');
    const m = /^\/sandbox\/v1\/payments\/([^/]+)$/.exec(path);
    if (m) return req.method === 'GET' ? await read(req, m[1]) : error(405, 'method_not_allowed', 'Use GET to read a payment.');
    return error(404, 'not_found', 'No such sandbox endpoint; see POST /sandbox/v1/payments.');
  } catch (e) {
    if (e instanceof LayerError) {
      return { ...error(401, e.code, e.message, { layer: e.layer, ...(e.problems.length > 1 ? { problems: e.problems } : {}) }), headers: { 'cache-control': 'no-store', 'www-authenticate': e.layer === 'token' ? 'Bearer' : 'Signature' } };
    }
    throw e;
  }
}
