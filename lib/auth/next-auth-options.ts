// Portal sign-in (next-auth, credentials provider, JWT sessions in an httpOnly SameSite=Lax cookie,
// `__Secure-` prefixed when PUBLIC_URL is https). Every attempt is audited.
import { randomUUID } from 'node:crypto';
import type { NextAuthOptions } from 'next-auth';
import Credentials from 'next-auth/providers/credentials';
import { db, transaction } from '../db/client';
import { appendAudit, appendAuditNow } from '../audit/append-audit';
import { dummyPasswordHash, verifyPassword } from './password';
import { sessionSecret } from './session-secret';
import { settleSignInSuccess, takeSignInAttempt } from './sign-in-limit';
import { throttledError, throttledSeconds } from './sign-in-errors';
import { log } from '../log';
import { UUID_PATTERN } from '../http/params';
import { revokeSession } from './session-revocation';

function peer(headers: Record<string, unknown> | undefined): string | null {
  const value = headers?.['x-trustgate-peer'];
  return typeof value === 'string' ? value : null;
}

export async function signInWithPassword(email: string, password: string, address: string | null) {
  const failed = (user: { id: string; orgId: string | null } | null, reason?: string) =>
    appendAuditNow(null, {
      action: 'auth.sign_in_failed', objectType: 'user', objectId: user?.id, orgId: user?.orgId ?? null,
      details: { email: email.slice(0, 254), address, ...(reason ? { reason } : {}) }, // U+0000 becomes U+FFFD in appendAuditNow
    });
  const wait = await takeSignInAttempt(email, address);
  if (wait) {
    await failed(null, 'too_many_failures');
    throw throttledError(wait);
  }
  // No account's e-mail holds U+0000, and PostgreSQL refuses a query that does (the attempt then
  // failed unaudited): such an attempt fails like a wrong password, audited with U+FFFD for it.
  const user = email.includes('\0') ? null : await db().user.findUnique({ where: { email: email.trim().toLowerCase() } });
  const ok = await verifyPassword(password, user?.passwordHash ?? (await dummyPasswordHash()));
  if (!user || !ok || user.disabledAt) {
    await failed(user); // counted already, as the attempt began
    return null;
  }
  await settleSignInSuccess(email, address);
  await transaction(async (tx) => {
    await tx.user.update({ where: { id: user.id }, data: { lastSignInAt: new Date() } });
    await appendAudit(tx, { userId: user.id, email: user.email, role: user.role, orgId: user.orgId, address, via: 'session' }, { action: 'auth.sign_in', objectType: 'user', objectId: user.id, orgId: user.orgId });
  });
  return user;
}

// next-auth sends an error thrown here to the browser as its message (`?error=…`): a database
// error's text named our tables and columns. The form reads only the throttling error.
function maskUnexpected(error: unknown): never {
  if (error instanceof Error && throttledSeconds(error.message) !== null) throw error;
  const requestId = randomUUID();
  log.error('sign-in failed unexpectedly', { requestId, error: error instanceof Error ? error.stack : String(error) });
  throw new Error(`sign_in_failed:${requestId}`);
}

export function authOptions(): NextAuthOptions {
  return {
    secret: sessionSecret(),
    session: { strategy: 'jwt', maxAge: 12 * 3600 },
    pages: { signIn: '/signin' },
    providers: [
      Credentials({
        name: 'E-mail and password',
        credentials: { email: { label: 'E-mail', type: 'email' }, password: { label: 'Password', type: 'password' } },
        async authorize(credentials, req) {
          if (!credentials?.email || !credentials.password) return null;
          const user = await signInWithPassword(credentials.email, credentials.password, peer(req?.headers)).catch(maskUnexpected);
          return user ? { id: user.id, email: user.email, sessionEpoch: user.sessionEpoch } : null;
        },
      }),
    ],
    callbacks: {
      // The epoch the session was signed in under (lib/http/authenticate checks it on every request),
      // and the session's own id, which signing out revokes (./session-revocation).
      jwt: ({ token, user }) => (user ? { ...token, epoch: (user as { sessionEpoch?: number }).sessionEpoch ?? 0, sid: randomUUID() } : token),
    },
    events: {
      async signOut({ token }) {
        const { sid, exp, sub } = token ?? {};
        if (typeof sid === 'string' && UUID_PATTERN.test(sid) && typeof exp === 'number' && typeof sub === 'string' && UUID_PATTERN.test(sub)) {
          await revokeSession({ sid, exp, userId: sub });
        }
      },
    },
  };
}
