// Route-handler wrappers: every handler in app/ is "parse, authorize, call lib, respond".
// They authenticate, enforce CSRF on cookie writes, bound and read the body once, apply
// Idempotency-Key to POSTs, and map every thrown error through lib/http/respond.
import type { z } from 'zod';
import type { Actor } from '../auth/actor';
import { fail } from '../errors';
import { authenticate, checkCsrf, clientAddress } from './authenticate';
import { withIdempotency } from './idempotency';
import { errorResponse, json } from './respond';

export const MAX_BODY_BYTES = 1024 * 1024;

export type RequestContext<P> = {
  req: Request;
  params: P;
  address: string | null;
  body: Uint8Array;
  /** The body as JSON, validated with `schema` (415 if not JSON, 400 if unparsable, 422 if invalid). */
  json: <S extends z.ZodType>(schema: S) => z.infer<S>;
};
export type ActorContext<P> = RequestContext<P> & { actor: Actor };
type NextContext = { params: Promise<Record<string, string | string[]>> };

async function readBody(req: Request): Promise<Uint8Array> {
  if (req.method === 'GET' || req.method === 'HEAD') return new Uint8Array();
  const declared = Number(req.headers.get('content-length') ?? 0);
  if (declared > MAX_BODY_BYTES) fail('too_large', `The body is larger than ${MAX_BODY_BYTES} bytes.`);
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = req.body?.getReader();
  while (reader) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > MAX_BODY_BYTES) {
      await reader.cancel();
      fail('too_large', `The body is larger than ${MAX_BODY_BYTES} bytes.`);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}

function jsonParser(req: Request, body: Uint8Array) {
  return <S extends z.ZodType>(schema: S): z.infer<S> => {
    const type = req.headers.get('content-type') ?? '';
    let value: unknown = {};
    if (body.byteLength) {
      if (!/^application\/([a-z.+-]*\+)?json\b/i.test(type)) fail('unsupported_media_type', 'Send the body as application/json.');
      try {
        value = JSON.parse(Buffer.from(body).toString('utf8'));
      } catch {
        fail('invalid_json', 'The body is not valid JSON.');
      }
    }
    return schema.parse(value);
  };
}

async function context<P>(req: Request, next: NextContext): Promise<RequestContext<P>> {
  const body = await readBody(req);
  return { req, params: (await next.params) as P, address: clientAddress(req), body, json: jsonParser(req, body) };
}

/** A route anyone may call (health, setup, invitation acceptance, PKI). */
export function publicRoute<P = Record<string, never>>(fn: (ctx: RequestContext<P>) => Promise<Response>) {
  return async (req: Request, next: NextContext): Promise<Response> => {
    try {
      return await fn(await context<P>(req, next));
    } catch (error) {
      return errorResponse(error);
    }
  };
}

/**
 * A JSON API route for a signed-in user. `fn` returns [status, body]; POSTs with an
 * Idempotency-Key replay their first response.
 */
export function apiRoute<P = Record<string, never>>(fn: (ctx: ActorContext<P>) => Promise<[number, unknown] | Response>) {
  return async (req: Request, next: NextContext): Promise<Response> => {
    try {
      const actor = await authenticate(req);
      checkCsrf(req, actor);
      const ctx = { ...(await context<P>(req, next)), actor };
      if (req.method !== 'POST') {
        const out = await fn(ctx);
        return out instanceof Response ? out : json(out[1], out[0]);
      }
      let raw: Response | null = null;
      const result = await withIdempotency(
        actor.userId,
        req.headers.get('idempotency-key'),
        { method: req.method, path: new URL(req.url).pathname, body: ctx.body },
        async () => {
          const out = await fn(ctx);
          if (out instanceof Response) {
            raw = out;
            return { status: out.status, body: null };
          }
          return { status: out[0], body: out[1] };
        },
      );
      if (raw) return raw;
      return json(result.body, result.status, result.replayed ? { 'idempotent-replayed': 'true' } : {});
    } catch (error) {
      return errorResponse(error);
    }
  };
}
