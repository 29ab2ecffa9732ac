// OAuth clients of an organization: create (secret shown once), rotate the secret with an
// overlap, suspend, resume, delete. Every change is audited; no secret reaches the audit log.
import { z } from 'zod';
import { db, transaction, type Tx } from '../db/client';
import { assertOrganizationActive } from '../orgs/organizations';
import { appendAudit } from '../audit/append-audit';
import { assertSameOrg, isOperator, orgScope, requireRole, type Actor } from '../auth/actor';
import { config } from '../config';
import { fail } from '../errors';
import { now } from '../clock';
import { keyedHash, newClientId, newClientSecret } from './secrets';
import { invalidateClientCache } from './client-cache';

const MAX_OVERLAP_SECONDS = 30 * 86_400;

export const createClientInput = z.object({
  name: z.string().trim().min(1).max(100),
  scopes: z.array(z.string().min(1)).min(1).max(50),
  certificateBound: z.boolean().default(false),
});

export const rotateSecretInput = z.object({
  previousSecretValidForSeconds: z.number().int().min(0).max(MAX_OVERLAP_SECONDS).default(0),
});

export const listClientsInput = z.object({ orgId: z.string().max(64).optional() });

type ClientRow = Awaited<ReturnType<typeof loadClient>>;

export function presentClient(row: ClientRow, managed = false) {
  const t = now().getTime();
  const live = row.secrets.filter((s) => !s.expiresAt || s.expiresAt.getTime() > t);
  return {
    id: row.id,
    clientId: row.clientId,
    orgId: row.orgId,
    name: row.name,
    scopes: row.scopes,
    certificateBound: row.certificateBound,
    status: row.status,
    createdAt: row.createdAt,
    lastUsedAt: row.lastUsedAt,
    secrets: live.map((s) => ({ createdAt: s.createdAt, expiresAt: s.expiresAt })),
    /** The test console's own client (lib/sandbox/identity): shown, never changed by hand. */
    managed,
  };
}

/** Which of these clients are a sandbox identity's (the test console's). */
async function managedIds(tx: Tx, ids: string[]): Promise<Set<string>> {
  const rows = await tx.sandboxIdentity.findMany({ where: { oauthClientId: { in: ids } }, select: { oauthClientId: true } });
  return new Set(rows.map((r) => r.oauthClientId));
}

// Rotating its secret or suspending it would only break the test console: it authenticates with
// the sandbox certificate alone and has no secret anyone holds.
async function refuseManaged(tx: Tx, id: string): Promise<void> {
  if ((await managedIds(tx, [id])).size) fail('managed_client', 'This client belongs to the test console and is managed by Trustgate: it authenticates with the sandbox certificate and cannot be changed by hand.');
}

async function loadClient(tx: Tx, id: string) {
  const row = await tx.oAuthClient.findUnique({ where: { id }, include: { secrets: { orderBy: { createdAt: 'desc' } } } });
  if (!row || row.status === 'deleted') return fail('not_found', 'OAuth client not found.');
  return row;
}

async function loadOwnClient(tx: Tx, actor: Actor, id: string) {
  const row = await loadClient(tx, id);
  assertSameOrg(actor, row.orgId, 'OAuth client');
  return row;
}

function checkScopes(scopes: string[]): string[] {
  const allowed = config().oauthScopes;
  const unknown = scopes.filter((s) => !allowed.includes(s));
  if (unknown.length) fail('validation_failed', `Unknown scope ${unknown.join(', ')}; this deployment offers ${allowed.join(', ')}.`, { allowed });
  return [...new Set(scopes)];
}

export async function createOAuthClient(actor: Actor, input: z.infer<typeof createClientInput>) {
  requireRole(actor, 'engineer', 'org_admin');
  if (!actor.orgId) return fail('forbidden', 'OAuth clients belong to an organization; your account has none.');
  const scopes = checkScopes(input.scopes);
  const clientSecret = newClientSecret();
  return transaction(async (tx) => {
    await assertOrganizationActive(tx, actor.orgId!);
    const created = await tx.oAuthClient.create({
      data: {
        clientId: newClientId(), orgId: actor.orgId!, name: input.name, scopes, certificateBound: input.certificateBound, createdById: actor.userId,
        secrets: { create: { hash: keyedHash(clientSecret) } },
      },
    });
    await appendAudit(tx, actor, {
      action: 'oauth_client.create', objectType: 'oauth_client', objectId: created.id,
      details: { clientId: created.clientId, name: created.name, scopes, certificateBound: input.certificateBound },
    });
    return { ...presentClient(await loadClient(tx, created.id)), clientSecret };
  });
}

export async function listOAuthClients(actor: Actor, input: z.infer<typeof listClientsInput>) {
  const where = { ...orgScope(actor), ...(isOperator(actor) && input.orgId ? { orgId: input.orgId } : {}), status: { not: 'deleted' as const } };
  const rows = await db().oAuthClient.findMany({ where, include: { secrets: { orderBy: { createdAt: 'desc' } } }, orderBy: { createdAt: 'desc' }, take: 500 });
  const managed = await managedIds(db(), rows.map((r) => r.id));
  return rows.map((row) => presentClient(row, managed.has(row.id)));
}

export async function getOAuthClient(actor: Actor, id: string) {
  const row = await loadOwnClient(db(), actor, id);
  return presentClient(row, (await managedIds(db(), [id])).size > 0);
}

/** A new secret, shown once; the current ones keep working for `previousSecretValidForSeconds`. */
export async function rotateClientSecret(actor: Actor, id: string, input: z.infer<typeof rotateSecretInput>) {
  requireRole(actor, 'engineer', 'org_admin');
  const clientSecret = newClientSecret();
  const previousSecretExpiresAt = new Date(now().getTime() + input.previousSecretValidForSeconds * 1000);
  const result = await transaction(async (tx) => {
    const row = await loadOwnClient(tx, actor, id);
    await refuseManaged(tx, id);
    await assertOrganizationActive(tx, row.orgId);
    await tx.$executeRaw`SELECT 1 FROM "OAuthClient" WHERE id = ${id}::uuid FOR UPDATE`;
    // A secret already retiring keeps the earlier of its own end and the new one.
    await tx.oAuthClientSecret.updateMany({ where: { clientId: id, OR: [{ expiresAt: null }, { expiresAt: { gt: previousSecretExpiresAt } }] }, data: { expiresAt: previousSecretExpiresAt } });
    await tx.oAuthClientSecret.create({ data: { clientId: id, hash: keyedHash(clientSecret) } });
    await appendAudit(tx, actor, {
      action: 'oauth_client.rotate_secret', objectType: 'oauth_client', objectId: id, orgId: row.orgId,
      details: { clientId: row.clientId, previousSecretExpiresAt: previousSecretExpiresAt.toISOString() },
    });
    return { clientSecret, previousSecretExpiresAt, client: presentClient(await loadClient(tx, id)) };
  });
  invalidateClientCache();
  return result;
}

const transitions = {
  suspend: { from: ['active'], to: 'suspended' },
  resume: { from: ['suspended'], to: 'active' },
  delete: { from: ['active', 'suspended'], to: 'deleted' },
} as const;

function refusedChange(status: string, change: keyof typeof transitions): string {
  if (status === 'deleted') return 'This client has been deleted.';
  if (change === 'suspend') return 'This client is suspended already.';
  return 'This client is active already; only a suspended client can be resumed.';
}

/** Suspend, resume or delete. Suspended and deleted clients' tokens turn inactive at once (introspection reads the status). */
export async function changeClientStatus(actor: Actor, id: string, change: keyof typeof transitions) {
  requireRole(actor, 'org_admin', 'operator');
  const { from, to } = transitions[change];
  const result = await transaction(async (tx) => {
    const row = await loadOwnClient(tx, actor, id);
    if (change !== 'resume') await refuseManaged(tx, id); // resume repairs one suspended before this rule
    const updated = await tx.oAuthClient.updateMany({ where: { id, status: { in: [...from] } }, data: { status: to } });
    if (updated.count !== 1) fail('conflict', refusedChange(row.status, change));
    if (to === 'deleted') {
      // Its refresh tokens die with it: every grant checks the client's status.
      await tx.oAuthClientSecret.updateMany({ where: { clientId: id, OR: [{ expiresAt: null }, { expiresAt: { gt: now() } }] }, data: { expiresAt: now() } });
    }
    await appendAudit(tx, actor, { action: `oauth_client.${change}`, objectType: 'oauth_client', objectId: id, orgId: row.orgId, details: { clientId: row.clientId } });
    return { ...presentClient({ ...row, status: to }), status: to };
  });
  invalidateClientCache();
  return result;
}
