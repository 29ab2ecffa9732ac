// Expiry reminders and the mail outbox against the real database, the real server and a real
// SMTP server in this process: thresholds over time (injected clock), exactly-once across
// concurrent scans (also from the CLI in another process), SMTP outage and recovery, two
// delivery workers, event mails in their transactions, and the dashboard and outbox APIs.
import { readFileSync } from 'node:fs';
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { db, Prisma } from '../../lib/db/client';
import { DAY_MS, resetClock, setClock } from '../../lib/clock';
import { runExpiryScan } from '../../lib/expiry/scan';
import { backoffMs, deliverDue, LEASE_MS, smtpTransport, type MailTransport } from '../../lib/mail/deliver';
import { api, makeCsr, seedOrg, seedTenant, seedUser, signIn, submitAndApprove, type Member } from '../helpers';
import { getDashboard } from '../../lib/expiry/dashboard';
import { startSmtp, type SmtpSink } from '../smtp-helpers';
import { freePortNumber } from '../ports';
import { cliActor } from '../../lib/auth/actor';
import { createPasswordResetLink } from '../../lib/orgs/password-reset';

let operator: Member;
let smtp: SmtpSink;

beforeAll(async () => {
  operator = await seedUser('operator');
  smtp = await startSmtp();
});
afterAll(() => smtp.close());
afterEach(() => resetClock());

const remindersOf = (certificateIds: string[]) =>
  db().expiryReminder.findMany({ where: { certificateId: { in: certificateIds } }, orderBy: [{ thresholdDays: 'desc' }] });
const mailTo = (emails: string[], kind?: string) => db().mailMessage.findMany({ where: { recipient: { in: emails }, ...(kind ? { kind } : {}) } });
const receivedBy = (sink: SmtpSink, email: string) => sink.received.filter((m) => m.to.includes(email));

// deliverDue sends every due mail in the database, and the other test files share it. A one-time
// link (an invitation, a password reset) is erased from the outbox once sent, and those files read
// their links from there: so this file's live transports refuse a link mail this file did not make.
// The refusal is transient (lib/mail/deliver), so that mail stays pending and sealed for its file.
const ownLinkMail = new Set<string>();
const sparing = (url: string): MailTransport => {
  const transport = smtpTransport(url);
  return {
    sendMail: (m) => (/\/(invite|reset-password)\//.test(m.text) && !ownLinkMail.has(m.to) ? Promise.reject(new Error('a link mail of another test file')) : transport.sendMail(m)),
    close: () => transport.close?.(),
  };
};

describe('reminder thresholds over time', () => {
  it('a 365-day certificate: one reminder per member at 30, 14, 7, 1 days and at expiry, each once', async () => {
    const t = await seedTenant('remind');
    const { certificate } = await submitAndApprove(t.engineer, operator, 365);
    const notAfter = new Date(certificate.notAfter).getTime();
    const scanAt = async (daysBefore: number) => runExpiryScan({ at: new Date(notAfter - daysBefore * DAY_MS), digest: false });

    await scanAt(31);
    expect(await remindersOf([certificate.id])).toEqual([]);
    for (const days of [30, 29.5, 14, 7, 1, 0, -3]) await scanAt(days);

    const rows = await remindersOf([certificate.id]);
    expect(rows.map((r) => [r.thresholdDays, r.outcome]).sort()).toEqual(
      [30, 30, 14, 14, 7, 7, 1, 1, 0, 0].map((d) => [d, 'sent']).sort(),
    );
    const mails = await mailTo([t.engineer.email, t.admin.email], 'expiry_reminder');
    expect(mails).toHaveLength(10);
    expect(new Set(mails.map((m) => m.key)).size).toBe(10);
    expect(await db().reminderSchedule.findUnique({ where: { certificateId: certificate.id } })).toBeNull();
  });

  it('a 10-day certificate gets 14 (30 skipped) at once; a 5-day one gets 7 (30 and 14 skipped)', async () => {
    const t = await seedTenant('short');
    const ten = (await submitAndApprove(t.engineer, operator, 10)).certificate;
    const five = (await submitAndApprove(t.engineer, operator, 5)).certificate;
    await runExpiryScan({ at: new Date(), digest: false });
    const outcome = async (id: string) =>
      (await remindersOf([id])).filter((r) => r.userId && r.thresholdDays >= 0).map((r) => `${r.thresholdDays}:${r.outcome}`);
    expect(await outcome(ten.id)).toEqual(['30:skipped', '30:skipped', '14:sent', '14:sent']);
    expect(await outcome(five.id)).toEqual(['30:skipped', '30:skipped', '14:skipped', '14:skipped', '7:sent', '7:sent']);
    expect(await mailTo([t.engineer.email], 'expiry_reminder')).toHaveLength(2);
  });

  it('a member who turned reminders off gets none (recorded as opted_out); the other member still does', async () => {
    const t = await seedTenant('optout');
    expect((await api('/api/v1/me/preferences', { token: t.admin.token, json: { remindersEnabled: false } })).status).toBe(200);
    const { certificate } = await submitAndApprove(t.engineer, operator, 10);
    await runExpiryScan({ digest: false });
    expect((await remindersOf([certificate.id])).filter((r) => r.thresholdDays === 14).map((r) => r.outcome).sort()).toEqual(['opted_out', 'sent']);
    expect(await mailTo([t.admin.email], 'expiry_reminder')).toHaveLength(0);
    expect(await mailTo([t.engineer.email], 'expiry_reminder')).toHaveLength(1);
  });

  it('replaced and revoked certificates get no more reminders; the replacement is tracked', async () => {
    const t = await seedTenant('replaced');
    const old = (await submitAndApprove(t.engineer, operator, 60)).certificate;
    const revoked = (await submitAndApprove(t.engineer, operator, 60)).certificate;
    expect((await api(`/api/v1/certificates/${revoked.id}/revoke`, { token: t.admin.token, json: { reason: 'keyCompromise' } })).status).toBe(200);

    const { makeCsr } = await import('../helpers');
    const rotation = await api('/api/v1/csrs', { token: t.engineer.token, json: { csr: (await makeCsr(t.org.id)).pem, replacesCertificateId: old.id } });
    expect(rotation.status).toBe(201);
    const approved = await api(`/api/v1/csrs/${rotation.body.id}/approve`, { token: operator.token, json: { validityDays: 365 } });
    const replacement = approved.body.certificate;

    const after = await api(`/api/v1/certificates/${old.id}`, { token: t.engineer.token });
    expect(after.body).toMatchObject({ status: 'active', replacedById: replacement.id, rotationDue: false, replacedBy: { id: replacement.id, serialNumber: replacement.serialNumber } });
    expect((await api(`/api/v1/certificates/${replacement.id}`, { token: t.engineer.token })).body.replaces).toMatchObject({ id: old.id, serialNumber: old.serialNumber });
    await runExpiryScan({ at: new Date(Date.now() + 59 * DAY_MS), digest: false });
    expect(await remindersOf([old.id, revoked.id])).toEqual([]);
    expect((await remindersOf([replacement.id])).length).toBe(0); // 365 days: not yet due
    const due = await api('/api/v1/certificates?rotationDue=true', { token: t.engineer.token });
    expect(due.body.items.map((c: { id: string }) => c.id)).not.toContain(old.id);

    // Only an active, unreplaced certificate of one's own organization can be rotated; another
    // organization's is as unknown as one that never existed.
    const other = await seedTenant('replaced-other');
    const theirs = (await submitAndApprove(other.engineer, operator, 60)).certificate;
    const rotate = async (replacesCertificateId: string) =>
      api('/api/v1/csrs', { token: t.engineer.token, json: { csr: (await makeCsr(t.org.id)).pem, replacesCertificateId } });
    for (const [id, status, code] of [
      [theirs.id, 404, 'not_found'], [randomUUID(), 404, 'not_found'], [revoked.id, 409, 'certificate_not_active'], [old.id, 409, 'certificate_not_active'],
    ] as const) {
      const refused = await rotate(id);
      expect([refused.status, refused.body.error?.code]).toEqual([status, code]);
    }
    expect((await rotate(replacement.id)).status).toBe(201);
  });
});

describe('exactly once', () => {
  it('three scans racing (two here, one from the CLI in another process) record and queue each reminder once', async () => {
    const t = await seedTenant('race');
    const certs = [];
    for (let i = 0; i < 6; i++) certs.push((await submitAndApprove(t.engineer, operator, 10)).certificate);
    const cli = new Promise<{ code: number | null; out: string }>((resolve) => {
      const child = spawn(process.execPath, ['--import', 'tsx', 'cli/index.ts', 'jobs', 'run', 'expiry-scan'], { env: process.env, stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      child.stdout.on('data', (d) => (out += d));
      child.stderr.on('data', (d) => (out += d));
      child.on('exit', (code) => resolve({ code, out }));
    });
    await Promise.all([runExpiryScan({ digest: false }), runExpiryScan({ digest: false })]);
    const { code, out } = await cli;
    expect(code, out).toBe(0);
    expect(out).toMatch(/expiry scan: \d+ certificate\(s\) due/);

    const rows = await remindersOf(certs.map((c) => c.id));
    expect(rows.filter((r) => r.outcome === 'sent')).toHaveLength(12); // 6 certificates × 2 members, threshold 14
    expect(rows.filter((r) => r.outcome === 'skipped')).toHaveLength(12); // threshold 30
    expect(await mailTo([t.engineer.email, t.admin.email], 'expiry_reminder')).toHaveLength(12);
  });

  it('two delivery workers send every message once', async () => {
    const t = await seedTenant('twoworkers');
    for (let i = 0; i < 8; i++) await submitAndApprove(t.engineer, operator, 10);
    await runExpiryScan({ digest: false });
    const expected = await mailTo([t.engineer.email, t.admin.email]);
    expect(expected.length).toBeGreaterThanOrEqual(16 + 8); // reminders + "CSR approved" to the engineer
    const a = sparing(smtp.url);
    const b = sparing(smtp.url);
    // Failures are not counted here: another file's link mail, due meanwhile, is refused (above).
    await Promise.all([deliverDue(a, { limit: 5 }), deliverDue(b, { limit: 5 })]);
    const got = [...receivedBy(smtp, t.engineer.email), ...receivedBy(smtp, t.admin.email)];
    expect(got).toHaveLength(expected.length);
    expect(new Set(got.map((m) => m.messageId)).size).toBe(expected.length);
    await deliverDue(a); // nothing of this tenant's is left to send (other files' mail may be)
    expect([...receivedBy(smtp, t.engineer.email), ...receivedBy(smtp, t.admin.email)]).toHaveLength(expected.length);
    expect((await mailTo([t.engineer.email, t.admin.email])).every((m) => m.state === 'sent' && m.attempts === 1)).toBe(true);
  });

  it('an SMTP outage: mail waits with backoff, and is delivered exactly once when the server is back', async () => {
    const t = await seedTenant('outage');
    await submitAndApprove(t.engineer, operator, 10);
    await runExpiryScan({ digest: false });
    const port = await freePortNumber();
    const down = smtpTransport(`smtp://127.0.0.1:${port}`);
    const first = await deliverDue(down);
    expect(first.failed).toBeGreaterThanOrEqual(3);
    const waiting = await mailTo([t.engineer.email, t.admin.email]);
    expect(waiting).toHaveLength(3); // 2 reminders + CSR approved
    for (const m of waiting) {
      expect(m).toMatchObject({ state: 'pending', attempts: 1 });
      expect(m.lastError).toMatch(/ECONNREFUSED|connect/i);
      expect(m.nextAttemptAt.getTime()).toBeGreaterThan(Date.now() + backoffMs(1) - 5_000);
    }

    const back = await startSmtp(port);
    try {
      const up = sparing(back.url);
      // Not before the backoff ends. Other test files share the outbox and their mail may be
      // due meanwhile, so this looks at this tenant's messages, not at the global count.
      await deliverDue(up);
      expect([...receivedBy(back, t.engineer.email), ...receivedBy(back, t.admin.email)]).toHaveLength(0);
      expect((await mailTo([t.engineer.email, t.admin.email])).map((m) => [m.state, m.attempts])).toEqual([['pending', 1], ['pending', 1], ['pending', 1]]);
      setClock(() => new Date(Date.now() + backoffMs(1) + 1000));
      await deliverDue(up);
      await deliverDue(up);
      const got = [...receivedBy(back, t.engineer.email), ...receivedBy(back, t.admin.email)];
      expect(got).toHaveLength(3);
      expect(new Set(got.map((m) => m.messageId)).size).toBe(3);
      expect(got.find((m) => /expires in \d+ days/.test(m.subject))?.text).toContain(`/csrs/new?replaces=`);
      expect((await mailTo([t.engineer.email, t.admin.email])).map((m) => [m.state, m.attempts])).toEqual([['sent', 2], ['sent', 2], ['sent', 2]]);
    } finally {
      await back.close();
    }
  });

  it('a worker that dies mid-send hands its messages back when its lease ends', async () => {
    const t = await seedTenant('lease');
    const { csr } = await submitAndApprove(t.engineer, operator);
    // A worker that claims and then never finishes (its process died with the SMTP dialogue open).
    const hung = { sendMail: () => new Promise<never>(() => undefined) };
    void deliverDue(hung, { limit: 500 });
    await expect.poll(async () => (await db().mailMessage.findUniqueOrThrow({ where: { key: `csr_approved:${csr.id}` } })).attempts).toBe(1);
    const live = sparing(smtp.url);
    await deliverDue(live); // other test files' mail may be due meanwhile; this message is not
    expect(await db().mailMessage.findUniqueOrThrow({ where: { key: `csr_approved:${csr.id}` } })).toMatchObject({ state: 'pending', attempts: 1 });
    expect(receivedBy(smtp, t.engineer.email)).toHaveLength(0); // still leased
    setClock(() => new Date(Date.now() + LEASE_MS + 1000));
    await deliverDue(live);
    expect(receivedBy(smtp, t.engineer.email).filter((m) => m.subject.startsWith('Certificate issued'))).toHaveLength(1);
    expect(await db().mailMessage.findUniqueOrThrow({ where: { key: `csr_approved:${csr.id}` } })).toMatchObject({ state: 'sent', attempts: 2 });
  });
});

describe('event mails', () => {
  it('approval, rejection, revocation and invitation write their mail in the same transaction', async () => {
    const t = await seedTenant('events');
    const { certificate, csr } = await submitAndApprove(t.engineer, operator);
    expect(await db().mailMessage.findUnique({ where: { key: `csr_approved:${csr.id}` } })).toMatchObject({ recipient: t.engineer.email, state: 'pending' });

    const { makeCsr } = await import('../helpers');
    const submitted = await api('/api/v1/csrs', { token: t.engineer.token, json: { csr: (await makeCsr(t.org.id)).pem } });
    await api(`/api/v1/csrs/${submitted.body.id}/reject`, { token: operator.token, json: { reason: 'Use a P-384 key, please.' } });
    const rejected = await db().mailMessage.findUniqueOrThrow({ where: { key: `csr_rejected:${submitted.body.id}` } });
    expect(rejected.payload).toMatchObject({ reason: 'Use a P-384 key, please.' });

    await api(`/api/v1/certificates/${certificate.id}/revoke`, { token: t.admin.token, json: { reason: 'superseded' } });
    expect((await mailTo([t.engineer.email, t.admin.email], 'certificate_revoked')).map((m) => m.recipient).sort()).toEqual([t.admin.email, t.engineer.email].sort());

    // A refused action writes no mail: the transaction rolled back.
    const again = await api(`/api/v1/csrs/${csr.id}/approve`, { token: operator.token, json: {} });
    expect(again.status).toBe(409);
    expect(await db().mailMessage.count({ where: { key: { startsWith: `csr_approved:${csr.id}` } } })).toBe(1);

    const invitee = `invitee-${t.org.id}@example.test`;
    const invited = await api(`/api/v1/orgs/${t.org.id}/invitations`, { token: t.admin.token, json: { email: invitee, role: 'engineer' } });
    expect(invited.status).toBe(201);
    const token = new URL(invited.body.url).pathname.split('/').pop()!;
    const stored = await db().mailMessage.findFirstOrThrow({ where: { recipient: invitee, kind: 'invitation' } });
    expect(JSON.stringify(stored.payload)).not.toContain(token); // the link is sealed at rest

    const preview = await api(`/api/v1/mail-outbox/${stored.id}`, { token: operator.token });
    expect(preview.status).toBe(200);
    expect(preview.body.rendered.html).not.toContain(token);
    expect(preview.body.rendered.text).toContain('sealed until delivery');

    ownLinkMail.add(invitee);
    await deliverDue(sparing(smtp.url));
    const mail = receivedBy(smtp, invitee)[0];
    expect(mail.subject).toContain(`${t.org.name}`);
    expect(mail.text).toContain(`/invite/${token}`);
    const sent = await db().mailMessage.findUniqueOrThrow({ where: { id: stored.id } });
    expect(sent.state).toBe('sent');
    expect((sent.payload as { sealedUrl: string | null }).sealedUrl).toBeNull(); // erased after delivery

    // Opening the link writes no line holding it to the server's log (Next's request log in dev).
    expect((await api(`/invite/${token}`)).status).toBe(200);
    expect((await api(`/api/invitations/${token}`)).status).toBe(200);
    await new Promise((r) => setTimeout(r, 500));
    expect(readFileSync(inject('serverLog'), 'utf8')).not.toContain(token);
  });

  it('a password reset: the link sealed at rest, delivered over SMTP, erased once sent, and never in the log', async () => {
    const t = await seedTenant('resetmail');
    expect((await api('/api/password-resets', { json: { email: t.engineer.email } })).status).toBe(202);
    // Written just after the answer (lib/orgs/password-reset), so that its time names no account.
    const stored = await vi.waitFor(() => db().mailMessage.findFirstOrThrow({ where: { recipient: t.engineer.email, kind: 'password_reset' } }), { timeout: 10_000, interval: 50 });
    const preview = await api(`/api/v1/mail-outbox/${stored.id}`, { token: operator.token });
    expect(preview.body.rendered.text).toContain('[the reset link: sealed until delivery]');

    ownLinkMail.add(t.engineer.email);
    await deliverDue(sparing(smtp.url));
    const [mail] = receivedBy(smtp, t.engineer.email);
    expect(mail.subject).toBe('Trustgate: choose a new password');
    const link = /(http\S+\/reset-password\/[A-Za-z0-9_-]{43})/.exec(mail.text)?.[1];
    expect(link).toBeDefined();
    const sent = await db().mailMessage.findUniqueOrThrow({ where: { id: stored.id } });
    expect([sent.state, (sent.payload as { sealedUrl: string | null }).sealedUrl]).toEqual(['sent', null]);

    const token = new URL(link!).pathname.split('/').pop()!;
    expect((await api(`/reset-password/${token}`)).status).toBe(200);
    expect((await api(`/api/password-resets/${token}/complete`, { json: { password: 'from-the-mailed-link' } })).status).toBe(200);
    expect(await signIn(t.engineer.email, 'from-the-mailed-link')).toBeTruthy();
    await new Promise((r) => setTimeout(r, 500));
    expect(readFileSync(inject('serverLog'), 'utf8')).not.toContain(token);
  });
});

describe("other test files' mail", () => {
  it('a link mail this file did not make stays pending and sealed through its delivery runs', async () => {
    const elsewhere = await seedTenant('elsewhere');
    const { url } = await createPasswordResetLink(cliActor, elsewhere.engineer.email);
    const stored = await db().mailMessage.findFirstOrThrow({ where: { recipient: elsewhere.engineer.email, kind: 'password_reset' } });
    await deliverDue(sparing(smtp.url));
    const after = await db().mailMessage.findUniqueOrThrow({ where: { id: stored.id } });
    expect([after.state, (after.payload as { sealedUrl: string | null }).sealedUrl !== null]).toEqual(['pending', true]);
    expect(receivedBy(smtp, elsewhere.engineer.email)).toHaveLength(0);
    expect(url).toMatch(/\/reset-password\//);
  });
});

describe('dashboard and outbox APIs', () => {
  it('counts by state, the rotation-due list and 13 weekly buckets, scoped to the organization', async () => {
    const t = await seedTenant('dash');
    const other = await seedTenant('dashother');
    await submitAndApprove(t.engineer, operator, 20); // rotation due, expires in week 2
    await submitAndApprove(t.engineer, operator, 365);
    const revoked = (await submitAndApprove(t.engineer, operator, 100)).certificate;
    await api(`/api/v1/certificates/${revoked.id}/revoke`, { token: t.admin.token, json: {} });
    await submitAndApprove(other.engineer, operator, 5);

    const res = await api('/api/v1/dashboard', { token: t.engineer.token });
    expect(res.status).toBe(200);
    expect(res.body.orgId).toBe(t.org.id);
    expect(res.body.certificates).toEqual({ valid: 1, rotationDue: 1, replaced: 0, expired: 0, revoked: 1, total: 3 });
    expect(res.body.rotationDue.map((c: { daysUntilExpiry: number }) => c.daysUntilExpiry)).toEqual([19]);
    expect(res.body.expiringByWeek).toHaveLength(13);
    expect(res.body.expiringByWeek.map((w: { count: number }) => w.count)).toEqual([0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
    expect(res.body.pendingCsrs).toBeUndefined(); // operator-only figures

    // Another organization's figures are out of reach: the query parameter is ignored for members.
    const sneaky = await api(`/api/v1/dashboard?orgId=${other.org.id}`, { token: t.engineer.token });
    expect(sneaky.body.orgId).toBe(t.org.id);
    // The queue's figures follow the chosen organization too: the other's one waiting CSR, not this one's.
    expect((await api('/api/v1/csrs', { token: other.engineer.token, json: { csr: (await makeCsr(other.org.id)).pem } })).status).toBe(201);
    const ops = await api(`/api/v1/dashboard?orgId=${other.org.id}`, { token: operator.token });
    expect(ops.body.certificates).toMatchObject({ rotationDue: 1, total: 1 });
    expect(ops.body.outbox).toMatchObject({ smtpConfigured: false });
    expect([ops.body.pendingCsrs, ops.body.pendingRotations]).toEqual([1, 0]);
    expect((await api(`/api/v1/dashboard?orgId=${t.org.id}`, { token: operator.token })).body.pendingCsrs).toBe(0);
    expect((await api('/api/v1/dashboard?orgId=no-such-org', { token: operator.token })).status).toBe(404);
  });

  it('a certificate replaced by a rotation still shows in the week it expires, to members and operators alike', async () => {
    const t = await seedTenant('dashrotated');
    const old = (await submitAndApprove(t.engineer, operator, 1)).certificate;
    const { pem } = await makeCsr(t.org.id);
    const rotation = await api('/api/v1/csrs', { token: t.engineer.token, json: { csr: pem, replacesCertificateId: old.id } });
    expect((await api(`/api/v1/csrs/${rotation.body.id}/approve`, { token: operator.token, json: { validityDays: 365 } })).status).toBe(200);
    const notAfter = new Date(old.notAfter).getTime();
    const orgActor = { userId: randomUUID(), email: 'x@example.test', role: 'org_admin' as const, orgId: t.org.id, address: null, via: 'token' as const };
    const opsActor = { ...orgActor, role: 'operator' as const, orgId: null };
    // Now (a day to go), and an hour before it expires: then it expires on the current UTC day, the boundary read row by row.
    for (const at of [Date.now(), notAfter - 3_600_000]) {
      setClock(() => new Date(at));
      const mine = await getDashboard(orgActor, {});
      expect(mine.certificates, new Date(at).toISOString()).toMatchObject({ replaced: 1, rotationDue: 0, valid: 1 });
      expect(mine.expiringByWeek[0].count, new Date(at).toISOString()).toBe(1);
      expect((await getDashboard(opsActor, { orgId: t.org.id })).expiringByWeek[0].count).toBe(1);
      expect((await getDashboard(opsActor, {})).expiringByWeek[0].count).toBeGreaterThanOrEqual(1);
    }
  });

  it('per-day totals kept by triggers give exactly the counts a row-by-row count gives, at any instant', async () => {
    const org = await seedOrg('daycount');
    const base = Date.now();
    const rand = (n: number) => Math.floor(Math.random() * n);
    const rows = Array.from({ length: 300 }, (_, i) => ({ id: randomUUID(), notAfter: new Date(base + (rand(160) - 40) * DAY_MS + rand(DAY_MS)), i }));
    // Certificates straight into the table: the triggers under test see ordinary INSERTs.
    await db().$executeRaw`
      INSERT INTO "Certificate" (id, "orgId", "serialNumber", subject, issuer, "notBefore", "notAfter", "rotationDueAt", "fingerprintSha256", "publicKeySha256", "keyAlgorithm", pem)
      SELECT x.id, ${org.id}, md5(x.id::text), 'CN=' || ${org.id}, 'CN=test', now(), x.na, x.na - interval '30 days', md5('f' || x.id::text), md5('k' || x.id::text), 'EC P-256', ''
      FROM json_to_recordset(${JSON.stringify(rows.map((r) => ({ id: r.id, na: r.notAfter })))}::json) AS x(id uuid, na timestamptz)`;
    const ids = rows.map((r) => r.id);
    await db().certificate.updateMany({ where: { id: { in: ids.slice(0, 40) } }, data: { status: 'revoked', revokedAt: new Date() } });
    await db().certificate.updateMany({ where: { id: { in: ids.slice(40, 80) } }, data: { replacedById: ids[299] } });
    await db().$executeRaw`UPDATE "Certificate" SET "notAfter" = "notAfter" + interval '3 days 5 hours', "rotationDueAt" = "rotationDueAt" + interval '3 days 5 hours' WHERE id = ANY(${ids.slice(70, 100)}::uuid[])`;
    await db().certificate.deleteMany({ where: { id: { in: ids.slice(100, 110) } } });

    // The totals across all organizations, against the certificates, in one statement (one
    // snapshot: other test files write certificates meanwhile).
    const [drift] = await db().$queryRaw<{ days: bigint; orgs: bigint }[]>`
      WITH per_day AS (SELECT ("notAfter" AT TIME ZONE 'UTC')::date AS day, certificate_expiry_state(status, "replacedById") AS state, count(*)::int AS n
                       FROM "Certificate" GROUP BY 1, 2),
           per_org AS (SELECT "orgId", count(*)::int AS n FROM "Certificate" GROUP BY 1)
      SELECT (SELECT count(*) FROM per_day FULL JOIN (SELECT * FROM "CertificateDayTotal" WHERE count <> 0) t USING (day, state)
              WHERE per_day.n IS DISTINCT FROM t.count) AS days,
             (SELECT count(*) FROM per_org FULL JOIN (SELECT * FROM "OrganizationCertificateCount" WHERE count <> 0) c USING ("orgId")
              WHERE per_org.n IS DISTINCT FROM c.count) AS orgs`;
    expect(drift).toEqual({ days: 0n, orgs: 0n });

    const actor = { userId: randomUUID(), email: 'x@example.test', role: 'org_admin' as const, orgId: org.id, address: null, via: 'token' as const };
    const ops = { ...actor, role: 'operator' as const, orgId: null };
    const stored = await db().certificate.findMany({ where: { orgId: org.id } });
    expect((await api('/api/v1/orgs', { token: operator.token })).body.items.find((o: { id: string }) => o.id === org.id).certificates).toBe(stored.length);
    const instants = [base, base + 3 * DAY_MS + 777, stored[5].notAfter.getTime(), stored[6].notAfter.getTime() - 30 * DAY_MS, base + 45 * DAY_MS];
    for (const at of instants) {
      setClock(() => new Date(at));
      const dueBy = at + 30 * DAY_MS;
      const truth = { valid: 0, rotationDue: 0, replaced: 0, expired: 0, revoked: 0, total: stored.length };
      for (const c of stored) {
        const t = c.notAfter.getTime();
        if (c.status === 'revoked') truth.revoked++;
        else if (t <= at) truth.expired++;
        else if (c.replacedById) truth.replaced++;
        else if (t <= dueBy) truth.rotationDue++;
        else truth.valid++;
      }
      const dashboard = await getDashboard(actor, {});
      expect(dashboard.certificates, new Date(at).toISOString()).toEqual(truth);
      // The operator's figures and ranking (this organization has far more due than any other test's).
      const ranked = (await getDashboard(ops, {})).organizations!.find((o) => o.orgId === org.id);
      expect(ranked?.rotationDue ?? 0, new Date(at).toISOString()).toBe(truth.rotationDue);
      const dayOf = (ms: number) => Date.parse(new Date(ms).toISOString().slice(0, 10));
      const weeks = new Array(13).fill(0);
      for (const c of stored) {
        const week = Math.floor((dayOf(c.notAfter.getTime()) - dayOf(at)) / (7 * DAY_MS));
        if (c.status === 'active' && c.notAfter.getTime() > at && week < 13) weeks[week]++;
      }
      expect(dashboard.expiringByWeek.map((w) => w.count)).toEqual(weeks);
    }
  });

  it('the outbox is for operators; a sent message cannot be retried; bad IDs are 404', async () => {
    const t = await seedTenant('outboxapi');
    expect((await api('/api/v1/mail-outbox', { token: t.admin.token })).status).toBe(403);
    const { csr } = await submitAndApprove(t.engineer, operator);
    const list = await api('/api/v1/mail-outbox?state=pending&limit=200', { token: operator.token });
    const item = list.body.items.find((m: { key: string }) => m.key === `csr_approved:${csr.id}`);
    expect(item).toMatchObject({ kind: 'csr_approved', kindLabel: 'CSR approved', state: 'pending', recipient: t.engineer.email });
    expect((await api(`/api/v1/mail-outbox/${item.id}/retry`, { token: operator.token, json: {} })).status).toBe(200);
    await deliverDue(sparing(smtp.url));
    const retry = await api(`/api/v1/mail-outbox/${item.id}/retry`, { token: operator.token, json: {} });
    expect(retry.status).toBe(409);
    expect((await api('/api/v1/mail-outbox/not-a-uuid', { token: operator.token })).status).toBe(404);
    // A payload its template cannot render (an older version's, say) is listed, not a 500 for the
    // whole outbox, and its preview says why.
    const odd = await db().mailMessage.create({ data: { key: `odd:${randomUUID()}`, kind: 'csr_approved', recipient: 'odd@example.test', payload: { kind: 'csr_approved' }, state: 'failed' } });
    const failedList = await api('/api/v1/mail-outbox?state=failed&limit=200', { token: operator.token });
    expect(failedList.status).toBe(200);
    expect(failedList.body.items.find((m: { id: string }) => m.id === odd.id)).toMatchObject({ subject: '(this message cannot be rendered)', kindLabel: 'CSR approved' });
    const preview = await api(`/api/v1/mail-outbox/${odd.id}`, { token: operator.token });
    expect([preview.status, preview.body.error.code]).toEqual([409, 'conflict']);
    expect(preview.body.error.message).toMatch(/^This message cannot be rendered: /);
    await db().mailMessage.delete({ where: { id: odd.id } });
    expect((await api(`/api/v1/mail-outbox/${item.id}/retry`, { token: t.admin.token, json: {} })).status).toBe(403);
  });

  it('the sent count the triggers keep follows every way into and out of "sent"', async () => {
    const marker = randomUUID();
    await db().$executeRaw`
      INSERT INTO "MailMessage" (id, key, kind, recipient, payload, state)
      SELECT gen_random_uuid(), ${marker} || ':' || g, 'csr_approved', ${marker} || '@example.test',
        jsonb_build_object('kind', 'csr_approved', 'csrId', gen_random_uuid(), 'certificateId', gen_random_uuid(), 'serialNumber', '01',
          'subject', 'CN=count', 'notAfter', '2030-01-01T00:00:00.000Z'),
        (CASE WHEN g % 3 = 0 THEN 'sent' ELSE 'pending' END)::"MailState"
      FROM generate_series(1, 30) g`;
    const ours = (state?: string) => Prisma.sql`recipient = ${`${marker}@example.test`} ${state ? Prisma.sql`AND state = ${state}::"MailState"` : Prisma.empty}`;
    await db().$executeRaw`UPDATE "MailMessage" SET state = 'sent', "sentAt" = now() WHERE ${ours('pending')} AND key LIKE '%1'`;
    await db().$executeRaw`UPDATE "MailMessage" SET state = 'failed' WHERE ${ours('sent')} AND key LIKE '%3'`;
    await db().$executeRaw`UPDATE "MailMessage" SET attempts = attempts + 1 WHERE ${ours()}`;
    await db().$executeRaw`DELETE FROM "MailMessage" WHERE ${ours('sent')} AND key LIKE '%9'`;
    await deliverDue(sparing(smtp.url)); // and whatever the delivery worker sends meanwhile
    // One statement, one snapshot: other test files send mail meanwhile.
    const [both] = await db().$queryRaw<{ kept: bigint; counted: bigint }[]>`
      SELECT (SELECT count FROM "MailSentCount" WHERE id = 1) AS kept, (SELECT count(*) FROM "MailMessage" WHERE state = 'sent') AS counted`;
    expect(both.kept).toBe(both.counted);
    expect(both.counted).toBeGreaterThan(0n);
    const summary = (await api('/api/v1/mail-outbox?limit=1', { token: operator.token })).body.summary;
    expect(summary.sent).toBeGreaterThanOrEqual(Number(both.counted));
  });

  it('the outbox pages through mails queued in one transaction, which share their createdAt', async () => {
    const marker = randomUUID();
    const at = new Date(Date.now() - 3_600_000);
    await db().$executeRaw`
      INSERT INTO "MailMessage" (id, key, kind, recipient, payload, state, "createdAt")
      SELECT gen_random_uuid(), ${marker} || ':' || g, 'csr_approved', ${marker} || '@example.test',
        jsonb_build_object('kind', 'csr_approved', 'csrId', gen_random_uuid(), 'certificateId', gen_random_uuid(), 'serialNumber', '01',
          'subject', 'CN=tie', 'notAfter', '2030-01-01T00:00:00.000Z'),
        'failed', ${at}
      FROM generate_series(1, 120) g`;
    const seen: string[] = [];
    let cursor = '';
    for (let pages = 0; pages < 100; pages += 1) {
      const page = await api(`/api/v1/mail-outbox?state=failed&limit=50${cursor ? `&cursor=${cursor}` : ''}`, { token: operator.token });
      expect(page.status).toBe(200);
      seen.push(...page.body.items.map((m: { id: string }) => m.id));
      if (!page.body.nextCursor) break;
      cursor = page.body.nextCursor;
    }
    const ours = await db().mailMessage.findMany({ where: { recipient: `${marker}@example.test` }, select: { id: true } });
    expect(new Set(seen).size).toBe(seen.length);
    expect(ours.map((m) => m.id).filter((id) => !seen.includes(id))).toEqual([]);
    expect((await api('/api/v1/mail-outbox?cursor=bm90LWEtY3Vyc29y', { token: operator.token })).status).toBe(400);
  });

  it('operators get one digest a day, however often the scan runs', async () => {
    const t = await seedTenant('digest');
    await submitAndApprove(t.engineer, operator, 10);
    const at = new Date(Date.now() + 2 * DAY_MS);
    await runExpiryScan({ at });
    await runExpiryScan({ at });
    const date = at.toISOString().slice(0, 10);
    const digests = await db().mailMessage.findMany({ where: { recipient: operator.email, kind: 'operator_digest', key: { contains: `:${date}:` } } });
    expect(digests).toHaveLength(1);
    expect(digests[0].key).toBe(`operator_digest:${date}:${(await db().user.findUniqueOrThrow({ where: { email: operator.email } })).id}`);
    expect((digests[0].payload as { total: number }).total).toBeGreaterThanOrEqual(1);
  });
});
