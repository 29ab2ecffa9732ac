// Removing a member and withdrawing an invitation (org admins and operators): access ends at once,
// another organization sees 404, the audit log records both, and a removed member can be invited back.
import { describe, expect, it } from 'vitest';
import { api, seedTenant, seedUser } from '../helpers';
import { db } from '../../lib/db/client';

const orgOf = async (orgId: string, token: string) => (await api(`/api/v1/orgs/${orgId}`, { token })).body;
const idOf = async (email: string) => (await db().user.findUniqueOrThrow({ where: { email }, select: { id: true } })).id;

describe('members', () => {
  it('an org admin removes a member: their API token fails at once, they leave the list, and it is audited', async () => {
    const { org, admin, engineer } = await seedTenant('remove');
    const operator = await seedUser('operator');
    expect((await api('/api/v1/me', { token: engineer.token })).status).toBe(200);
    const engineerId = await idOf(engineer.email);
    const path = `/api/v1/orgs/${org.id}/members/${engineerId}`;

    // Who may not: the engineer (403), another organization's admin (404), anyone for themselves (409).
    expect((await api(path, { token: engineer.token, method: 'DELETE' })).status).toBe(403);
    const other = await seedTenant('remove-other');
    expect((await api(path, { token: other.admin.token, method: 'DELETE' })).status).toBe(404);
    expect((await api(`/api/v1/orgs/${other.org.id}/members/${engineerId}`, { token: other.admin.token, method: 'DELETE' })).status).toBe(404);
    const self = await api(`/api/v1/orgs/${org.id}/members/${await idOf(admin.email)}`, { token: admin.token, method: 'DELETE' });
    expect([self.status, self.body.error.code]).toEqual([409, 'conflict']);

    const removed = await api(path, { token: admin.token, method: 'DELETE' });
    expect([removed.status, removed.body.email]).toEqual([200, engineer.email]);
    const me = await api('/api/v1/me', { token: engineer.token });
    expect([me.status, me.body.error.code]).toEqual([401, 'unauthenticated']);
    expect((await orgOf(org.id, admin.token)).members.map((m: { email: string }) => m.email)).toEqual([admin.email]);
    const listed = (await api('/api/v1/orgs', { token: operator.token })).body.items.find((o: { id: string }) => o.id === org.id);
    expect(listed.members).toBe(1);
    expect((await api(path, { token: admin.token, method: 'DELETE' })).status).toBe(404); // gone already
    const audit = await api(`/api/v1/audit?action=member.remove&orgId=${org.id}`, { token: operator.token });
    expect(audit.body.items.map((e: { objectId: string; details: { email: string; apiTokensRevoked: number } }) => [e.objectId, e.details.email, e.details.apiTokensRevoked])).toEqual([[engineerId, engineer.email, 1]]);
  });

  it('withdrawing an invitation ends its link and drops its unsent mail; a removed member can be invited back', async () => {
    const { org, admin, engineer } = await seedTenant('withdraw');
    const email = `withdrawn-${Date.now()}@example.test`;
    const invite = async (to: string) => api(`/api/v1/orgs/${org.id}/invitations`, { token: admin.token, json: { email: to, role: 'engineer' } });
    const first = await invite(email);
    const token = first.body.url.split('/invite/')[1];
    const path = `/api/v1/orgs/${org.id}/invitations/${first.body.invitation.id}`;
    expect((await api(path, { token: engineer.token, method: 'DELETE' })).status).toBe(403);
    expect((await api(path, { token: (await seedTenant('withdraw-other')).admin.token, method: 'DELETE' })).status).toBe(404);

    expect((await api(path, { token: admin.token, method: 'DELETE' })).status).toBe(200);
    expect((await api(`/api/invitations/${token}`)).status).toBe(404);
    expect((await api(`/api/invitations/${token}/accept`, { json: { password: 'a-good-long-password' } })).status).toBe(404);
    expect((await orgOf(org.id, admin.token)).invitations).toEqual([]);
    expect(await db().mailMessage.count({ where: { key: `invitation:${first.body.invitation.id}`, state: 'pending' } })).toBe(0);
    expect((await api(path, { token: admin.token, method: 'DELETE' })).status).toBe(404);

    // Removed, then invited back: accepting restores the same account with the new password.
    const engineerId = await idOf(engineer.email);
    await api(`/api/v1/orgs/${org.id}/members/${engineerId}`, { token: admin.token, method: 'DELETE' });
    const again = await invite(engineer.email);
    expect(again.status).toBe(201);
    const accepted = await api(`/api/invitations/${again.body.url.split('/invite/')[1]}/accept`, { json: { password: 'a-new-long-password' } });
    expect(accepted.status).toBe(201);
    const user = await db().user.findUniqueOrThrow({ where: { email: engineer.email } });
    expect([user.id, user.disabledAt, user.orgId]).toEqual([engineerId, null, org.id]);
    // Its old API token stays revoked: coming back does not bring old credentials back.
    expect((await api('/api/v1/me', { token: engineer.token })).status).toBe(401);
  });
});
