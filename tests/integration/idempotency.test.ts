// Idempotency-Key beyond the plain replay (access.test.ts): responses that carry a secret are
// kept without it and not replayed, the query and the content type are part of the request, and
// a key is remembered for 24 hours.
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { pool } from '../../lib/db/client';
import { pruneIdempotencyRecords } from '../../lib/http/idempotency';
import { api, makeCsr, seedTenant, seedUser, submitAndApprove, type Member } from '../helpers';

let operator: Member;
let t: Awaited<ReturnType<typeof seedTenant>>;

beforeAll(async () => {
  operator = await seedUser('operator');
  t = await seedTenant('idem');
});

const storedFor = async (key: string) =>
  (await pool().query('SELECT body, "secretWithheld" FROM "IdempotencyRecord" WHERE key = $1', [key])).rows;

describe('secret-bearing answers', () => {
  // [what, path, body, who, the secret's field, where the object's id is in the answer]
  const cases = (): [string, string, unknown, () => Member, string, (body: any) => string][] => [
    ['OAuth client', '/api/v1/oauth-clients', { name: 'idem', scopes: ['payments:read'] }, () => t.engineer, 'clientSecret', (b) => b.id],
    ['API token', '/api/v1/tokens', { name: 'idem' }, () => t.engineer, 'token', (b) => b.apiToken.id],
    ['invitation', `/api/v1/orgs/${t.org.id}/invitations`, { email: `${randomUUID()}@example.test` }, () => t.admin, 'url', (b) => b.invitation.id],
  ];

  it.each(['OAuth client', 'API token', 'invitation'])('%s: stored without the secret; a retry gets 409 with the rest of the answer', async (name) => {
    const [what, path, body, who, field, idOf] = cases().find((c) => c[0] === name)!;
    const key = `secret-${randomUUID()}`;
    const first = await api(path, { token: who().token, json: body, headers: { 'idempotency-key': key } });
    expect(first.status, what).toBe(201);
    const secret: string = first.body[field];
    expect(secret.length).toBeGreaterThan(20);

    const rows = await storedFor(key);
    expect(rows).toHaveLength(1);
    expect(rows[0].secretWithheld).toBe(true);
    expect(JSON.stringify(rows[0].body)).not.toContain(secret);
    expect(idOf(rows[0].body)).toBe(idOf(first.body));

    const retry = await api(path, { token: who().token, json: body, headers: { 'idempotency-key': key } });
    expect([retry.status, retry.body.error.code]).toEqual([409, 'idempotency_secret_withheld']);
    expect(retry.text).not.toContain(secret);
    expect(retry.body.error.original.status).toBe(201);
    expect(idOf(retry.body.error.original.body)).toBe(idOf(first.body));
  });

  it('a rotated client secret is withheld too, and the first answer\'s secret works', async () => {
    const client = (await api('/api/v1/oauth-clients', { token: t.engineer.token, json: { name: 'rot', scopes: ['payments:read'] } })).body;
    const key = `rotate-${randomUUID()}`;
    const first = await api(`/api/v1/oauth-clients/${client.id}/secrets`, { token: t.engineer.token, json: {}, headers: { 'idempotency-key': key } });
    expect(first.status).toBe(201);
    expect(JSON.stringify((await storedFor(key))[0].body)).not.toContain(first.body.clientSecret);
    const retry = await api(`/api/v1/oauth-clients/${client.id}/secrets`, { token: t.engineer.token, json: {}, headers: { 'idempotency-key': key } });
    expect([retry.status, retry.body.error.code]).toEqual([409, 'idempotency_secret_withheld']);
    const token = await api('/oauth/token', {
      body: new URLSearchParams({ grant_type: 'client_credentials', client_id: client.clientId, client_secret: first.body.clientSecret }),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(token.status).toBe(200);
  });

  it('answers without a secret are still replayed in full', async () => {
    const key = `csr-${randomUUID()}`;
    const pem = (await makeCsr(t.org.id)).pem;
    const first = await api('/api/v1/csrs', { token: t.engineer.token, json: { csr: pem }, headers: { 'idempotency-key': key } });
    const again = await api('/api/v1/csrs', { token: t.engineer.token, json: { csr: pem }, headers: { 'idempotency-key': key } });
    expect([again.status, again.headers.get('idempotent-replayed')]).toEqual([201, 'true']);
    expect(again.body).toEqual(first.body);
    expect((await storedFor(key))[0].secretWithheld).toBe(false);
  });
});

describe('what makes two requests the same', () => {
  it('the query string counts: a raw CSR with and without replacesCertificateId differ', async () => {
    const key = `raw-${randomUUID()}`;
    const pem = (await makeCsr(t.org.id)).pem;
    const raw = (query = '') => api(`/api/v1/csrs${query}`, { token: t.engineer.token, body: pem, headers: { 'content-type': 'application/pkcs10', 'idempotency-key': key } });
    expect((await raw()).status).toBe(201);
    const cert = (await submitAndApprove(t.engineer, operator)).certificate;
    const other = await raw(`?replacesCertificateId=${cert.id}`);
    expect([other.status, other.body.error?.code]).toEqual([422, 'idempotency_key_reused']);
  });

  it('the content type counts: the same bytes as JSON and as something else differ', async () => {
    const key = `type-${randomUUID()}`;
    const body = JSON.stringify({ name: 'ct', scopes: ['payments:read'] });
    const first = await api('/api/v1/oauth-clients', { token: t.engineer.token, body, headers: { 'content-type': 'application/json', 'idempotency-key': key } });
    expect(first.status).toBe(201);
    const other = await api('/api/v1/oauth-clients', { token: t.engineer.token, body, headers: { 'content-type': 'application/vnd.api+json', 'idempotency-key': key } });
    expect([other.status, other.body.error?.code]).toEqual([422, 'idempotency_key_reused']);
  });
});

describe('24 hours', () => {
  it('a key older than a day names a new request, and the upkeep deletes such records', async () => {
    const key = `old-${randomUUID()}`;
    const body = { name: 'old', scopes: ['payments:read'] };
    const first = await api('/api/v1/oauth-clients', { token: t.engineer.token, json: body, headers: { 'idempotency-key': key } });
    await pool().query(`UPDATE "IdempotencyRecord" SET "createdAt" = now() - interval '25 hours' WHERE key = $1`, [key]);
    const second = await api('/api/v1/oauth-clients', { token: t.engineer.token, json: body, headers: { 'idempotency-key': key } });
    expect(second.status).toBe(201);
    expect(second.body.id).not.toBe(first.body.id);

    await pool().query(`UPDATE "IdempotencyRecord" SET "createdAt" = now() - interval '25 hours' WHERE key = $1`, [key]);
    const fresh = `fresh-${randomUUID()}`;
    await api('/api/v1/tokens', { token: t.engineer.token, json: { name: 'fresh' }, headers: { 'idempotency-key': fresh } });
    expect(await pruneIdempotencyRecords()).toBeGreaterThanOrEqual(1);
    expect(await storedFor(key)).toEqual([]);
    expect(await storedFor(fresh)).toHaveLength(1);
  });
});
