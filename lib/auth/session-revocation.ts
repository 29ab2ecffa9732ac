// Signing out ends the session on the server too (OWASP ASVS 3.3.1), not only in the browser that
// drops its cookie: a session is a signed cookie we cannot recall, so its id (`sid`, set at sign-in
// and kept while next-auth re-issues the cookie) is recorded as revoked until the cookie would have
// expired anyway. lib/http/authenticate refuses a revoked id in the same query that reads the user.
import { pool } from '../db/client';
import { now } from '../clock';

/** Records a signed-out session's id until its expiry (seconds since the epoch, the JWT's `exp`). */
export async function revokeSession(sid: string, expiresAtSeconds: number): Promise<void> {
  await pool().query('INSERT INTO "RevokedSession" (sid, "expiresAt") VALUES ($1, $2) ON CONFLICT (sid) DO NOTHING', [sid, new Date(expiresAtSeconds * 1000)]);
}

/** Deletes the ids whose cookies have expired by now (the server's hourly upkeep). */
export async function pruneRevokedSessions(at: Date = now()): Promise<number> {
  const result = await pool().query('DELETE FROM "RevokedSession" WHERE "expiresAt" < $1', [at]);
  return result.rowCount ?? 0;
}
