// Group commit (lib/db/group-commit) on the real database: what is queued while a batch is being
// written goes out as the next batch, each caller gets its own row's result, and a key repeated
// within one batch creates one payment (the later row is told its key was taken).
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { pool } from '../../lib/db/client';
import { insertPayments } from '../../lib/sandbox/payments';

const payment = (orgId: string, key: string, amount: string) => ({
  id: randomUUID(), orgId, idempotencyKey: key, requestHash: `hash-${amount}`, amount, currency: 'EUR', reference: key, clientId: 'cli_test', certificateFingerprint: 'f'.repeat(64),
});

describe('group commit of sandbox payments', () => {
  it('batches what arrives together; the first row with a key wins, within a batch and across batches', async () => {
    const orgId = `gc-${randomUUID().slice(0, 8)}`;
    const rows = [payment(orgId, 'a', '1.00'), payment(orgId, 'b', '2.00'), payment(orgId, 'b', '3.00'), payment(orgId, 'c', '4.00'), payment(orgId, 'd', '5.00')];
    // The first row is written at once (nothing was in flight); the other four wait and go together
    // (lib/db/group-commit.test.ts), so the second 'b' meets the first inside one INSERT.
    const results = await Promise.all(rows.map((r) => insertPayments(r)));
    expect(results.map((r) => r?.id ?? null)).toEqual([rows[0].id, rows[1].id, null, rows[3].id, rows[4].id]);
    expect(results[1]).toMatchObject({ amount: '2.00', status: 'accepted' });
    const again = await insertPayments(payment(orgId, 'a', '9.00'));
    expect(again).toBeNull();
    const stored = await pool().query('SELECT "idempotencyKey", amount FROM "SandboxPayment" WHERE "orgId" = $1 ORDER BY "idempotencyKey"', [orgId]);
    expect(stored.rows).toEqual([{ idempotencyKey: 'a', amount: '1.00' }, { idempotencyKey: 'b', amount: '2.00' }, { idempotencyKey: 'c', amount: '4.00' }, { idempotencyKey: 'd', amount: '5.00' }]);
  });
});
