// Server components read the signed-in user through here (the API uses lib/http/authenticate).
import { cache } from 'react';
import { headers } from 'next/headers';
import { redirect } from 'next/navigation';
import { authenticate } from '@/lib/http/authenticate';
import { needsSetup } from '@/lib/auth/setup';
import { signInPath } from '@/lib/auth/return-path';
import type { Actor } from '@/lib/auth/actor';
import type { Role } from '@/lib/db/generated/enums';

// cache(): the layout and the page of one request both ask (each checks the role itself, since a
// layout is not rendered again when the browser navigates between its pages); one lookup serves both.
export const pageActor = cache(async (): Promise<Actor | null> => {
  const h = await headers();
  // Only the session cookie signs a page in; an Authorization header sent to a page is ignored.
  return authenticate({ get: (name) => (name === 'cookie' || name === 'x-trustgate-peer' ? h.get(name) : null) }).catch(() => null);
});

/** The signed-in user, or a redirect: to /setup on first run, else to /signin (which returns here); home for a wrong role. */
export async function requirePageActor(...roles: Role[]): Promise<Actor> {
  const actor = await pageActor();
  if (!actor) redirect((await needsSetup()) ? '/setup' : signInPath((await headers()).get('x-trustgate-url')));
  if (roles.length && !roles.includes(actor.role)) redirect('/');
  return actor;
}
