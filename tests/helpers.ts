import { randomBytes } from 'node:crypto';
import { x509 } from '../lib/pki/x509';
import { inject } from 'vitest';
import { cliActor } from '../lib/auth/actor';
import { createApiToken } from '../lib/auth/api-tokens';
import { createOrganization } from '../lib/orgs/organizations';
import { createUser } from '../lib/orgs/users';


export const baseUrl = () => inject('baseUrl');

export type ApiResult = { status: number; body: any; headers: Headers; text: string };

export async function api(path: string, init: { token?: string; method?: string; json?: unknown; body?: BodyInit; headers?: Record<string, string> } = {}): Promise<ApiResult> {
  const headers: Record<string, string> = { ...(init.headers ?? {}) };
  if (init.token) headers.authorization = `Bearer ${init.token}`;
  if (init.json !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(baseUrl() + path, {
    method: init.method ?? (init.json !== undefined || init.body !== undefined ? 'POST' : 'GET'),
    headers,
    body: init.json !== undefined ? JSON.stringify(init.json) : init.body,
    redirect: 'manual',
  });
  const text = await res.text();
  let body: unknown = null;
  try {
    body = JSON.parse(text);
  } catch {
    body = text;
  }
  return { status: res.status, body, headers: res.headers, text };
}

export const uniqueId = (prefix: string) => `${prefix}-${randomBytes(4).toString('hex')}`;

export type Member = { email: string; password: string; token: string; role: string; orgId: string | null };

export async function seedOrg(prefix = 'org') {
  return createOrganization(cliActor, { id: uniqueId(prefix), name: `${prefix} Inc.` });
}

export async function seedUser(role: 'operator' | 'org_admin' | 'engineer', orgId?: string): Promise<Member> {
  const email = `${uniqueId(role)}@example.test`;
  const password = 'correct-horse-battery';
  const user = await createUser(cliActor, { email, password, role, orgId: role === 'operator' ? undefined : orgId });
  const { token } = await createApiToken(cliActor, user.id, { name: 'tests' });
  return { email, password, token, role, orgId: user.orgId };
}

/** A tenant with an org admin and an engineer, plus the deployment's operator. */
export async function seedTenant(prefix = 'acme') {
  const org = await seedOrg(prefix);
  return { org, admin: await seedUser('org_admin', org.id), engineer: await seedUser('engineer', org.id) };
}

export type KeyKind = 'P-256' | 'P-384' | 'Ed25519' | 'RSA-2048';

const keyParams: Record<KeyKind, [EcKeyGenParams | RsaHashedKeyGenParams | Algorithm, Algorithm | EcdsaParams]> = {
  'P-256': [{ name: 'ECDSA', namedCurve: 'P-256' } as EcKeyGenParams, { name: 'ECDSA', hash: 'SHA-256' } as EcdsaParams],
  'P-384': [{ name: 'ECDSA', namedCurve: 'P-384' } as EcKeyGenParams, { name: 'ECDSA', hash: 'SHA-384' } as EcdsaParams],
  Ed25519: [{ name: 'Ed25519' }, { name: 'Ed25519' }],
  'RSA-2048': [
    { name: 'RSASSA-PKCS1-v1_5', modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-256' } as RsaHashedKeyGenParams,
    { name: 'RSASSA-PKCS1-v1_5' },
  ],
};

/** A CSR made in-process with WebCrypto + @peculiar/x509 (the unit tests also use openssl). */
export async function makeCsr(commonName: string, kind: KeyKind = 'P-384') {
  const [gen, sign] = keyParams[kind];
  const keys = (await crypto.subtle.generateKey(gen, true, ['sign', 'verify'])) as CryptoKeyPair;
  const csr = await x509.Pkcs10CertificateRequestGenerator.create({ name: `CN=${commonName}`, keys, signingAlgorithm: sign });
  return { pem: csr.toString('pem'), der: new Uint8Array(csr.rawData), keys };
}

export async function submitAndApprove(engineer: Member, operator: Member, validityDays?: number) {
  const { pem } = await makeCsr(engineer.orgId!);
  const submitted = await api('/api/v1/csrs', { token: engineer.token, json: { csr: pem } });
  if (submitted.status !== 201) throw new Error(`submit: ${submitted.status} ${submitted.text}`);
  const approved = await api(`/api/v1/csrs/${submitted.body.id}/approve`, { token: operator.token, json: validityDays ? { validityDays } : {} });
  if (approved.status !== 200) throw new Error(`approve: ${approved.status} ${approved.text}`);
  return approved.body as { csr: any; certificate: any };
}

/** A sign-in through next-auth's credentials callback, as the sign-in form posts it (with its CSRF cookie). */
export async function postSignIn(email: string, password: string, extraCookie = ''): Promise<Response> {
  const csrf = await fetch(`${baseUrl()}/api/auth/csrf`);
  const { csrfToken } = await csrf.json();
  const cookies = [...csrf.headers.getSetCookie().map((c) => c.split(';')[0]), ...(extraCookie ? [extraCookie] : [])];
  return fetch(`${baseUrl()}/api/auth/callback/credentials`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: cookies.join('; ') },
    body: new URLSearchParams({ csrfToken, email, password, json: 'true' }),
  });
}

/** The session cookie (`name=value`) a successful sign-in sets, or null. */
export async function signIn(email: string, password: string): Promise<string | null> {
  const session = (await postSignIn(email, password)).headers.getSetCookie().find((c) => c.startsWith('next-auth.session-token='));
  return session ? session.split(';')[0] : null;
}

/**
 * A navigation request as the browser's router sends it (`RSC: 1` plus the given router headers).
 * Next.js first answers 307 to the same path with its cache-busting `_rsc` query; this follows it.
 */
export async function navigation(path: string, headers: Record<string, string>): Promise<Response> {
  const init = { redirect: 'manual' as const, headers: { rsc: '1', ...headers } };
  const first = await fetch(`${baseUrl()}${path}`, init);
  const busted = first.headers.get('location');
  return busted?.includes('_rsc=') ? fetch(`${baseUrl()}${busted}`, init) : first;
}
