// The one mapping from domain errors to HTTP (API.md error model). A database outage or a write
// that stayed in conflict is a 503 with Retry-After; anything else unexpected is a 500 with a
// request id, its details in the log, never sent to the client.
import { randomUUID } from 'node:crypto';
import { ZodError } from 'zod';
import { TrustgateError } from '../errors';
import { isDatabaseUnavailable, RETRY_AFTER_SECONDS } from '../db/unavailable';
import { isTransactionTimeout, isWriteConflict } from '../db/write-conflict';
import { log } from '../log';

export const json = (body: unknown, status = 200, headers: Record<string, string> = {}): Response =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', 'cache-control': 'no-store', ...headers } });

export const errorBody = (code: string, message: string, extra: Record<string, unknown> = {}) => ({ error: { code, message, ...extra } });

/** An API answer before it meets a framework: Next's route handlers and lib/edge both send it. */
export type ApiResult = { status: number; body: unknown; headers: Record<string, string> };

/**
 * A database that cannot answer now as the one typed error, logged here once; null for anything
 * else. An outage is `database_unavailable` (Retry-After 5 s: a restart or a failover); a write
 * PostgreSQL aborted in a deadlock or a conflict, still aborted after lib/db/write-conflict's
 * retries, or a transaction that could not start or finish in its time, is `database_busy`
 * (Retry-After 1 s). The JSON API, the protocol edge and the mTLS port
 * each answer it in their shape, with `retryHeaders`.
 */
export function unavailableError(error: unknown, path?: string): TrustgateError | null {
  if (isWriteConflict(error) || isTransactionTimeout(error)) {
    log.warn('a write stayed in conflict after its retries, or its transaction found no time', { path, error: error instanceof Error ? error.message : String(error) });
    return new TrustgateError('database_busy', 'The database was busy with a conflicting change; retry in a moment.', { retryAfter: BUSY_RETRY_AFTER_SECONDS });
  }
  if (!isDatabaseUnavailable(error)) return null;
  log.warn('database unavailable', { path, error: error instanceof Error ? error.message : String(error) });
  return new TrustgateError('database_unavailable', 'The database is not reachable right now; retry in a few seconds.', { retryAfter: RETRY_AFTER_SECONDS });
}

const BUSY_RETRY_AFTER_SECONDS = 1;

/** The headers of an answer from `unavailableError`. */
export const retryHeaders = (down: TrustgateError): Record<string, string> => ({ 'retry-after': String(down.details?.retryAfter ?? RETRY_AFTER_SECONDS), 'cache-control': 'no-store' });

export function errorResult(error: unknown): ApiResult {
  error = unavailableError(error) ?? error;
  if (error instanceof TrustgateError) {
    const headers: Record<string, string> = {};
    if (error.code === 'unauthenticated') headers['www-authenticate'] = 'Bearer realm="trustgate"';
    if (error.details?.retryAfter) headers['retry-after'] = String(error.details.retryAfter);
    // `expose` is the part of the details meant for the client; the rest stays on the server.
    return { status: error.status, body: errorBody(error.code, error.message, (error.details?.expose as Record<string, unknown>) ?? {}), headers };
  }
  if (error instanceof ZodError) {
    const issue = error.issues[0];
    const where = issue.path.length ? `${issue.path.join('.')}: ` : '';
    const body = errorBody('validation_failed', `${where}${issue.message}`, { issues: error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })) });
    return { status: 422, body, headers: {} };
  }
  const requestId = randomUUID();
  log.error('unhandled error', { requestId, error: error instanceof Error ? error.stack : String(error) });
  return { status: 500, body: errorBody('internal_error', `Something went wrong on our side (request ${requestId}).`), headers: {} };
}

export function errorResponse(error: unknown): Response {
  const { status, body, headers } = errorResult(error);
  return json(body, status, headers);
}

/** A file the browser saves rather than shows; never cached. */
export const download = (body: BodyInit, contentType: string, filename: string): Response =>
  new Response(body, { headers: { 'content-type': contentType, 'content-disposition': `attachment; filename="${filename}"`, 'cache-control': 'no-store' } });

/** A download streamed from text chunks as they are produced (stops producing when the client goes). */
export function textDownload(chunks: AsyncGenerator<string>, contentType: string, filename: string): Response {
  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      const { value, done } = await chunks.next();
      if (done) controller.close();
      else controller.enqueue(encoder.encode(value));
    },
    async cancel() {
      await chunks.return(undefined);
    },
  });
  return download(body, contentType, filename);
}
