// Idempotency-Key on POSTs (draft-ietf-httpapi-idempotency-key-header): the same key with the same
// request replays the first response; the same key with another request is a 422.
import { createHash } from 'node:crypto';
import { db, Prisma } from '../db/client';
import { fail } from '../errors';

export type StoredResponse = { status: number; body: unknown };

export async function withIdempotency(
  actorId: string,
  key: string | null,
  request: { method: string; path: string; body: Uint8Array },
  run: () => Promise<StoredResponse>,
): Promise<StoredResponse & { replayed: boolean }> {
  if (!key) return { ...(await run()), replayed: false };
  if (key.length > 255) fail('bad_request', 'Idempotency-Key must be at most 255 characters.');
  const requestHash = createHash('sha256').update(`${request.method} ${request.path}\n`).update(request.body).digest('hex');

  const claimed = await db().idempotencyRecord.createMany({ data: [{ actorId, key, requestHash }], skipDuplicates: true });
  if (claimed.count === 0) {
    const existing = await db().idempotencyRecord.findUnique({ where: { actorId_key: { actorId, key } } });
    if (!existing) return withIdempotency(actorId, key, request, run);
    if (existing.requestHash !== requestHash) fail('idempotency_key_reused', 'This Idempotency-Key was used with a different request.');
    if (existing.status === null) fail('idempotency_in_progress', 'A request with this Idempotency-Key is still being processed.');
    return { status: existing.status!, body: existing.body, replayed: true };
  }
  try {
    const response = await run();
    await db().idempotencyRecord.update({
      where: { actorId_key: { actorId, key } },
      data: { status: response.status, body: (response.body ?? Prisma.JsonNull) as Prisma.InputJsonValue },
    });
    return { ...response, replayed: false };
  } catch (error) {
    // Failures are not remembered: the client may retry with the same key after fixing the cause.
    await db().idempotencyRecord.delete({ where: { actorId_key: { actorId, key } } }).catch(() => undefined);
    throw error;
  }
}
