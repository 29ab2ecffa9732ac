// GET /api/v1/orgs/{id} as the Members page and the operator's organization page use it (lib/orgs/organizations.ts getOrganization).
export type InviteRole = 'engineer' | 'org_admin';
// lastSignInAt: for organization admins and operators only (null: never signed in).
export type Member = { id: string; email: string; role: string; createdAt: string; lastSignInAt?: string | null };
export type Invitation = { id: string; email: string; role: string; expiresAt: string };
export type OrgMembers = { id: string; name: string; active: boolean; members: Member[]; invitations: Invitation[]; certificates: number; pendingCsrs: number };
export type CreatedInvitation = { invitation: Invitation; url: string };
