// Suspending an organization (operators): its certificates are refused on the mTLS port, its OAuth
// clients get no tokens, nothing new is made for it, and resuming brings all of it back.
import { describe, expect, it } from 'vitest';
import { api, makeCsr, seedTenant, seedUser, submitAndApprove } from '../helpers';
import { clientToken, createClient, basic, postForm } from '../oauth-helpers';
import { issueIdentity, sandboxCall } from '../mtls-helpers';

/** The change reaches every instance's caches by NOTIFY (OAuth clients) or within a second (mTLS). */
async function eventually<T>(probe: () => Promise<T>, done: (value: T) => boolean): Promise<T> {
  let value = await probe();
  for (let i = 0; i < 40 && !done(value); i += 1) {
    await new Promise((r) => setTimeout(r, 100));
    value = await probe();
  }
  return value;
}

describe('organization suspension', () => {
  it('only operators suspend and resume; twice is a conflict; both are audited', async () => {
    const { org, admin, engineer } = await seedTenant('suspend-roles');
    const operator = await seedUser('operator');
    for (const who of [engineer, admin]) {
      expect((await api(`/api/v1/orgs/${org.id}/suspend`, { token: who.token, json: {} })).status).toBe(403);
    }
    expect((await api('/api/v1/orgs/no-such-org/suspend', { token: operator.token, json: {} })).status).toBe(404);

    const suspended = await api(`/api/v1/orgs/${org.id}/suspend`, { token: operator.token, json: {} });
    expect([suspended.status, suspended.body.active]).toEqual([200, false]);
    const again = await api(`/api/v1/orgs/${org.id}/suspend`, { token: operator.token, json: {} });
    expect([again.status, again.body.error.code]).toEqual([409, 'conflict']);
    expect((await api(`/api/v1/orgs/${org.id}`, { token: operator.token })).body.active).toBe(false);
    expect((await api('/api/v1/orgs', { token: operator.token })).body.items.find((o: { id: string }) => o.id === org.id).active).toBe(false);

    const resumed = await api(`/api/v1/orgs/${org.id}/resume`, { token: operator.token, json: {} });
    expect([resumed.status, resumed.body.active]).toEqual([200, true]);
    expect((await api(`/api/v1/orgs/${org.id}/resume`, { token: operator.token, json: {} })).status).toBe(409);
    const audit = await api(`/api/v1/audit?orgId=${org.id}`, { token: operator.token });
    const actions = audit.body.items.map((e: { action: string }) => e.action);
    expect(actions.filter((a: string) => a.startsWith('organization.s') || a.startsWith('organization.r'))).toEqual(['organization.resume', 'organization.suspend']);
  });

  it('a suspended organization is refused everywhere, keeps everything, and works again once resumed', async () => {
    const { org, admin, engineer } = await seedTenant('suspend-all');
    const operator = await seedUser('operator');
    const identity = await issueIdentity(engineer, operator);
    const client = await createClient(engineer);
    const pending = await api('/api/v1/csrs', { token: engineer.token, json: { csr: (await makeCsr(org.id)).pem } });
    expect(pending.status).toBe(201);
    const paid = () => sandboxCall(identity, { method: 'GET', path: '/sandbox/v1/payments/00000000-0000-0000-0000-000000000000' });
    expect((await paid()).body.error?.layer).not.toBe('mtls');

    expect((await api(`/api/v1/orgs/${org.id}/suspend`, { token: operator.token, json: {} })).status).toBe(200);

    // The mTLS listener and the token endpoint.
    const refused = await eventually(paid, (r) => r.body?.error?.code === 'organization_inactive');
    expect([refused.status, refused.body.error.layer, refused.body.error.code]).toEqual([401, 'mtls', 'organization_inactive']);
    const token = await eventually(
      () => postForm('/oauth/token', { grant_type: 'client_credentials' }, { headers: basic(client.clientId, client.clientSecret) }),
      (r) => r.status !== 200,
    );
    expect(token.status).toBeGreaterThanOrEqual(400);
    expect(token.status).toBeLessThan(500);

    // Nothing new: CSRs, approvals, OAuth clients and secrets, invitations.
    const inactive = async (res: Promise<{ status: number; body: any }>) => {
      const r = await res;
      return [r.status, r.body.error?.code];
    };
    expect(await inactive(api('/api/v1/csrs', { token: engineer.token, json: { csr: (await makeCsr(org.id)).pem } }))).toEqual([422, 'organization_inactive']);
    expect(await inactive(api(`/api/v1/csrs/${pending.body.id}/approve`, { token: operator.token, json: {} }))).toEqual([422, 'organization_inactive']);
    expect(await inactive(api('/api/v1/oauth-clients', { token: admin.token, json: { name: 'new', scopes: ['payments:read'] } }))).toEqual([422, 'organization_inactive']);
    expect(await inactive(api(`/api/v1/oauth-clients/${client.id}/secrets`, { token: admin.token, json: {} }))).toEqual([422, 'organization_inactive']);
    for (const who of [admin, operator]) {
      expect(await inactive(api(`/api/v1/orgs/${org.id}/invitations`, { token: who.token, json: { email: `x-${Date.now()}@example.test`, role: 'engineer' } }))).toEqual([422, 'organization_inactive']);
    }
    // What it has is kept, and readable by its members.
    expect((await api(`/api/v1/csrs/${pending.body.id}`, { token: engineer.token })).body.status).toBe('pending');
    expect((await api(`/api/v1/certificates/${identity.certificateId}`, { token: engineer.token })).body.status).toBe('active');

    // Resumed: the same certificate, client and pending CSR work again.
    expect((await api(`/api/v1/orgs/${org.id}/resume`, { token: operator.token, json: {} })).status).toBe(200);
    const back = await eventually(paid, (r) => r.body?.error?.layer !== 'mtls');
    expect(back.body.error?.layer).not.toBe('mtls');
    const again = await eventually(
      () => postForm('/oauth/token', { grant_type: 'client_credentials' }, { headers: basic(client.clientId, client.clientSecret) }),
      (r) => r.status === 200,
    );
    expect(again.status).toBe(200);
    expect((await api(`/api/v1/csrs/${pending.body.id}/approve`, { token: operator.token, json: {} })).status).toBe(200);
    await expect(submitAndApprove(engineer, operator)).resolves.toBeTruthy();
    await expect(clientToken(client.clientId, client.clientSecret)).resolves.toBeTruthy();
  });
});
