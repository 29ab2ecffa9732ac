// Idempotency-Key on POSTs (draft-ietf-httpapi-idempotency-key-header): the same key with the same
// request replays the first response; the same key with another request is a 422.
//
// Two limits a demanding user can rely on:
// - A key is remembered for 24 hours (the upkeep deletes older records; an older record met
//   before that is treated as gone), as Stripe and the draft's examples do.
// - A response carrying a secret (a client secret, an API token, an invitation link) is kept
//   *without* it: the product stores no plaintext secret, and "shown once" must mean once. A
//   retry of such a request gets 409 idempotency_secret_withheld with the rest of the first
//   answer (the object's id among it), so that the client can issue a new secret instead of
//   creating a second object.
import { createHmac } from 'node:crypto';
import { config } from '../config';
import { deriveKey } from '../crypto/secret-box';
import { db, pool, Prisma } from '../db/client';
import { now } from '../clock';
import { fail } from '../errors';

export const IDEMPOTENCY_RETENTION_MS = 24 * 3_600_000;

/** A handler's answer; `shownOnce` names the top-level fields of `body` that hold a secret. */
export type StoredResponse = { status: number; body: unknown; shownOnce?: readonly string[] };

export type IdempotentRequest = { method: string; path: string; query: string; contentType: string | null; body: Uint8Array };

// Everything that decides what the request does: the query (`replacesCertificateId` of a raw CSR
// upload) and the content type (the same bytes as JSON or as application/pkcs10) included. Keyed
// (HMAC under a key derived from TRUSTGATE_SECRET): a body may hold a password (a password change,
// an invitation's acceptance), and a plain digest of it in the database could be tested against
// guesses offline.
function hashRequest(r: IdempotentRequest): string {
  return createHmac('sha256', deriveKey(config().secret, 'idempotency-request')).update(`${r.method} ${r.path}?${r.query}\n${r.contentType ?? ''}\n`).update(r.body).digest('hex');
}

function withoutSecrets(body: unknown, fields: readonly string[]): unknown {
  if (!body || typeof body !== 'object') return body;
  return Object.fromEntries(Object.entries(body).filter(([k]) => !fields.includes(k)));
}

export async function withIdempotency(
  actorId: string,
  key: string | null,
  request: IdempotentRequest,
  run: () => Promise<StoredResponse>,
): Promise<StoredResponse & { replayed: boolean }> {
  if (!key) return { ...(await run()), replayed: false };
  if (key.length > 255) fail('bad_request', 'Idempotency-Key must be at most 255 characters.');
  const requestHash = hashRequest(request);

  const claimed = await db().idempotencyRecord.createMany({ data: [{ actorId, key, requestHash }], skipDuplicates: true });
  if (claimed.count === 0) {
    const existing = await db().idempotencyRecord.findUnique({ where: { actorId_key: { actorId, key } } });
    if (!existing || existing.createdAt.getTime() < now().getTime() - IDEMPOTENCY_RETENTION_MS) {
      if (existing) await db().idempotencyRecord.deleteMany({ where: { actorId, key, createdAt: existing.createdAt } });
      return withIdempotency(actorId, key, request, run);
    }
    if (existing.requestHash !== requestHash) fail('idempotency_key_reused', 'This Idempotency-Key was used with a different request.');
    if (existing.status === null) fail('idempotency_in_progress', 'A request with this Idempotency-Key is still being processed.');
    if (existing.secretWithheld) {
      fail(
        'idempotency_secret_withheld',
        'This request already succeeded. Its answer held a secret, which is shown only once and is not kept; `original` is the rest of that answer. If the secret was lost, issue a new one for that object rather than creating another.',
        { expose: { original: { status: existing.status, body: existing.body } } },
      );
    }
    return { status: existing.status!, body: existing.body, replayed: true };
  }
  try {
    const response = await run();
    const withheld = Boolean(response.shownOnce?.length);
    const stored = withheld ? withoutSecrets(response.body, response.shownOnce!) : response.body;
    await db().idempotencyRecord.update({
      where: { actorId_key: { actorId, key } },
      data: { status: response.status, body: (stored ?? Prisma.JsonNull) as Prisma.InputJsonValue, secretWithheld: withheld },
    });
    return { ...response, replayed: false };
  } catch (error) {
    // Failures are not remembered: the client may retry with the same key after fixing the cause.
    await db().idempotencyRecord.delete({ where: { actorId_key: { actorId, key } } }).catch(() => undefined);
    throw error;
  }
}

/** Deletes the records past their 24 hours (the server's hourly upkeep). */
export async function pruneIdempotencyRecords(at: Date = now()): Promise<number> {
  const result = await pool().query('DELETE FROM "IdempotencyRecord" WHERE "createdAt" < $1', [new Date(at.getTime() - IDEMPOTENCY_RETENTION_MS)]);
  return result.rowCount ?? 0;
}
