// The issuance hot path of the JSON API, served on the protocol edge: submitting a CSR and
// approving one. These two run per certificate, and through Next.js each request cost about
// 0.8 ms of CPU before reaching our code (bench:issue). The handlers are the same functions the
// App Router files export (app/api/v1/csrs/…), run by the same runApi (lib/http/route): same
// authentication, CSRF rule, Idempotency-Key and error model, whichever server answers.
import { runApi, tooLargeResult, MAX_BODY_BYTES, type ApiHandler } from '../http/route';
import type { HeaderSource } from '../http/authenticate';
import { API_CONTENT_SECURITY_POLICY, SECURITY_HEADERS } from '../http/security-headers';
import { errorBody } from '../http/respond';
import { uuidParam } from '../http/params';
import { submitCsr, submitCsrInput } from '../pki/submit-csr';
import { approveCsr, approveInput } from '../pki/review-csr';
import type { EdgeHandler, EdgeRequest, EdgeResponse } from './http';

// JSON {csr, replacesCertificateId?}, or the CSR itself as application/pkcs10 (PEM or DER).
export const submitCsrHandler: ApiHandler<Record<string, never>> = async ({ actor, headers, query, body, json }) => {
  const raw = /^application\/pkcs10\b/i.test(headers.get('content-type') ?? '');
  const input = raw ? submitCsrInput.parse({ csr: body, replacesCertificateId: query.get('replacesCertificateId') ?? undefined }) : json(submitCsrInput);
  return [201, await submitCsr(actor, input)];
};

export const approveCsrHandler: ApiHandler<{ id: string }> = async ({ actor, params, json }) => [
  200,
  await approveCsr(actor, uuidParam(params.id, 'CSR'), json(approveInput)),
];

// What Next.js would have added (next.config.ts), and no caching of API answers.
const HEADERS: Record<string, string> = { ...Object.fromEntries(Object.entries(SECURITY_HEADERS).map(([k, v]) => [k.toLowerCase(), v])), 'content-security-policy': API_CONTENT_SECURITY_POLICY, 'cache-control': 'no-store' };

function headerSource(headers: EdgeRequest['headers']): HeaderSource {
  return {
    get(name) {
      const value = headers[name];
      return value === undefined ? null : Array.isArray(value) ? value.join(', ') : value;
    },
  };
}

/** One edge handler per route, made once; it reads its path parameters from the URL. */
function apiEdge<P>(pattern: RegExp, params: (match: RegExpExecArray) => P, handler: ApiHandler<P>) {
  const edge: EdgeHandler = async (req) => {
    // The listener chose this route on the raw path; the URL's path is normalised (WHATWG: a
    // `%2e%2e` segment is `..`, and resolves), so it may no longer match: nothing is there.
    const match = pattern.exec(req.url.pathname);
    if (!match) return { status: 404, headers: HEADERS, body: errorBody('not_found', 'Not found.') };
    const out = await runApi({ method: req.method, path: req.url.pathname, query: req.url.searchParams, headers: headerSource(req.headers), body: req.body }, params(match), handler);
    // Handlers on this path answer with data; a framework Response would be a programming error.
    if (out instanceof Response) throw new Error('edge API handlers return [status, body]');
    return { status: out.status, headers: { ...HEADERS, ...out.headers }, body: out.body };
  };
  edge.maxBody = MAX_BODY_BYTES;
  edge.tooLarge = (): EdgeResponse => {
    const out = tooLargeResult();
    return { status: out.status, headers: HEADERS, body: out.body };
  };
  return { method: 'POST', pattern, edge };
}

// IDs are UUIDs (uuidParam): percent-encoding has nothing to decode in one.
const routes = [
  apiEdge(/^\/api\/v1\/csrs$/, () => ({}), submitCsrHandler),
  apiEdge(/^\/api\/v1\/csrs\/([^/]+)\/approve$/, (m) => ({ id: m[1] }), approveCsrHandler),
];

/** The API routes the edge serves; everything else under /api goes to Next.js. */
export function apiEdgeRoute(method: string, pathname: string): EdgeHandler | null {
  if (!pathname.startsWith('/api/v1/csrs')) return null;
  return routes.find((r) => r.method === method && r.pattern.test(pathname))?.edge ?? null;
}
