// GET /api/v1/orgs/{id} as the Members page and the operator's organization page use it (lib/orgs/organizations.ts getOrganization).
export type InviteRole = 'engineer' | 'org_admin';
export type Member = { id: string; email: string; role: string; createdAt: string };
export type Invitation = { id: string; email: string; role: string; expiresAt: string };
export type OrgMembers = { id: string; name: string; active: boolean; members: Member[]; invitations: Invitation[] };
export type CreatedInvitation = { invitation: Invitation; url: string };
