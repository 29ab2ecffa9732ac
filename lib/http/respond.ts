// The one mapping from domain errors to HTTP (API.md error model). Anything unexpected is a 500
// with a request id; its details go to the log, never to the client.
import { randomUUID } from 'node:crypto';
import { ZodError } from 'zod';
import { TrustgateError } from '../errors';
import { log } from '../log';

export const json = (body: unknown, status = 200, headers: Record<string, string> = {}): Response =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', 'cache-control': 'no-store', ...headers } });

export const errorBody = (code: string, message: string, extra: Record<string, unknown> = {}) => ({ error: { code, message, ...extra } });

export function errorResponse(error: unknown): Response {
  if (error instanceof TrustgateError) {
    const headers: Record<string, string> = {};
    if (error.code === 'unauthenticated') headers['www-authenticate'] = 'Bearer realm="trustgate"';
    if (error.details?.retryAfter) headers['retry-after'] = String(error.details.retryAfter);
    return json(errorBody(error.code, error.message), error.status, headers);
  }
  if (error instanceof ZodError) {
    const issue = error.issues[0];
    const where = issue.path.length ? `${issue.path.join('.')}: ` : '';
    return json(errorBody('validation_failed', `${where}${issue.message}`, { issues: error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })) }), 422);
  }
  const requestId = randomUUID();
  log.error('unhandled error', { requestId, error: error instanceof Error ? error.stack : String(error) });
  return json(errorBody('internal_error', `Something went wrong on our side (request ${requestId}).`), 500);
}
