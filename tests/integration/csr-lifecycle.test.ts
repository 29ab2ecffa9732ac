// The certificate lifecycle over HTTP against the real server and PostgreSQL.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { x509 } from '../../lib/pki/x509';
import { beforeAll, describe, expect, it } from 'vitest';
import { db, pool } from '../../lib/db/client';
import { AUDIT_CHAIN_LOCK } from '../../lib/audit/append-audit';
import { CRL_LOCK_KEY } from '../../lib/pki/crl-store';
import { verifyAuditChain } from '../../lib/audit/verify-audit-chain';
import { api, baseUrl, makeCsr, seedTenant, seedUser, submitAndApprove, type Member } from '../helpers';

let operator: Member;
let tenant: Awaited<ReturnType<typeof seedTenant>>;
let other: Awaited<ReturnType<typeof seedTenant>>;

beforeAll(async () => {
  operator = await seedUser('operator');
  tenant = await seedTenant('acme');
  other = await seedTenant('globex');
});

describe('CSR submission', () => {
  it('accepts a PEM CSR as JSON and as application/pkcs10 (PEM and DER)', async () => {
    const a = await makeCsr(tenant.org.id, 'P-384');
    const json = await api('/api/v1/csrs', { token: tenant.engineer.token, json: { csr: a.pem } });
    expect(json.status).toBe(201);
    expect(json.body).toMatchObject({ status: 'pending', orgId: tenant.org.id, subject: `CN=${tenant.org.id}`, keyAlgorithm: 'EC P-384' });
    expect(json.body.publicKeySha256).toMatch(/^[0-9a-f]{64}$/);

    const b = await makeCsr(tenant.org.id, 'Ed25519');
    const rawPem = await api('/api/v1/csrs', { token: tenant.admin.token, body: b.pem, headers: { 'content-type': 'application/pkcs10' } });
    expect(rawPem.status).toBe(201);
    expect(rawPem.body.keyAlgorithm).toBe('Ed25519');

    const c = await makeCsr(tenant.org.id, 'RSA-2048');
    const rawDer = await api('/api/v1/csrs', { token: tenant.engineer.token, body: Buffer.from(c.der), headers: { 'content-type': 'application/pkcs10' } });
    expect(rawDer.status).toBe(201);
    expect(rawDer.body.keyAlgorithm).toBe('RSA 2048');
  });

  it('refuses a private key in every form without storing or echoing it', async () => {
    const { keys } = await makeCsr(tenant.org.id, 'P-256');
    const pkcs8 = Buffer.from(await crypto.subtle.exportKey('pkcs8', keys.privateKey));
    const pem = `-----BEGIN PRIVATE KEY-----\n${pkcs8.toString('base64')}\n-----END PRIVATE KEY-----\n`;
    const before = await db().csr.count({ where: { orgId: tenant.org.id } }); // other files submit meanwhile
    for (const attempt of [
      api('/api/v1/csrs', { token: tenant.engineer.token, json: { csr: pem } }),
      api('/api/v1/csrs', { token: tenant.engineer.token, body: pem, headers: { 'content-type': 'application/pkcs10' } }),
      api('/api/v1/csrs', { token: tenant.engineer.token, body: pkcs8, headers: { 'content-type': 'application/pkcs10' } }),
    ]) {
      const res = await attempt;
      expect(res.status).toBe(422);
      expect(res.body.error.code).toBe('private_key_detected');
      expect(res.text).not.toContain(pkcs8.toString('base64').slice(0, 40));
    }
    expect(await db().csr.count({ where: { orgId: tenant.org.id } })).toBe(before);
    const audit = await db().auditEntry.findMany({ orderBy: { seq: 'desc' }, take: 50 });
    expect(JSON.stringify(audit, (_, v) => (typeof v === 'bigint' ? v.toString() : v))).not.toContain(pkcs8.toString('base64').slice(0, 40));
  });

  it('maps policy failures to API.md codes', async () => {
    const wrongCn = await makeCsr('someone-else', 'P-256');
    const mismatch = await api('/api/v1/csrs', { token: tenant.engineer.token, json: { csr: wrongCn.pem } });
    expect([mismatch.status, mismatch.body.error.code]).toEqual([422, 'subject_mismatch']);

    const garbage = await api('/api/v1/csrs', { token: tenant.engineer.token, json: { csr: 'hello' } });
    expect([garbage.status, garbage.body.error.code]).toEqual([422, 'malformed_csr']);

    const huge = await api('/api/v1/csrs', { token: tenant.engineer.token, body: Buffer.alloc(20_000, 0x30), headers: { 'content-type': 'application/pkcs10' } });
    expect([huge.status, huge.body.error.code]).toEqual([413, 'too_large']);

    const notJson = await api('/api/v1/csrs', { token: tenant.engineer.token, body: '{', headers: { 'content-type': 'application/json' } });
    expect([notJson.status, notJson.body.error.code]).toEqual([400, 'invalid_json']);

    const wrongType = await api('/api/v1/csrs', { token: tenant.engineer.token, body: 'x', headers: { 'content-type': 'text/plain' } });
    expect([wrongType.status, wrongType.body.error.code]).toEqual([415, 'unsupported_media_type']);
  });

  it('refuses a key that is already in an open CSR or a certificate (duplicate_key)', async () => {
    const csr = await makeCsr(tenant.org.id, 'P-256');
    expect((await api('/api/v1/csrs', { token: tenant.engineer.token, json: { csr: csr.pem } })).status).toBe(201);
    const again = await api('/api/v1/csrs', { token: tenant.admin.token, json: { csr: csr.pem } });
    expect([again.status, again.body.error.code]).toEqual([422, 'duplicate_key']);

    const issued = await submitAndApprove(tenant.engineer, operator);
    const row = await db().certificate.findUniqueOrThrow({ where: { id: issued.certificate.id } });
    const reused = await db().csr.findUniqueOrThrow({ where: { id: issued.csr.id } });
    const retry = await api('/api/v1/csrs', { token: tenant.engineer.token, json: { csr: reused.pem } });
    expect([retry.status, retry.body.error.code]).toEqual([422, 'duplicate_key']);
    expect(row.publicKeySha256).toBe(reused.publicKeySha256);
  });

  it('does not let two racing submissions of one key both succeed', async () => {
    const csr = await makeCsr(tenant.org.id, 'P-256');
    const results = await Promise.all(Array.from({ length: 6 }, () => api('/api/v1/csrs', { token: tenant.engineer.token, json: { csr: csr.pem } })));
    expect(results.filter((r) => r.status === 201)).toHaveLength(1);
    expect(results.filter((r) => r.status === 422 && r.body.error.code === 'duplicate_key')).toHaveLength(5);
  });

  it('keeps the audit chain intact under 24 concurrent audited writes', async () => {
    const csrs = await Promise.all(Array.from({ length: 24 }, () => makeCsr(tenant.org.id, 'P-256')));
    const results = await Promise.all(csrs.map((c) => api('/api/v1/csrs', { token: tenant.engineer.token, json: { csr: c.pem } })));
    expect(results.every((r) => r.status === 201)).toBe(true);
    const report = await verifyAuditChain();
    expect(report).toMatchObject({ ok: true, brokenAt: null });
    const entries = await db().auditEntry.findMany({ where: { objectId: { in: results.map((r) => r.body.id) } } });
    expect(entries).toHaveLength(24);
    for (const e of entries) expect(e.hash).toMatch(/^[0-9a-f]{64}$/);
  });

  // The issuance statement reads each audit record from JSON in PostgreSQL (lib/audit): the body
  // it stores must be the very text lib/audit hashes, escapes and non-ASCII included.
  it('chains the audit entries of a subject with escapes, a tab and non-ASCII', async () => {
    const keys = (await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, ['sign', 'verify'])) as CryptoKeyPair;
    const name: x509.JsonName = [{ CN: [tenant.org.id] }, { O: ['Zürich Ωmega Labs\t🔐'] }, { OU: ['a,b+c<d>;'] }];
    const pem = (await x509.Pkcs10CertificateRequestGenerator.create({ name, keys, signingAlgorithm: { name: 'ECDSA', hash: 'SHA-256' } })).toString('pem');
    const submitted = await api('/api/v1/csrs', { token: tenant.engineer.token, json: { csr: pem } });
    expect(submitted.status).toBe(201);
    expect(submitted.body.subject).toBe(`CN=${tenant.org.id}, O=Zürich Ωmega Labs\\09🔐, OU=a\\,b\\+c\\<d\\>\\;`);
    const approved = await api(`/api/v1/csrs/${submitted.body.id}/approve`, { token: operator.token, json: {} });
    expect(approved.status).toBe(200);
    const entries = await db().auditEntry.findMany({ where: { objectId: { in: [submitted.body.id, approved.body.certificate.id] } } });
    expect(entries.map((e) => e.action).sort()).toEqual(['csr.approve', 'csr.submit']);
    const submit = entries.find((e) => e.action === 'csr.submit')!;
    expect(JSON.parse(submit.body).details.subject).toBe(submitted.body.subject);
    expect(await verifyAuditChain()).toMatchObject({ ok: true, brokenAt: null });
  });
});

describe('approval', () => {
  it('issues a certificate that OpenSSL verifies against /pki/ca.pem for sslclient', async () => {
    const { certificate, csr } = await submitAndApprove(tenant.engineer, operator, 90);
    expect(csr).toMatchObject({ status: 'approved', certificateId: certificate.id });
    expect(certificate).toMatchObject({ status: 'active', rotationDue: false, orgId: tenant.org.id, subject: `CN=${tenant.org.id}` });
    expect(certificate.daysUntilExpiry).toBeGreaterThanOrEqual(89);

    const dir = mkdtempSync(path.join(tmpdir(), 'tg-verify-'));
    const pem = await api(`/api/v1/certificates/${certificate.id}/pem`, { token: tenant.engineer.token });
    expect(pem.headers.get('content-type')).toBe('application/x-pem-file');
    expect(pem.headers.get('content-disposition')).toContain('client-cert.pem');
    const chain = (await api('/pki/ca.pem')).text;
    const [issuing, root] = chain.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g)!;
    writeFileSync(path.join(dir, 'leaf.pem'), pem.text);
    writeFileSync(path.join(dir, 'issuing.pem'), issuing);
    writeFileSync(path.join(dir, 'root.pem'), root);
    const out = execFileSync('openssl', ['verify', '-x509_strict', '-purpose', 'sslclient', '-CAfile', path.join(dir, 'root.pem'), '-untrusted', path.join(dir, 'issuing.pem'), path.join(dir, 'leaf.pem')]).toString();
    expect(out).toContain('leaf.pem: OK');

    const withChain = await api(`/api/v1/certificates/${certificate.id}/pem?chain=1`, { token: tenant.engineer.token });
    expect(withChain.text.match(/BEGIN CERTIFICATE/g)).toHaveLength(3);
    // API.md: the file is client-cert.pem with or without the chain; the portal's button asks for its own name.
    expect(withChain.headers.get('content-disposition')).toBe('attachment; filename="client-cert.pem"');
    const named = await api(`/api/v1/certificates/${certificate.id}/pem?chain=1&filename=client-cert-chain.pem`, { token: tenant.engineer.token });
    expect(named.headers.get('content-disposition')).toBe('attachment; filename="client-cert-chain.pem"');
    const refused = await api(`/api/v1/certificates/${certificate.id}/pem?filename=../../etc/passwd`, { token: tenant.engineer.token });
    expect(refused.headers.get('content-disposition')).toBe('attachment; filename="client-cert.pem"');
  });

  it('8 concurrent approvals of one CSR issue exactly one certificate', async () => {
    const { pem } = await makeCsr(tenant.org.id, 'P-384');
    const csr = (await api('/api/v1/csrs', { token: tenant.engineer.token, json: { csr: pem } })).body;
    const results = await Promise.all(Array.from({ length: 8 }, () => api(`/api/v1/csrs/${csr.id}/approve`, { token: operator.token, json: {} })));
    expect(results.filter((r) => r.status === 200)).toHaveLength(1);
    const conflicts = results.filter((r) => r.status === 409);
    expect(conflicts).toHaveLength(7);
    for (const c of conflicts) expect(c.body.error.code).toBe('csr_not_pending');
    expect(await db().certificate.count({ where: { csrId: csr.id } })).toBe(1);
    expect(await db().auditEntry.count({ where: { action: 'csr.approve', details: { path: ['csrId'], equals: csr.id } } })).toBe(1);
  });

  it('rejects with a required reason, and the submitter can cancel', async () => {
    const a = (await api('/api/v1/csrs', { token: tenant.engineer.token, json: { csr: (await makeCsr(tenant.org.id, 'P-256')).pem } })).body;
    const noReason = await api(`/api/v1/csrs/${a.id}/reject`, { token: operator.token, json: {} });
    expect([noReason.status, noReason.body.error.code]).toEqual([422, 'validation_failed']);
    const rejected = await api(`/api/v1/csrs/${a.id}/reject`, { token: operator.token, json: { reason: 'Wrong team' } });
    expect(rejected.body).toMatchObject({ status: 'rejected', rejectionReason: 'Wrong team' });
    expect((await api(`/api/v1/csrs/${a.id}/approve`, { token: operator.token, json: {} })).body.error.code).toBe('csr_not_pending');
    // Operators see who reviewed it; the organization's members see that it was, not by whom.
    expect((await api(`/api/v1/csrs/${a.id}`, { token: operator.token })).body.reviewedBy).toBe(operator.email);
    const seen = (await api(`/api/v1/csrs/${a.id}`, { token: tenant.engineer.token })).body;
    expect([seen.status, 'reviewedBy' in seen]).toEqual(['rejected', false]);

    const b = (await api('/api/v1/csrs', { token: tenant.engineer.token, json: { csr: (await makeCsr(tenant.org.id, 'P-256')).pem } })).body;
    expect((await api(`/api/v1/csrs/${b.id}/cancel`, { token: other.engineer.token, json: {} })).status).toBe(404);
    expect((await api(`/api/v1/csrs/${b.id}/cancel`, { token: tenant.admin.token, json: {} })).body.status).toBe('cancelled');
    expect('reviewedBy' in (await api(`/api/v1/csrs/${b.id}`, { token: operator.token })).body).toBe(false);
  });

  it('validityDays outside 1..825 is a 422', async () => {
    const a = (await api('/api/v1/csrs', { token: tenant.engineer.token, json: { csr: (await makeCsr(tenant.org.id, 'P-256')).pem } })).body;
    const res = await api(`/api/v1/csrs/${a.id}/approve`, { token: operator.token, json: { validityDays: 826 } });
    expect([res.status, res.body.error.code]).toEqual([422, 'validation_failed']);
  });
});

  it("counts each organization's waiting CSRs, and the queue shows one organization's alone", async () => {
    const [a, b] = [await seedTenant('queue-a'), await seedTenant('queue-b')];
    const submit = async (t: typeof a) => (await api('/api/v1/csrs', { token: t.engineer.token, json: { csr: (await makeCsr(t.org.id, 'P-256')).pem } })).body;
    const [a1, a2, b1] = [await submit(a), await submit(a), await submit(b)];
    const counts = async (token: string) => Object.fromEntries(
      (await api('/api/v1/orgs', { token })).body.items.filter((o: { id: string }) => [a.org.id, b.org.id].includes(o.id))
        .map((o: { id: string; pendingCsrs: number; certificates: number }) => [o.id, [o.pendingCsrs, o.certificates]]),
    );
    expect(await counts(operator.token)).toEqual({ [a.org.id]: [2, 0], [b.org.id]: [1, 0] });
    // A member's list is their own organization's.
    expect(await counts(b.engineer.token)).toEqual({ [b.org.id]: [1, 0] });

    // The queue's filter: per organization, from the pending rows; operators only.
    const pendingCounts = async () => {
      const body = (await api('/api/v1/csrs/pending-counts', { token: operator.token })).body;
      expect(body.total).toBe(body.items.reduce((n: number, i: { pending: number }) => n + i.pending, 0));
      return body.items.filter((i: { orgId: string }) => [a.org.id, b.org.id].includes(i.orgId));
    };
    expect(await pendingCounts()).toEqual([
      { orgId: a.org.id, orgName: a.org.name, pending: 2 },
      { orgId: b.org.id, orgName: b.org.name, pending: 1 },
    ]);
    expect((await api('/api/v1/csrs/pending-counts', { token: a.admin.token })).status).toBe(403);

    const queueOf = async (orgId: string) => (await api(`/api/v1/csrs?status=pending&orgId=${orgId}`, { token: operator.token })).body.items.map((c: { id: string }) => c.id);
    expect(await queueOf(a.org.id)).toEqual([a1.id, a2.id]); // oldest first
    expect(await queueOf(b.org.id)).toEqual([b1.id]);

    await api(`/api/v1/csrs/${a1.id}/approve`, { token: operator.token, json: {} });
    expect(await counts(operator.token)).toEqual({ [a.org.id]: [1, 1], [b.org.id]: [1, 0] });
    expect((await api(`/api/v1/orgs/${a.org.id}`, { token: operator.token })).body).toMatchObject({ pendingCsrs: 1, certificates: 1 });
    expect(await queueOf(a.org.id)).toEqual([a2.id]);
    await api(`/api/v1/csrs/${b1.id}/reject`, { token: operator.token, json: { reason: 'Counted' } });
    expect((await pendingCounts()).map((i: { orgId: string; pending: number }) => [i.orgId, i.pending])).toEqual([[a.org.id, 1]]);
  });

describe('certificates', () => {
  // Approvals and revocations take their locks in one order: the certificate's row (a rotation's
  // approval marks the certificate it replaces), the audit chain's lock, then the rows of per-day
  // totals that the Certificate triggers update at the end of the statement that writes a
  // certificate. A revocation that wrote the certificate before the chain's lock held the totals
  // first and deadlocked with approvals. Each runs here while the chain's lock is held elsewhere,
  // and what it holds while it waits is probed. Other test files write certificates in the same
  // database meanwhile, and their transactions queue on the held chain too: the waiter that counts
  // is the one whose transaction holds the certificate's row (its xid is the row's xmax).
  async function untilChainWaiterHolds(probe: { query: (sql: string, params: unknown[]) => Promise<{ rowCount: number | null }> }, table: 'Certificate' | 'Csr', id: string) {
    const waiting = async () => (await probe.query(
      `SELECT 1 FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid JOIN "${table}" r ON r.xmax = a.backend_xid
        WHERE l.locktype = 'advisory' AND l.objid = $1 AND NOT l.granted AND r.id = $2::uuid`,
      [AUDIT_CHAIN_LOCK, id],
    )).rowCount;
    for (const deadline = Date.now() + 20_000; !(await waiting()); await new Promise((r) => setTimeout(r, 20))) {
      if (Date.now() > deadline) throw new Error(`it never waited for the audit chain with the ${table} row`);
    }
  }

  async function whileWaitingForTheChain<T>(start: () => Promise<T>, holding: { id: string }, inspect: (locked: (sql: string, params: readonly unknown[]) => Promise<boolean>) => Promise<void>): Promise<T> {
    const holder = await pool().connect();
    const probe = await pool().connect();
    try {
      await holder.query('BEGIN');
      await holder.query(`SELECT pg_advisory_xact_lock(${AUDIT_CHAIN_LOCK})`);
      const running = start();
      await untilChainWaiterHolds(probe, 'Certificate', holding.id);
      await inspect(async (sql, params) => {
        await probe.query('BEGIN');
        try {
          await probe.query(`${sql} FOR UPDATE NOWAIT`, [...params]);
          return false;
        } catch (error) {
          if ((error as { code?: string }).code === '55P03') return true;
          throw error;
        } finally {
          await probe.query('ROLLBACK');
        }
      });
      await holder.query('ROLLBACK');
      return await running;
    } finally {
      await holder.query('ROLLBACK').catch(() => undefined);
      probe.release();
      holder.release();
    }
  }

  it('approves a rotation and revokes in one lock order: the certificate, the audit chain, the per-day totals', async () => {
    const totalsOf = (c: { notAfter: string }) => [`SELECT 1 FROM "CertificateExpiryDay" WHERE "orgId" = $1 AND day = $2::date`, [tenant.org.id, c.notAfter.slice(0, 10)]] as const;
    const rowOf = (c: { id: string }) => [`SELECT 1 FROM "Certificate" WHERE id = $1`, [c.id]] as const;

    const { certificate: old } = await submitAndApprove(tenant.engineer, operator);
    const rotation = await api('/api/v1/csrs', { token: tenant.engineer.token, json: { csr: (await makeCsr(tenant.org.id)).pem, replacesCertificateId: old.id } });
    const approved = await whileWaitingForTheChain(() => api(`/api/v1/csrs/${rotation.body.id}/approve`, { token: operator.token, json: {} }), old, async (locked) => {
      expect(await locked(...rowOf(old))).toBe(true);
      expect(await locked(...totalsOf(old))).toBe(false);
    });
    expect(approved.status).toBe(200);

    const { certificate } = await submitAndApprove(tenant.engineer, operator);
    const revoked = await whileWaitingForTheChain(() => api(`/api/v1/certificates/${certificate.id}/revoke`, { token: tenant.admin.token, json: { reason: 'superseded' } }), certificate, async (locked) => {
      expect(await locked(...rowOf(certificate))).toBe(true);
      expect(await locked(...totalsOf(certificate))).toBe(false);
    });
    expect(revoked.body).toMatchObject({ status: 'revoked', revocationReason: 'superseded' });
  });

  // The deadlock itself, as it happened before that order: a revocation held up after it wrote
  // the certificate (here on the CRL's lock, which this test holds), an approval of the same
  // organization and expiry day that takes the chain's lock and then waits on the totals, then
  // the revocation let go. Both must finish, neither aborted by PostgreSQL (40P01, a 500).
  it('a revocation held up mid-way and an approval of the same organization and expiry day both finish', async () => {
    const { certificate } = await submitAndApprove(tenant.engineer, operator);
    const csr = await api('/api/v1/csrs', { token: tenant.engineer.token, json: { csr: (await makeCsr(tenant.org.id)).pem } });
    const holder = await pool().connect();
    const until = async (what: string, ready: () => Promise<boolean>) => {
      for (const deadline = Date.now() + 20_000; !(await ready()); await new Promise((r) => setTimeout(r, 20))) {
        if (Date.now() > deadline) throw new Error(`never: ${what}`);
      }
    };
    const blocked = async (where: string) => ((await pool().query(`SELECT 1 FROM pg_locks WHERE ${where} AND NOT granted`)).rowCount ?? 0) > 0;
    try {
      await holder.query('BEGIN');
      await holder.query(`SELECT pg_advisory_xact_lock(${CRL_LOCK_KEY})`);
      const revoking = api(`/api/v1/certificates/${certificate.id}/revoke`, { token: tenant.admin.token, json: { reason: 'superseded' } });
      await until('the revocation waits for the CRL', () => blocked(`locktype = 'advisory' AND objid = ${CRL_LOCK_KEY}`));
      let approved = false;
      const approving = api(`/api/v1/csrs/${csr.body.id}/approve`, { token: operator.token, json: {} }).finally(() => (approved = true));
      // The approval either finishes (nothing of it is held) or waits on a row the revocation holds.
      await until('the approval finishes or waits', async () => approved || blocked(`locktype = 'transactionid'`));
      await holder.query('ROLLBACK');
      const [revoked, approval] = await Promise.all([revoking, approving]);
      expect([revoked.status, approval.status]).toEqual([200, 200]);
    } finally {
      await holder.query('ROLLBACK').catch(() => undefined);
      holder.release();
    }
  });

  // Should an order no test has found still close a cycle, PostgreSQL aborts one party (40P01) and
  // the aborted write runs again (lib/db/write-conflict) instead of answering 500. The test makes
  // the cycle: it holds the chain's lock, the request waits on it holding its row, and the test
  // then waits on that row. The test's session waits 20 s before looking for a deadlock, the
  // server's sessions the default 1 s, so the request's side is the one aborted; the test's wait
  // for the row ending at all shows it (the request could not have committed). Its second run
  // then waits for the row until the test lets go. A revocation is an interactive transaction,
  // an approval one statement (lib/db/group-commit).
  it('a revocation and an approval that PostgreSQL aborts to break a deadlock run again and succeed', async () => {
    const holder = await pool().connect();
    const probe = await pool().connect();
    const deadlocked = async (table: 'Certificate' | 'Csr', id: string, request: () => Promise<Awaited<ReturnType<typeof api>>>) => {
      await holder.query('BEGIN');
      await holder.query(`SET LOCAL deadlock_timeout = '20s'`);
      await holder.query(`SELECT pg_advisory_xact_lock(${AUDIT_CHAIN_LOCK})`);
      const answer = request();
      await untilChainWaiterHolds(probe, table, id);
      await holder.query(`SELECT 1 FROM "${table}" WHERE id = $1::uuid FOR UPDATE`, [id]);
      await holder.query('ROLLBACK');
      return answer;
    };
    try {
      const { certificate } = await submitAndApprove(tenant.engineer, operator);
      const revoked = await deadlocked('Certificate', certificate.id, () => api(`/api/v1/certificates/${certificate.id}/revoke`, { token: tenant.admin.token, json: { reason: 'superseded' } }));
      expect([revoked.status, revoked.body.status]).toEqual([200, 'revoked']);

      const csr = await api('/api/v1/csrs', { token: tenant.engineer.token, json: { csr: (await makeCsr(tenant.org.id)).pem } });
      const approved = await deadlocked('Csr', csr.body.id, () => api(`/api/v1/csrs/${csr.body.id}/approve`, { token: operator.token, json: {} }));
      expect([approved.status, approved.body.csr?.status]).toEqual([200, 'approved']);
      expect(await db().certificate.count({ where: { csrId: csr.body.id } })).toBe(1);
    } finally {
      await holder.query('ROLLBACK').catch(() => undefined);
      probe.release();
      holder.release();
    }
  });

  it('revocation by an org admin lands in a fresh, signed CRL', async () => {
    const { certificate } = await submitAndApprove(tenant.engineer, operator);
    const fetchCrl = async () => fetch(`${baseUrl()}/pki/crl`);
    const before = new x509.X509Crl(Buffer.from(await (await fetchCrl()).arrayBuffer()));
    expect((await api(`/api/v1/certificates/${certificate.id}/revoke`, { token: tenant.engineer.token, json: { reason: 'keyCompromise' } })).status).toBe(403);
    expect((await api(`/api/v1/certificates/${certificate.id}/revoke`, { token: other.admin.token, json: { reason: 'keyCompromise' } })).status).toBe(404);
    const bad = await api(`/api/v1/certificates/${certificate.id}/revoke`, { token: tenant.admin.token, json: { reason: 'because' } });
    expect([bad.status, bad.body.error.code]).toEqual([422, 'validation_failed']);
    // A hold is temporary by definition (RFC 5280 §5.3.1); a revocation here is not.
    const hold = await api(`/api/v1/certificates/${certificate.id}/revoke`, { token: tenant.admin.token, json: { reason: 'certificateHold' } });
    expect([hold.status, hold.body.error.code]).toEqual([422, 'validation_failed']);
    expect(hold.body.error.message).toMatch(/certificateHold is temporary/);
    const revoked = await api(`/api/v1/certificates/${certificate.id}/revoke`, { token: tenant.admin.token, json: { reason: 'keyCompromise' } });
    expect(revoked.body).toMatchObject({ status: 'revoked', revocationReason: 'keyCompromise' });
    expect((await api(`/api/v1/certificates/${certificate.id}/revoke`, { token: operator.token, json: {} })).status).toBe(409);

    const res = await fetchCrl();
    expect(res.headers.get('content-type')).toBe('application/pkix-crl');
    const crl = new x509.X509Crl(Buffer.from(await res.arrayBuffer()));
    const entry = crl.entries.find((e) => e.serialNumber.toLowerCase().replace(/^0+/, '') === certificate.serialNumber.replace(/^0+/, ''));
    expect(entry).toBeDefined();
    expect(crl.nextUpdate!.getTime()).toBeGreaterThan(Date.now());
    const issuing = new x509.X509Certificate((await api('/pki/ca.pem')).text.split('-----END CERTIFICATE-----')[0] + '-----END CERTIFICATE-----');
    expect(await crl.verify({ publicKey: issuing.publicKey })).toBe(true);
    const number = (c: x509.X509Crl) => c.getExtension('2.5.29.20');
    expect(number(crl)).toBeTruthy();
    expect(Buffer.from(number(crl)!.value).equals(Buffer.from(number(before)!.value))).toBe(false);
  });

  it('lists with filters and keyset pagination, scoped to the organization', async () => {
    const t = await seedTenant('pager');
    for (let i = 0; i < 5; i += 1) await submitAndApprove(t.engineer, operator);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: any = await api(`/api/v1/certificates?limit=2${cursor ? `&cursor=${cursor}` : ''}`, { token: t.engineer.token });
      expect(page.status).toBe(200);
      seen.push(...page.body.items.map((c: any) => c.id));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen).toHaveLength(5);
    expect(new Set(seen).size).toBe(5);
    const all = await api(`/api/v1/certificates?orgId=${t.org.id}&limit=200`, { token: operator.token });
    expect(all.body.items).toHaveLength(5);
    const otherView = await api('/api/v1/certificates?limit=200', { token: other.engineer.token });
    expect(otherView.body.items.some((c: any) => c.orgId === t.org.id)).toBe(false);
    const rotation = await api('/api/v1/certificates?rotationDue=true', { token: t.engineer.token });
    expect(rotation.body.items).toHaveLength(0);
    expect((await api('/api/v1/certificates?cursor=zzz', { token: t.engineer.token })).status).toBe(400);
  });

  it('computes rotationDue and expired from the clock', async () => {
    const t = await seedTenant('soon');
    const { certificate } = await submitAndApprove(t.engineer, operator, 10);
    const got = await api(`/api/v1/certificates/${certificate.id}`, { token: t.engineer.token });
    expect(got.body).toMatchObject({ rotationDue: true, status: 'active' });
    expect(got.body.pem).toContain('BEGIN CERTIFICATE');
    // Age the row in the database: no job runs, the API reads the clock.
    await db().certificate.update({ where: { id: certificate.id }, data: { notAfter: new Date(Date.now() - 1000) } });
    const expired = await api(`/api/v1/certificates/${certificate.id}`, { token: t.engineer.token });
    expect(expired.body).toMatchObject({ status: 'expired', rotationDue: false });
    expect((await api('/api/v1/certificates?status=expired', { token: t.engineer.token })).body.items.map((c: any) => c.id)).toEqual([certificate.id]);
  });
});
