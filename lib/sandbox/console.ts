// The test console (POST /api/v1/console/requests): performs an engineer's sandbox request live,
// through the real mTLS listener, as the organization's sandbox identity, with a real token
// from the token endpoint and a real RFC 9421 signature, and returns every step.
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { db } from '../db/client';
import { config } from '../config';
import { requireRole, type Actor } from '../auth/actor';
import { fail } from '../errors';
import { caChainPem } from '../pki/ca-store';
import type { Header } from '../signatures/message';
import { ensureSandboxIdentity } from './identity';
import { identityAgent, mtlsFetch, signSandboxRequest } from './mtls-client';
import { consoleSnippets } from './snippets';

const FORBIDDEN_HEADERS = /^(host|content-length|content-digest|signature|signature-input|authorization|client-cert|transfer-encoding|connection)$/i;

// A dot segment, plain or percent-encoded (RFC 3986 §5.2.4 removes it, §2.3 lets %2E mean "."):
// "/sandbox/../oauth/token" would leave the sandbox.
const DOT_SEGMENT = /(^|\/)(\.|%2e){1,2}(\/|\?|$)/i;

export const consoleInput = z.object({
  method: z.enum(['GET', 'POST']),
  path: z
    .string()
    .regex(/^\/sandbox\/[A-Za-z0-9/_\-.~%?=&]*$/, 'path must start with /sandbox/')
    .refine((p) => !DOT_SEGMENT.test(p), 'path must not hold "." or ".." segments: the console calls the sandbox only'),
  // RFC 9110 §5.5: a field value is visible ASCII, space and tab (obs-text aside, which no client
  // should send and Node refuses to).
  headers: z
    .record(
      z.string().regex(/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/, 'a header name is a token (RFC 9110 §5.6.2)'),
      z.string().max(1000).regex(/^[\t\x20-\x7e]*$/, 'header values must be visible ASCII, space or tab (RFC 9110 §5.5)'),
    )
    .default({}),
  body: z.unknown().optional(),
});

const redact = (token: string) => `${token.slice(0, 12)}…${token.slice(-6)} (${token.length} characters)`;
const ms = (t: number) => Math.round((performance.now() - t) * 10) / 10;

export async function runConsoleRequest(actor: Actor, input: z.infer<typeof consoleInput>) {
  requireRole(actor, 'engineer', 'org_admin');
  if (!actor.orgId) return fail('forbidden', 'The console runs as your organization; your account has none.');
  const cfg = config();
  const identity = await ensureSandboxIdentity(actor.orgId);
  const caPem = await caChainPem();
  const agent = identityAgent({ keyPem: identity.keyPem, certPem: identity.certPem, caPem }, false);
  const base = cfg.mtlsUrl;
  try {
    // 1. Token exchange over mTLS: tls_client_auth with the sandbox certificate.
    let t = performance.now();
    const form = `grant_type=client_credentials&client_id=${identity.clientId}`;
    const tokenRes = await mtlsFetch(`${base}/oauth/token`, { method: 'POST', headers: [['Content-Type', 'application/x-www-form-urlencoded']], body: form }, agent);
    const tokenBody = JSON.parse(tokenRes.body.toString() || '{}');
    const token = {
      request: `POST /oauth/token\nContent-Type: application/x-www-form-urlencoded\n\n${form}`,
      status: tokenRes.status, ms: ms(t), authMethod: 'tls_client_auth (the sandbox certificate; no secret exists)',
      accessToken: tokenBody.access_token ? redact(tokenBody.access_token) : null,
      claims: tokenBody.access_token ? JSON.parse(Buffer.from(tokenBody.access_token.split('.')[1], 'base64url').toString()) : null,
      error: tokenBody.error ? `${tokenBody.error}: ${tokenBody.error_description}` : null,
    };
    if (!tokenBody.access_token) return save(actor, input, { token, verdict: 'failed' });

    // 2. The signed request.
    const body = input.method === 'POST' ? (typeof input.body === 'string' ? input.body : JSON.stringify(input.body ?? {})) : undefined;
    const headers: Header[] = Object.entries(input.headers).filter(([n]) => !FORBIDDEN_HEADERS.test(n));
    if (body && !headers.some(([n]) => /^content-type$/i.test(n))) headers.push(['Content-Type', 'application/json']);
    if (input.method === 'POST' && !headers.some(([n]) => /^idempotency-key$/i.test(n))) headers.push(['Idempotency-Key', randomUUID()]);
    headers.push(['Authorization', `Bearer ${tokenBody.access_token}`]);
    const url = `${base}${input.path}`;
    const { headers: signedHeaders, signed } = signSandboxRequest({ keyPem: identity.keyPem, certPem: identity.certPem, caPem }, { method: input.method, url, headers, body });
    const shown = (h: Header[]) => h.map(([n, v]) => [n, /^authorization$/i.test(n) ? `Bearer ${redact(tokenBody.access_token)}` : v] as Header);
    t = performance.now();
    const res = await mtlsFetch(url, { method: input.method, headers: signedHeaders, body }, agent);
    const text = res.body.toString();
    let json: unknown = null;
    try {
      json = JSON.parse(text);
    } catch {
      json = null;
    }
    const failedLayer = res.status === 401 ? ((json as { error?: { layer?: string } })?.error?.layer ?? null) : null;
    const layers = (['mtls', 'token', 'signature'] as const).map((layer, i, all) => ({
      layer,
      passed: failedLayer === null ? res.status > 0 : all.indexOf(failedLayer as never) > i,
      detail: failedLayer === layer ? (json as { error: { code: string; message: string } }).error : null,
    }));
    const trace = {
      tls: { ...res.tls, clientCertificate: `CN=${identity.orgId}, O=Trustgate sandbox (SHA-256 ${identity.fingerprintSha256})` },
      token,
      request: { method: input.method, url, headers: shown(signedHeaders), body: body ?? null },
      signature: { contentDigest: signedHeaders.find(([n]) => n === 'Content-Digest')?.[1] ?? null, base: signed.base, signatureInput: signed.signatureInput, signature: signed.signatureHeader },
      response: { status: res.status, headers: res.headers, body: json ?? text, ms: ms(t) },
      layers,
      snippets: consoleSnippets({ method: input.method, url, headers: headers.filter(([n]) => !/^authorization$/i.test(n)), body }),
      verdict: layers.every((l) => l.passed) && res.status < 400 ? 'passed' : 'failed',
    };
    return save(actor, input, trace);
  } finally {
    agent.destroy();
  }
}

async function save(actor: Actor, input: z.infer<typeof consoleInput>, trace: Record<string, unknown> & { verdict: string }) {
  const id = randomUUID();
  const status = (trace.response as { status?: number } | undefined)?.status ?? null;
  await db().consoleRun.create({ data: { id, orgId: actor.orgId!, userId: actor.userId, method: input.method, path: input.path, status, verdict: trace.verdict, trace: trace as object } });
  return { id, createdAt: new Date(), ...trace };
}

export async function listConsoleRuns(actor: Actor) {
  if (!actor.orgId) return [];
  const rows = await db().consoleRun.findMany({ where: { orgId: actor.orgId }, orderBy: { createdAt: 'desc' }, take: 20, select: { id: true, method: true, path: true, status: true, verdict: true, createdAt: true } });
  return rows;
}

export async function getConsoleRun(actor: Actor, id: string) {
  const row = await db().consoleRun.findUnique({ where: { id } });
  if (!row || row.orgId !== actor.orgId) return fail('not_found', 'Console run not found.');
  return { id: row.id, createdAt: row.createdAt, ...(row.trace as object) };
}
