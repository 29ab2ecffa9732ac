// Who is calling: a personal API token (Authorization: Bearer) or the portal session cookie.
import { decode } from 'next-auth/jwt';
import { db } from '../db/client';
import { findUserByApiToken } from '../auth/api-tokens';
import { sessionSecret } from '../auth/session-secret';
import type { Actor } from '../auth/actor';
import { fail } from '../errors';

const SESSION_COOKIES = ['__Secure-next-auth.session-token', 'next-auth.session-token'];

function readCookie(header: string | null, name: string): string | null {
  if (!header) return null;
  for (const part of header.split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return decodeURIComponent(v.join('='));
  }
  return null;
}

export async function sessionUserId(cookieHeader: string | null): Promise<string | null> {
  for (const name of SESSION_COOKIES) {
    const token = readCookie(cookieHeader, name);
    if (!token) continue;
    const payload = await decode({ token, secret: sessionSecret() }).catch(() => null);
    if (payload?.sub) return payload.sub;
  }
  return null;
}

/** The client's address: the socket peer, stamped by server.ts (a client-sent value is dropped there). */
export const clientAddress = (req: Request): string | null => req.headers.get('x-trustgate-peer');

export async function authenticate(req: Request): Promise<Actor> {
  const address = clientAddress(req);
  const authorization = req.headers.get('authorization');
  if (authorization) {
    const [scheme, token] = authorization.split(' ');
    if (scheme?.toLowerCase() !== 'bearer' || !token) fail('unauthenticated', 'Use Authorization: Bearer <personal API token>.');
    const user = await findUserByApiToken(token);
    if (!user) return fail('unauthenticated', 'The API token is not valid (revoked, or mistyped).');
    return { userId: user.id, email: user.email, role: user.role, orgId: user.orgId, address, via: 'token' };
  }
  const userId = await sessionUserId(req.headers.get('cookie'));
  const user = userId ? await db().user.findUnique({ where: { id: userId } }) : null;
  if (!user || user.disabledAt) return fail('unauthenticated', 'Sign in, or send a personal API token.');
  return { userId: user.id, email: user.email, role: user.role, orgId: user.orgId, address, via: 'session' };
}

/**
 * CSRF defence for cookie-authenticated writes: the portal's own fetches send
 * `X-Trustgate-CSRF: 1`; a cross-site form or fetch cannot add a custom header without a CORS
 * preflight, which we never grant. A present Origin must also be our own.
 */
export function checkCsrf(req: Request, actor: Actor): void {
  if (actor.via !== 'session' || ['GET', 'HEAD', 'OPTIONS'].includes(req.method)) return;
  if (req.headers.get('x-trustgate-csrf') !== '1') fail('csrf_failed', 'Missing the X-Trustgate-CSRF header on a cookie-authenticated write.');
  const origin = req.headers.get('origin');
  const host = req.headers.get('host');
  if (origin && host && new URL(origin).host !== host) fail('csrf_failed', 'Cross-site request refused.');
}
