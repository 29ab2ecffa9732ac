// Group commit (lib/db/group-commit) on the real database: what is queued while a batch is being
// written goes out as the next batch, each caller gets its own row's result, and a key repeated
// within one batch creates one payment (the later row is told its key was taken). CSR submissions
// and approvals commit the same way: one statement for several, each answered on its own, the
// audit chain intact.
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { pool, transaction } from '../../lib/db/client';
import { appendAudit, appendAuditNow, AUDIT_CHAIN_LOCK } from '../../lib/audit/append-audit';
import { insertPayments } from '../../lib/sandbox/payments';
import { submitCsr } from '../../lib/pki/submit-csr';
import { approveCsr } from '../../lib/pki/review-csr';
import { verifyAuditChain } from '../../lib/audit/verify-audit-chain';
import type { Actor } from '../../lib/auth/actor';
import { TrustgateError } from '../../lib/errors';
import { makeCsr, seedOrg, seedUser } from '../helpers';

async function actorOf(email: string): Promise<Actor> {
  const { rows } = await pool().query('SELECT id, email, role::text AS role, "orgId" FROM "User" WHERE email = $1', [email]);
  return { userId: rows[0].id, email: rows[0].email, role: rows[0].role, orgId: rows[0].orgId, address: '127.0.0.1', via: 'token' };
}

const codeOf = (s: PromiseSettledResult<unknown>) => (s.status === 'fulfilled' ? 'ok' : s.reason instanceof TrustgateError ? s.reason.code : String(s.reason));

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

describe('group commit of CSR submissions and approvals', () => {
  it('submits and approves several CSRs per statement: each caller gets its own answer, a repeated key or CSR fails alone', async () => {
    const org = await seedOrg('gc');
    const engineer = await actorOf((await seedUser('engineer', org.id)).email);
    const operator = await actorOf((await seedUser('operator')).email);
    const csrs = await Promise.all([1, 2, 3, 4].map(() => makeCsr(org.id)));
    // The first goes alone (nothing in flight); the rest queue meanwhile and share one statement,
    // where the repeated key meets the first use of it.
    const pems = [csrs[0].pem, csrs[1].pem, csrs[2].pem, csrs[1].pem, csrs[3].pem];
    const submitted = await Promise.allSettled(pems.map((csr) => submitCsr(engineer, { csr })));
    expect(submitted.map(codeOf)).toEqual(['ok', 'ok', 'ok', 'duplicate_key', 'ok']);
    const ids = submitted.flatMap((s) => (s.status === 'fulfilled' ? [s.value.id] : []));
    expect(new Set(ids).size).toBe(4);

    // Approvals of one CSR never share a statement: one claim wins, the other finds it approved.
    const approvals = [ids[0], ids[1], ids[2], ids[1], ids[3]];
    const approved = await Promise.allSettled(approvals.map((id) => approveCsr(operator, id, {})));
    const codes = approved.map(codeOf);
    expect([codes[0], codes[2], codes[4]]).toEqual(['ok', 'ok', 'ok']);
    expect([codes[1], codes[3]].sort()).toEqual(['csr_not_pending', 'ok']); // whichever read and signed first
    const answers = approved.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
    expect(answers.map((a) => a.csr.id).sort()).toEqual([...ids].sort());
    for (const a of answers) expect(a.csr).toMatchObject({ status: 'approved', certificateId: a.certificate.id });

    const stored = await pool().query('SELECT c.id, c."csrId", c."publicKeySha256" FROM "Certificate" c WHERE c."orgId" = $1', [org.id]);
    expect(stored.rows).toHaveLength(4);
    expect(new Set(stored.rows.map((r) => r.csrId))).toEqual(new Set(ids));
    const audit = await pool().query(`SELECT action, "objectId" FROM "AuditEntry" WHERE "orgId" = $1 AND action LIKE 'csr.%' ORDER BY seq`, [org.id]);
    expect(audit.rows.map((r) => r.action)).toEqual([...Array(4).fill('csr.submit'), ...Array(4).fill('csr.approve')]);
    expect(audit.rows.slice(4).map((r) => r.objectId).sort()).toEqual(answers.map((a) => a.certificate.id).sort());
    expect((await verifyAuditChain()).ok).toBe(true);
    const mail = await pool().query(`SELECT count(*)::int AS n FROM "MailMessage" WHERE key = ANY($1)`, [ids.map((id) => `csr_approved:${id}`)]);
    expect(mail.rows[0].n).toBe(4);
  });
});

describe('one statement for submissions and approvals together', () => {
  it('what queues while a write is in flight commits in one transaction, submissions and approvals alike', async () => {
    const org = await seedOrg('gcmix');
    const engineer = await actorOf((await seedUser('engineer', org.id)).email);
    const operator = await actorOf((await seedUser('operator')).email);
    const csrs = await Promise.all([1, 2, 3, 4, 5, 6].map(() => makeCsr(org.id)));
    const pending = [];
    for (const c of csrs.slice(0, 3)) pending.push((await submitCsr(engineer, { csr: c.pem })).id);

    // Hold the audit chain's lock (the key of the audit_entry_chain trigger) from another session:
    // the next write blocks inside PostgreSQL, and everything sent meanwhile queues behind it.
    const locker = await pool().connect();
    await locker.query('SELECT pg_advisory_lock(1953658227)');
    let blocked: Promise<unknown>;
    let queued: Promise<unknown[]>;
    try {
      blocked = submitCsr(engineer, { csr: csrs[3].pem });
      await new Promise((r) => setTimeout(r, 300));
      queued = Promise.all([
        submitCsr(engineer, { csr: csrs[4].pem }), approveCsr(operator, pending[0], {}), submitCsr(engineer, { csr: csrs[5].pem }),
        approveCsr(operator, pending[1], {}), approveCsr(operator, pending[2], {}),
      ]);
      await new Promise((r) => setTimeout(r, 1500));
    } finally {
      await locker.query('SELECT pg_advisory_unlock(1953658227)');
      locker.release();
    }
    const first = (await blocked!) as { id: string };
    const [s1, a1, s2, a2, a3] = (await queued!) as [{ id: string }, Approval, { id: string }, Approval, Approval];
    for (const a of [a1, a2, a3]) expect(a.csr).toMatchObject({ status: 'approved', certificateId: a.certificate.id });
    expect([a1, a2, a3].map((a) => a.csr.id)).toEqual(pending);

    // now() is the transaction's start: one value for every row the queued writes made.
    const { rows } = await pool().query(
      `SELECT (SELECT array_agg(DISTINCT t) FROM (
         SELECT "createdAt" AS t FROM "Csr" WHERE id = ANY($1::uuid[]) UNION ALL
         SELECT "reviewedAt" FROM "Csr" WHERE id = ANY($2::uuid[]) UNION ALL
         SELECT "createdAt" FROM "Certificate" WHERE "csrId" = ANY($2::uuid[])) x) AS shared,
        (SELECT "createdAt" FROM "Csr" WHERE id = $3::uuid) AS alone`,
      [[s1.id, s2.id], pending, first.id]);
    expect(rows[0].shared).toHaveLength(1);
    expect(rows[0].shared[0]).not.toEqual(rows[0].alone);
    const audit = await pool().query(`SELECT action FROM "AuditEntry" WHERE "orgId" = $1 AND action LIKE 'csr.%' ORDER BY seq`, [org.id]);
    expect(audit.rows.map((r) => r.action).slice(3).sort()).toEqual([...Array(3).fill('csr.approve'), ...Array(3).fill('csr.submit')]);
    expect((await verifyAuditChain()).ok).toBe(true);
  });
});

type Approval = { csr: { id: string; status: string; certificateId: string }; certificate: { id: string } };

describe('audit entries while the chain lock is held (a slow or busy database)', () => {
  // Holds the audit chain's lock in a transaction of its own for `ms`, as a long commit would.
  async function holdChainLock(ms: number): Promise<() => Promise<void>> {
    const holder = await pool().connect();
    await holder.query('BEGIN');
    await holder.query('SELECT pg_advisory_xact_lock($1)', [AUDIT_CHAIN_LOCK]);
    const done = new Promise<void>((resolve) => setTimeout(resolve, ms)).then(async () => {
      await holder.query('COMMIT');
      holder.release();
    });
    return () => done;
  }
  const waitingLone = async () =>
    Number((await pool().query(`SELECT count(*) FROM pg_locks l JOIN pg_stat_activity a USING (pid)
      WHERE l.locktype = 'advisory' AND l.objid = $1 AND NOT l.granted AND a.query LIKE 'WITH lone AS%'`, [AUDIT_CHAIN_LOCK])).rows[0].count);

  it('a burst of lone entries waits as one statement on one connection, and every entry lands', async () => {
    const tag = randomUUID();
    const released = await holdChainLock(1500);
    const lone = Array.from({ length: 30 }, (_, i) => appendAuditNow(null, { action: 'test.lone', objectType: 'test', objectId: `${tag}-${i}` }));
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await waitingLone()).toBe(1); // the first entry's statement; the other 29 queue in the process, not in the pool
    await released();
    await Promise.all(lone);
    const { rows } = await pool().query(`SELECT count(*)::int AS n FROM "AuditEntry" WHERE "objectId" LIKE $1`, [`${tag}-%`]);
    expect(rows[0].n).toBe(30);
  });

  it('an entry with U+0000 or half a surrogate pair lands as U+FFFD, and does not fail the others of its batch', async () => {
    const tag = randomUUID();
    const released = await holdChainLock(300);
    // The first entry's statement waits on the lock; the three behind it go out as one batch.
    const first = appendAuditNow(null, { action: 'test.lone', objectType: 'test', objectId: `${tag}-first` });
    const odd = ['plain', 'nul\0inside', 'half\ud800pair', 'a pair \ud83d\ude00 stays'];
    await Promise.all([first, ...odd.map((email, i) => appendAuditNow(null, { action: 'test.lone', objectType: 'test', objectId: `${tag}-${i}`, details: { email } }))]);
    await released();
    const { rows } = await pool().query(`SELECT details->>'email' AS email FROM "AuditEntry" WHERE "objectId" LIKE $1 ORDER BY "objectId"`, [`${tag}-_`]);
    expect(rows.map((r) => r.email)).toEqual(['plain', 'nul\ufffdinside', 'half\ufffdpair', 'a pair \ud83d\ude00 stays']);
    expect((await verifyAuditChain()).ok).toBe(true);
  });

  it('one-entry transactions queued behind a lock held past Prisma\'s 2 s start limit all commit, none lost', async () => {
    const tag = randomUUID();
    const released = await holdChainLock(2300);
    // More than the pool's connections: most of them wait for one while the lock is held.
    const results = await Promise.allSettled(Array.from({ length: 30 }, (_, i) =>
      transaction((tx) => appendAudit(tx, null, { action: 'test.tx', objectType: 'test', objectId: `${tag}-${i}` }))));
    await released();
    expect(results.filter((r) => r.status === 'rejected').map((r) => String((r as PromiseRejectedResult).reason))).toEqual([]);
    const { rows } = await pool().query(`SELECT count(*)::int AS n FROM "AuditEntry" WHERE "objectId" LIKE $1`, [`${tag}-%`]);
    expect(rows[0].n).toBe(30);
    expect((await verifyAuditChain()).ok).toBe(true);
  });
});
