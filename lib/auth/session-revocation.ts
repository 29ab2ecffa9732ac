// Signing out ends the session on the server too (OWASP ASVS 3.3.1), not only in the browser that
// drops its cookie: a session is a signed cookie we cannot recall, so its id (`sid`, set at sign-in
// and kept while next-auth re-issues the cookie) is recorded as revoked until the cookie would have
// expired anyway. lib/http/authenticate refuses a revoked id in the same query that reads the user.
import { transaction, pool } from '../db/client';
import { now } from '../clock';
import { appendAudit } from '../audit/append-audit';

/**
 * Records a signed-out session's id until its expiry (`exp`, seconds since the epoch, from the
 * JWT) and audits the sign-out, in one transaction.
 */
export async function revokeSession(session: { sid: string; exp: number; userId: string }): Promise<void> {
  await transaction(async (tx) => {
    await tx.revokedSession.createMany({ data: [{ sid: session.sid, expiresAt: new Date(session.exp * 1000) }], skipDuplicates: true });
    const user = await tx.user.findUnique({ where: { id: session.userId }, select: { id: true, email: true, role: true, orgId: true } });
    if (!user) return;
    const actor = { userId: user.id, email: user.email, role: user.role, orgId: user.orgId, address: null, via: 'session' as const };
    await appendAudit(tx, actor, { action: 'auth.sign_out', objectType: 'user', objectId: user.id, orgId: user.orgId });
  });
}

/** Deletes the ids whose cookies have expired by now (the server's hourly upkeep). */
export async function pruneRevokedSessions(at: Date = now()): Promise<number> {
  const result = await pool().query('DELETE FROM "RevokedSession" WHERE "expiresAt" < $1', [at]);
  return result.rowCount ?? 0;
}
