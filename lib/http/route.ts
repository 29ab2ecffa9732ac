// Route-handler wrappers: every handler in app/ is "parse, authorize, call lib, respond".
// They authenticate, enforce CSRF on cookie writes, bound and read the body once, apply
// Idempotency-Key to POSTs, and map every thrown error through lib/http/respond.
//
// The API part (`runApi`) knows nothing of Next.js: the same handlers also run on the protocol
// edge (lib/edge/api.ts), which serves the issuance hot path without the page framework.
import type { z } from 'zod';
import type { Actor } from '../auth/actor';
import { fail, TrustgateError } from '../errors';
import { authenticate, checkCsrf, clientAddress, type HeaderSource } from './authenticate';
import { withIdempotency } from './idempotency';
import { errorResponse, errorResult, json, type ApiResult } from './respond';

export const MAX_BODY_BYTES = 1024 * 1024;

/** What an API handler sees, whichever server received the request. */
export type ApiContext<P> = {
  params: P;
  address: string | null;
  headers: HeaderSource;
  query: URLSearchParams;
  body: Uint8Array;
  /** The body as JSON, validated with `schema` (415 if not JSON, 400 if unparsable, 422 if invalid). */
  json: <S extends z.ZodType>(schema: S) => z.infer<S>;
  actor: Actor;
};
/** `shownOnce`: the top-level fields of the body that hold a secret (lib/http/idempotency). */
export type AnswerOptions = { shownOnce: readonly string[] };
export type ApiAnswer = [number, unknown] | [number, unknown, AnswerOptions];
export type ApiHandler<P> = (ctx: ApiContext<P>) => Promise<ApiAnswer | Response>;

export type RequestContext<P> = Omit<ApiContext<P>, 'actor'> & { req: Request };
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

/** The API's answer to a body over MAX_BODY_BYTES, for servers that read the body themselves. */
export const tooLargeResult = (): ApiResult => errorResult(new TrustgateError('too_large', `The body is larger than ${MAX_BODY_BYTES} bytes.`));

// PostgreSQL's text and jsonb cannot hold U+0000: a statement given one fails (a 500). Every
// query string, path parameter and JSON body the API reads is refused here, once, instead
// (tests/integration/query-fuzz).
function refuseNulInQuery(query: URLSearchParams): void {
  for (const [name, value] of query) if (name.includes('\0') || value.includes('\0')) fail('bad_request', 'The query string must not contain NUL characters (U+0000).');
}

// No API body needs more than a few levels, and code that walks a value recursively (JSON.stringify
// of a console body or a JWK, zod) would overflow the stack on one nested thousands deep: a 500.
const MAX_JSON_DEPTH = 32;
const NUL_IN_BODY = 'Text in the body must not contain NUL characters (U+0000).';
// A JSON escape can name half of a UTF-16 surrogate pair (RFC 8259 section 8.2), which is no
// character: PostgreSQL's json refuses it (a 500, and with it every row batched with it), and text
// columns would store U+FFFD for what was sent.
const UNPAIRED_SURROGATE = /\p{Cs}/u;
const SURROGATE_IN_BODY = 'Text in the body must be Unicode: a \\uD800–\\uDFFF escape is allowed only as half of a surrogate pair.';

/** Why a parsed body is refused (NUL anywhere, or nesting), found without recursion. */
function refusalOf(root: unknown): string | null {
  const stack: [unknown, number][] = [[root, 0]];
  while (stack.length) {
    const [value, depth] = stack.pop()!;
    if (typeof value === 'string') {
      if (value.includes('\0')) return NUL_IN_BODY;
      if (UNPAIRED_SURROGATE.test(value)) return SURROGATE_IN_BODY;
    } else if (value && typeof value === 'object') {
      if (depth >= MAX_JSON_DEPTH) return `The body is nested deeper than ${MAX_JSON_DEPTH} levels.`;
      for (const [k, v] of Object.entries(value)) {
        if (k.includes('\0')) return NUL_IN_BODY;
        if (UNPAIRED_SURROGATE.test(k)) return SURROGATE_IN_BODY;
        stack.push([v, depth + 1]);
      }
    }
  }
  return null;
}

const UTF8 = new TextDecoder('utf-8', { fatal: true });

function jsonParser(headers: HeaderSource, body: Uint8Array) {
  return <S extends z.ZodType>(schema: S): z.infer<S> => {
    const type = headers.get('content-type') ?? '';
    let value: unknown = {};
    if (body.byteLength) {
      if (!/^application\/([a-z.+-]*\+)?json\b/i.test(type)) fail('unsupported_media_type', 'Send the body as application/json.');
      try {
        // RFC 8259 §8.1: JSON text is UTF-8. A lenient decoder would store U+FFFD for what was sent.
        value = JSON.parse(UTF8.decode(body));
      } catch {
        fail('invalid_json', 'The body is not valid JSON in UTF-8.');
      }
      const refusal = refusalOf(value);
      if (refusal) fail('validation_failed', refusal);
    }
    return schema.parse(value);
  };
}

/** A request as the API layer needs it: no framework objects. */
export type ApiRequest = { method: string; path: string; query: URLSearchParams; headers: HeaderSource; body: Uint8Array };

/**
 * Authenticates, checks CSRF, applies Idempotency-Key to POSTs and runs `fn`; every error becomes
 * the API error model. A handler may return its own Response (Next only: downloads, redirects).
 */
export async function runApi<P>(req: ApiRequest, params: P, fn: ApiHandler<P>): Promise<ApiResult | Response> {
  try {
    const actor = await authenticate(req.headers);
    refuseNulInQuery(req.query);
    // An id holding U+0000 names nothing (and PostgreSQL would refuse to look it up).
    if (Object.values(params ?? {}).some((v) => typeof v === 'string' && v.includes('\0'))) fail('not_found', 'Not found.');
    checkCsrf(req.method, req.headers, actor);
    const ctx: ApiContext<P> = {
      params, address: clientAddress(req.headers), headers: req.headers, query: req.query, body: req.body, json: jsonParser(req.headers, req.body), actor,
    };
    if (req.method !== 'POST') {
      const out = await fn(ctx);
      return out instanceof Response ? out : { status: out[0], body: out[1], headers: {} };
    }
    let raw: Response | null = null;
    const request = { method: req.method, path: req.path, query: req.query.toString(), contentType: req.headers.get('content-type'), body: req.body };
    const result = await withIdempotency(actor.userId, req.headers.get('idempotency-key'), request, async () => {
      const out = await fn(ctx);
      if (out instanceof Response) {
        raw = out;
        return { status: out.status, body: null };
      }
      return { status: out[0], body: out[1], shownOnce: out[2]?.shownOnce };
    });
    if (raw) return raw;
    return { status: result.status, body: result.body, headers: result.replayed ? { 'idempotent-replayed': 'true' } : {} };
  } catch (error) {
    return errorResult(error);
  }
}

async function context<P>(req: Request, next: NextContext, url = new URL(req.url)): Promise<RequestContext<P>> {
  const body = await readBody(req);
  const headers = req.headers;
  return { req, params: (await next.params) as P, address: clientAddress(headers), headers, query: url.searchParams, body, json: jsonParser(headers, body) };
}

/** A route anyone may call (health, setup, invitation acceptance, PKI). */
export function publicRoute<P = Record<string, never>>(fn: (ctx: RequestContext<P>) => Promise<Response>) {
  return async (req: Request, next: NextContext): Promise<Response> => {
    try {
      const ctx = await context<P>(req, next);
      refuseNulInQuery(ctx.query);
      return await fn(ctx);
    } catch (error) {
      return errorResponse(error);
    }
  };
}

/**
 * A JSON API route for a signed-in user (Next.js route handler). `fn` returns [status, body];
 * POSTs with an Idempotency-Key replay their first response.
 */
export function apiRoute<P = Record<string, never>>(fn: (ctx: ActorContext<P>) => Promise<ApiAnswer | Response>) {
  return async (req: Request, next: NextContext): Promise<Response> => {
    const url = new URL(req.url);
    let ctx: RequestContext<P>;
    try {
      ctx = await context<P>(req, next, url);
    } catch (error) {
      return errorResponse(error);
    }
    const out = await runApi({ method: req.method, path: url.pathname, query: ctx.query, headers: req.headers, body: ctx.body }, ctx.params, (api) =>
      fn({ ...api, req }),
    );
    return out instanceof Response ? out : json(out.body, out.status, out.headers);
  };
}
