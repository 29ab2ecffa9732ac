// Next.js answers a method that a route file does not export with an empty 405 and no Allow field,
// though RFC 9110 section 15.5.6 requires one and API.md promises the JSON error model for every
// 4xx. Next.js does not expose which methods a route has, so they are read once from the route
// files themselves (app/api/**/route.ts, which the server always runs beside), and the one place
// that hands requests to Next.js (lib/server/listeners) turns such a 405 into the API's answer.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { errorBody } from './respond';

const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] as const;
type Route = { pattern: RegExp; dynamic: number; statics: number; allow: string };

/** The methods a route module exports: `export const GET`, `export async function GET`, `export { x as GET }`. */
export function exportedMethods(source: string): Set<string> {
  const found = new Set<string>();
  for (const m of source.matchAll(/export\s+(?:const|let|async\s+function|function)\s+([A-Z]+)\b/g)) found.add(m[1]);
  for (const m of source.matchAll(/export\s*\{([^}]*)\}/g)) for (const a of m[1].matchAll(/\bas\s+([A-Z]+)\b/g)) found.add(a[1]);
  return new Set([...found].filter((name) => (METHODS as readonly string[]).includes(name)));
}

/** RFC 9110 section 10.2.1: what Next.js would answer, HEAD for GET and OPTIONS always included. */
export function allowField(methods: Set<string>): string {
  const allow = new Set([...methods, 'OPTIONS']);
  if (allow.has('GET')) allow.add('HEAD');
  return [...allow].sort().join(', ');
}

function routeOf(dir: string, root: string, methods: Set<string>): Route {
  const segments = path.relative(root, dir).split(path.sep).filter((s) => s && !/^\(.*\)$/.test(s)); // (groups) are not in the URL
  let dynamic = 0;
  const parts = segments.map((s) => {
    if (/^\[\.\.\..+\]$/.test(s)) return (dynamic += 100), '.+'; // a catch-all matches last
    if (/^\[.+\]$/.test(s)) return (dynamic += 1), '[^/]+';
    return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  });
  const statics = segments.filter((s) => !s.startsWith('[')).length;
  return { pattern: new RegExp(`^/${['api', ...parts].join('/')}/?$`), dynamic, statics, allow: allowField(methods) };
}

function readRoutes(root: string): Route[] {
  const routes: Route[] = [];
  for (const entry of readdirSync(root, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !/^route\.(ts|js)$/.test(entry.name)) continue;
    const file = path.join(entry.parentPath, entry.name);
    routes.push(routeOf(entry.parentPath, root, exportedMethods(readFileSync(file, 'utf8'))));
  }
  // Static segments win, as in Next.js's matching: fewer dynamic ones first, then more static ones
  // (/api/auth/[...nextauth] before the catch-all /api/[...path]).
  return routes.sort((a, b) => a.dynamic - b.dynamic || b.statics - a.statics);
}

let routes: Route[] | undefined;
const table = () => (routes ??= readRoutes(path.join(process.cwd(), 'app', 'api')));

/** The Allow field for an /api path, or null when no route file claims it. */
export function allowedMethods(pathname: string): string | null {
  return table().find((r) => r.pattern.test(pathname))?.allow ?? null;
}

/** The error model's 405 body: what was refused, and the methods to use instead when known. */
const notAllowedBody = (refused: string, allow: string | null) =>
  JSON.stringify(errorBody('method_not_allowed', `${refused}${allow ? `; use ${allow}` : ''}.`));

/**
 * For an /api request: if Next.js ends it as an empty 405, end it instead with the JSON error
 * and the Allow field. Any other answer passes through untouched.
 */
export function answerMethodNotAllowed(req: IncomingMessage, res: ServerResponse): void {
  const pathname = (req.url ?? '/').split('?')[0];
  if (!pathname.startsWith('/api/')) return;
  const end = res.end.bind(res) as (...args: unknown[]) => ServerResponse;
  res.end = ((...args: unknown[]) => {
    const empty = args[0] === undefined || args[0] === null || typeof args[0] === 'function';
    if (res.statusCode !== 405 || res.headersSent || !empty) return end(...args);
    const allow = allowedMethods(pathname);
    const body = notAllowedBody(`${req.method} is not allowed here`, allow);
    if (allow) res.setHeader('allow', allow);
    res.setHeader('content-type', 'application/json');
    res.setHeader('content-length', Buffer.byteLength(body));
    return end(body);
  }) as ServerResponse['end'];
}

/**
 * TRACE (RFC 9110 section 9.3.8) echoes the request back, cookies included, so it is refused
 * everywhere: 405 with the error model. Next.js would hand it to a route handler as a WHATWG
 * Request, which refuses the method and ends in a 500; a page would answer it like a GET.
 * Says whether it answered.
 */
export function answerTrace(req: IncomingMessage, res: ServerResponse): boolean {
  if (req.method !== 'TRACE') return false;
  const pathname = (req.url ?? '/').split('?')[0];
  const allow = pathname.startsWith('/api/') ? allowedMethods(pathname) : 'GET, HEAD';
  const body = notAllowedBody('TRACE is not supported', allow);
  res.writeHead(405, { ...(allow ? { allow } : {}), 'content-type': 'application/json', 'cache-control': 'no-store', 'content-length': Buffer.byteLength(body) });
  res.end(body);
  return true;
}
