import type { Role } from '../db/generated/enums';
import { fail } from '../errors';

/** Who is acting: a signed-in user (session or personal API token), with the request's address. */
export type Actor = {
  userId: string;
  email: string;
  role: Role;
  orgId: string | null;
  address: string | null;
  via: 'session' | 'token' | 'cli';
};

export const isOperator = (actor: Actor): boolean => actor.role === 'operator';

export function requireRole(actor: Actor, ...roles: Role[]): void {
  if (!roles.includes(actor.role)) fail('forbidden', `This needs the role ${roles.join(' or ')}.`);
}

/** The organization filter for a query: operators see every organization, others only their own. */
export function orgScope(actor: Actor): { orgId?: string } {
  return isOperator(actor) ? {} : { orgId: actor.orgId ?? '__none__' };
}

/** Another organization's object is reported as missing (404), never as forbidden. */
export function assertSameOrg(actor: Actor, orgId: string, what: string): void {
  if (!isOperator(actor) && actor.orgId !== orgId) fail('not_found', `${what} not found.`);
}

/** The CLI acts as the deployment itself. */
export const cliActor: Actor = {
  userId: 'cli', email: 'cli', role: 'operator', orgId: null, address: 'cli', via: 'cli',
};
