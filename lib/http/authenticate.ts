// Who is calling: a personal API token (Authorization: Bearer) or the portal session cookie.
import { decode } from 'next-auth/jwt';
import { pool } from '../db/client';
import { findUserByApiToken, type TokenUser } from '../auth/api-tokens';
import { sessionSecret } from '../auth/session-secret';
import type { Actor } from '../auth/actor';
import { fail } from '../errors';
import { UUID_PATTERN } from './params';
import { cookieValues } from './cookies';

const SESSION_COOKIES = ['__Secure-next-auth.session-token', 'next-auth.session-token'];

/**
 * Who a session cookie names, the account's session epoch it was signed in under (0 before epochs
 * existed) and the session's id (null before ids existed: such a cookie cannot be signed out alone).
 */
export async function sessionSubject(cookieHeader: string | null): Promise<{ userId: string; epoch: number; sid: string | null } | null> {
  for (const name of SESSION_COOKIES) {
    const token = cookieValues(cookieHeader, name)[0];
    if (!token) continue;
    const payload = await decode({ token, secret: sessionSecret() }).catch(() => null);
    if (payload?.sub) {
      const sid = typeof payload.sid === 'string' && UUID_PATTERN.test(payload.sid) ? payload.sid : null;
      return { userId: payload.sub, epoch: Number.isSafeInteger(payload.epoch) ? Number(payload.epoch) : 0, sid };
    }
  }
  return null;
}

/** Request headers as both a Fetch `Request` and the protocol edge (lib/edge/api) offer them. */
export type HeaderSource = { get(name: string): string | null };

/** The client's address: the socket peer, stamped by server.ts (a client-sent value is dropped there). */
export const clientAddress = (headers: HeaderSource): string | null => headers.get('x-trustgate-peer');

// A session is a signed cookie we cannot recall, so it counts only while the account's epoch is
// the one it was signed in under (removing a member, a new password and "sign out everywhere"
// raise it: a member invited back later does not bring the sessions from before their removal
// back with them) and while its own id was not signed out (lib/auth/session-revocation).
const SESSION_USER_SQL = `SELECT id, email, role::text AS role, "orgId" FROM "User" WHERE id = $1 AND "disabledAt" IS NULL AND "sessionEpoch" = $2
  AND NOT EXISTS (SELECT 1 FROM "RevokedSession" WHERE sid = $3::uuid)`;

async function sessionUser(userId: string, epoch: number, sid: string | null): Promise<TokenUser | null> {
  const { rows } = await pool().query({ name: 'session_user_sid', text: SESSION_USER_SQL, values: [userId, epoch, sid] });
  return (rows[0] as TokenUser | undefined) ?? null;
}

export async function authenticate(headers: HeaderSource): Promise<Actor> {
  const address = clientAddress(headers);
  const authorization = headers.get('authorization');
  if (authorization) {
    const [scheme, token] = authorization.split(' ');
    if (scheme?.toLowerCase() !== 'bearer' || !token) fail('unauthenticated', 'Use Authorization: Bearer <personal API token>.');
    const user = await findUserByApiToken(token);
    if (!user) return fail('unauthenticated', 'The API token is not valid (revoked, or mistyped).');
    return { userId: user.id, email: user.email, role: user.role, orgId: user.orgId, address, via: 'token' };
  }
  const session = await sessionSubject(headers.get('cookie'));
  // A session's subject is a UUID we issued; anything else (a forged cookie cannot decrypt) is no user.
  const user = session && UUID_PATTERN.test(session.userId) ? await sessionUser(session.userId, session.epoch, session.sid) : null;
  if (!user) return fail('unauthenticated', 'Sign in, or send a personal API token.');
  return { userId: user.id, email: user.email, role: user.role, orgId: user.orgId, address, via: 'session' };
}

/**
 * CSRF defence for cookie-authenticated writes: the portal's own fetches send
 * `X-Trustgate-CSRF: 1`; a cross-site form or fetch cannot add a custom header without a CORS
 * preflight, which we never grant. A present Origin must also be our own.
 */
export function checkCsrf(method: string, headers: HeaderSource, actor: Actor): void {
  if (actor.via !== 'session' || ['GET', 'HEAD', 'OPTIONS'].includes(method)) return;
  if (headers.get('x-trustgate-csrf') !== '1') fail('csrf_failed', 'Missing the X-Trustgate-CSRF header on a cookie-authenticated write.');
  const origin = headers.get('origin');
  const host = headers.get('host');
  if (origin && host && URL.parse(origin)?.host !== host) fail('csrf_failed', 'Cross-site request refused.');
}
