// GET /api/v1/orgs/{id} as the Members page uses it (lib/orgs/organizations.ts getOrganization).
export type InviteRole = 'engineer' | 'org_admin';
export type Member = { id: string; email: string; role: string; createdAt: string };
export type Invitation = { id: string; email: string; role: string; expiresAt: string };
export type OrgMembers = { id: string; name: string; members: Member[]; invitations: Invitation[] };
export type CreatedInvitation = { invitation: Invitation; url: string };

export const roleLabel = (role: string) => (role === 'org_admin' ? 'Organization admin' : role === 'engineer' ? 'Engineer' : role);
