import { fail } from '../errors';

export const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A malformed ID names nothing that exists: 404, the same answer as another organization's object. */
export function uuidParam(value: string, what: string): string {
  if (!UUID_PATTERN.test(value)) fail('not_found', `${what} not found.`);
  return value.toLowerCase();
}
