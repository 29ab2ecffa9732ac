// Removing a member and withdrawing an invitation (org admins and operators): access ends at once,
// another organization sees 404, the audit log records both, and a removed member can be invited back.
// And the members' last sign-ins, which admins review.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { api, seedTenant, seedUser, signIn } from '../helpers';
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

  it('admins and operators see when each member last signed in (never: null); engineers do not', async () => {
    const { org, admin, engineer } = await seedTenant('lastseen');
    const operator = await seedUser('operator');
    expect(await signIn(engineer.email, 'not-the-password')).toBeNull(); // a failure is no sign-in
    expect(await signIn(engineer.email, engineer.password)).toBeTruthy();
    await new Promise((r) => setTimeout(r, 20));
    expect(await signIn(engineer.email, engineer.password)).toBeTruthy();
    const signIns = await db().auditEntry.findMany({ where: { objectId: await idOf(engineer.email), action: 'auth.sign_in' }, orderBy: { seq: 'asc' } });
    expect(signIns).toHaveLength(2);

    for (const token of [admin.token, operator.token]) {
      const seen = Object.fromEntries((await orgOf(org.id, token)).members.map((m: { email: string; lastSignInAt: string | null }) => [m.email, m.lastSignInAt]));
      expect(seen[admin.email]).toBeNull();
      const at = Date.parse(seen[engineer.email]);
      expect(at).toBeGreaterThan(signIns[0].at.getTime()); // the newer of the two
      expect(Math.abs(at - signIns[1].at.getTime())).toBeLessThan(1000); // written with its audit entry
    }
    const asEngineer = (await orgOf(org.id, engineer.token)).members;
    expect(asEngineer.map((m: object) => 'lastSignInAt' in m)).toEqual([false, false]);

    // The migration that added the column filled it from the audit log: the same statement again.
    const migration = readFileSync('prisma/migrations/20261201153519_last_sign_in/migration.sql', 'utf8');
    const backfill = migration.slice(migration.indexOf('UPDATE "User"'));
    const engineerId = await idOf(engineer.email);
    await db().user.update({ where: { id: engineerId }, data: { lastSignInAt: null } });
    await db().$executeRawUnsafe(backfill);
    const filled = await db().user.findUniqueOrThrow({ where: { id: engineerId }, select: { lastSignInAt: true } });
    expect(filled.lastSignInAt?.getTime()).toBe(signIns[1].at.getTime());
    expect((await db().user.findUniqueOrThrow({ where: { email: admin.email } })).lastSignInAt).toBeNull();
  });
});
