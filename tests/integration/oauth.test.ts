// OAuth 2.0 client credentials end to end: an independent client library (oauth4webapi)
// discovers the server and gets tokens, jose verifies them against the JWKS; every RFC 6749
// section 5.2 error; refresh rotation and reuse; secret overlap; suspension; revocation;
// the failed-authentication limit across instances; tenancy; tls_client_auth through Client-Cert.
import { createHash } from 'node:crypto';
import { createRemoteJWKSet, decodeProtectedHeader, jwtVerify } from 'jose';
import * as oauth from 'oauth4webapi';
import { beforeAll, describe, expect, it } from 'vitest';
import { api, baseUrl, seedTenant, seedUser, submitAndApprove, type Member } from '../helpers';
import { basic, clientToken, createClient, introspect, postForm } from '../oauth-helpers';
import { recordAuthFailure } from '../../lib/oauth/rate-limit';
import { db } from '../../lib/db/client';
import { cliActor } from '../../lib/auth/actor';
import { changeClientStatus } from '../../lib/oauth/clients';
import { pruneExpiredTokens } from '../../lib/oauth/maintenance';

let operator: Member;
let a: Awaited<ReturnType<typeof seedTenant>>;
let b: Awaited<ReturnType<typeof seedTenant>>;
let client: Awaited<ReturnType<typeof createClient>>;

beforeAll(async () => {
  operator = await seedUser('operator');
  a = await seedTenant('oauth-a');
  b = await seedTenant('oauth-b');
  client = await createClient(a.engineer);
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('an independent OAuth client (oauth4webapi) and JWT verifier (jose)', () => {
  it('discovers the metadata, gets a token with client_secret_basic and verifies it against the JWKS', async () => {
    const issuer = new URL(baseUrl());
    const as = await oauth.processDiscoveryResponse(issuer, await oauth.discoveryRequest(issuer, { algorithm: 'oauth2', [oauth.allowInsecureRequests]: true }));
    expect(as.grant_types_supported).toEqual(['client_credentials', 'refresh_token']);
    expect(as.token_endpoint_auth_methods_supported).toEqual(['client_secret_basic', 'client_secret_post', 'tls_client_auth']);
    expect(as.tls_client_certificate_bound_access_tokens).toBe(true);

    const c: oauth.Client = { client_id: client.clientId };
    const res = await oauth.clientCredentialsGrantRequest(as, c, oauth.ClientSecretBasic(client.clientSecret), { scope: 'payments:read' }, { [oauth.allowInsecureRequests]: true });
    expect(res.headers.get('cache-control')).toBe('no-store');
    const tokens = await oauth.processClientCredentialsResponse(as, c, res);
    expect(tokens.token_type).toBe('bearer');
    expect(tokens.expires_in).toBe(1800);
    expect(tokens.scope).toBe('payments:read');
    expect(tokens.refresh_token).toMatch(/^tgr_/);

    const jwks = createRemoteJWKSet(new URL(as.jwks_uri!));
    const { payload, protectedHeader } = await jwtVerify(tokens.access_token, jwks, { issuer: baseUrl(), typ: 'at+jwt', algorithms: ['ES256'] });
    expect(protectedHeader).toMatchObject({ alg: 'ES256', typ: 'at+jwt' });
    expect(payload).toMatchObject({ iss: baseUrl(), sub: client.clientId, client_id: client.clientId, scope: 'payments:read', org_id: a.org.id });
    expect(payload.exp! - payload.iat!).toBe(1800);
    expect(payload.jti).toMatch(/^[0-9a-f-]{36}$/);
    expect(typeof payload.aud).toBe('string');
    expect(payload.cnf).toBeUndefined();

    // Refresh through the library: rotation gives a new refresh token.
    const refreshed = await oauth.processRefreshTokenResponse(as, c, await oauth.refreshTokenGrantRequest(as, c, oauth.ClientSecretPost(client.clientSecret), tokens.refresh_token!, { [oauth.allowInsecureRequests]: true }));
    expect(refreshed.refresh_token).not.toBe(tokens.refresh_token);

    // Introspection and revocation through the library.
    const info = await oauth.processIntrospectionResponse(as, c, await oauth.introspectionRequest(as, c, oauth.ClientSecretBasic(client.clientSecret), refreshed.access_token, { [oauth.allowInsecureRequests]: true }));
    expect(info).toMatchObject({ active: true, client_id: client.clientId, scope: 'payments:read', org_id: a.org.id });
    await oauth.processRevocationResponse(await oauth.revocationRequest(as, c, oauth.ClientSecretBasic(client.clientSecret), refreshed.access_token, { [oauth.allowInsecureRequests]: true }));
    expect((await introspect(client, refreshed.access_token)).body).toEqual({ active: false });
  });

  it('publishes every endpoint and serves the JWKS the tokens name', async () => {
    const meta = (await api('/.well-known/oauth-authorization-server')).body;
    for (const field of ['token_endpoint', 'revocation_endpoint', 'introspection_endpoint', 'jwks_uri']) expect(meta[field]).toMatch(/^http/);
    expect(meta.mtls_endpoint_aliases.token_endpoint).toMatch(/^https:\/\/.+\/oauth\/token$/);
    const jwks = await api('/.well-known/jwks.json');
    expect(jwks.headers.get('content-type')).toContain('application/jwk-set+json');
    const { access_token } = await clientToken(client.clientId, client.clientSecret);
    expect(jwks.body.keys.map((k: { kid: string }) => k.kid)).toContain(decodeProtectedHeader(access_token).kid);
    for (const key of jwks.body.keys) expect(key).not.toHaveProperty('d');
  });
});

describe('RFC 6749 section 5.2 errors', () => {
  const token = (form: Record<string, string>, headers?: Record<string, string>) => postForm('/oauth/token', form, { headers });

  it('invalid_request: no grant_type, JSON instead of a form, a repeated parameter, Basic plus client_secret', async () => {
    const missing = await token({}, basic(client.clientId, client.clientSecret));
    expect([missing.status, missing.body.error]).toEqual([400, 'invalid_request']);
    const json = await postForm('/oauth/token', { grant_type: 'client_credentials' }, { headers: basic(client.clientId, client.clientSecret), contentType: 'application/json' });
    expect([json.status, json.body.error]).toEqual([400, 'invalid_request']);
    const both = await token({ grant_type: 'client_credentials', client_secret: client.clientSecret }, basic(client.clientId, client.clientSecret));
    expect([both.status, both.body.error]).toEqual([400, 'invalid_request']);
    expect(both.headers['cache-control']).toBe('no-store');
  });

  it('a NUL character (U+0000), which PostgreSQL cannot hold, is refused, never a 500', async () => {
    for (const path of ['/oauth/token', '/oauth/introspect', '/oauth/revoke']) {
      const inBody = await postForm(path, { grant_type: 'client_credentials', token: 't', client_id: 'a\u0000b', client_secret: 'x' });
      expect([path, inBody.status, inBody.body.error]).toEqual([path, 400, 'invalid_request']);
      const inBasic = await postForm(path, { grant_type: 'client_credentials', token: 't' }, { headers: basic('a\u0000b', 'x') });
      expect([path, inBasic.status, inBasic.body.error]).toEqual([path, 401, 'invalid_client']);
    }
  });

  it('repeated parameters are refused', async () => {
    const raw = await fetch(`${baseUrl()}/oauth/token`, {
      method: 'POST',
      headers: { ...basic(client.clientId, client.clientSecret), 'content-type': 'application/x-www-form-urlencoded' },
      body: 'grant_type=client_credentials&scope=payments:read&scope=payments:write',
    });
    expect(raw.status).toBe(400);
    expect((await raw.json()).error).toBe('invalid_request');
  });

  it('invalid_client: 401 with a Basic challenge (RFC 9110 §15.5.2: every 401 has one), whichever method was tried; no secret in the answer', async () => {
    const viaBasic = await token({ grant_type: 'client_credentials' }, basic(client.clientId, 'tgs_wrong'));
    expect([viaBasic.status, viaBasic.body.error]).toEqual([401, 'invalid_client']);
    expect(viaBasic.headers['www-authenticate']).toMatch(/^Basic /);
    const viaPost = await token({ grant_type: 'client_credentials', client_id: client.clientId, client_secret: 'tgs_wrong' });
    expect([viaPost.status, viaPost.body.error]).toEqual([401, 'invalid_client']);
    expect(viaPost.headers['www-authenticate']).toMatch(/^Basic realm=/);
    const unknown = await token({ grant_type: 'client_credentials' }, basic('cli_nobody', 'x'));
    expect(unknown.status).toBe(401);
    const none = await token({ grant_type: 'client_credentials' });
    expect([none.status, none.body.error]).toEqual([401, 'invalid_client']);
    expect(none.headers['www-authenticate']).toMatch(/^Basic realm=/);
    expect(JSON.stringify(viaBasic.body)).not.toContain('tgs_wrong');
  });

  it('invalid_grant, unauthorized_client, unsupported_grant_type, invalid_scope, and 405', async () => {
    const grant = await token({ grant_type: 'refresh_token', refresh_token: 'tgr_not-a-token' }, basic(client.clientId, client.clientSecret));
    expect([grant.status, grant.body.error]).toEqual([400, 'invalid_grant']);
    const bound = await createClient(a.engineer, { name: 'bound', certificateBound: true });
    const unbound = await token({ grant_type: 'client_credentials' }, basic(bound.clientId, bound.clientSecret));
    expect([unbound.status, unbound.body.error]).toEqual([400, 'unauthorized_client']);
    const grantType = await token({ grant_type: 'password', username: 'x', password: 'y' }, basic(client.clientId, client.clientSecret));
    expect([grantType.status, grantType.body.error]).toEqual([400, 'unsupported_grant_type']);
    const scope = await token({ grant_type: 'client_credentials', scope: 'payments:read admin:everything' }, basic(client.clientId, client.clientSecret));
    expect([scope.status, scope.body.error]).toEqual([400, 'invalid_scope']);
    const get = await api('/oauth/token');
    expect(get.status).toBe(405);
    expect(get.headers.get('allow')).toBe('POST');
  });
});

describe('refresh tokens', () => {
  it('rotate on every use; reusing a used one is refused and revokes the whole family', async () => {
    const first = await clientToken(client.clientId, client.clientSecret);
    const refresh = (rt: string) => postForm('/oauth/token', { grant_type: 'refresh_token', refresh_token: rt }, { headers: basic(client.clientId, client.clientSecret) });
    const second = await refresh(first.refresh_token);
    expect(second.status).toBe(200);
    expect(second.body.refresh_token).not.toBe(first.refresh_token);
    const third = await refresh(second.body.refresh_token);
    expect(third.status).toBe(200);

    const reuse = await refresh(first.refresh_token);
    expect([reuse.status, reuse.body.error]).toEqual([400, 'invalid_grant']);
    expect(reuse.body.error_description).toMatch(/family/);
    const afterReuse = await refresh(third.body.refresh_token);
    expect([afterReuse.status, afterReuse.body.error]).toEqual([400, 'invalid_grant']);
  });

  it('of two concurrent uses exactly one wins', async () => {
    const first = await clientToken(client.clientId, client.clientSecret);
    const results = await Promise.all(
      Array.from({ length: 6 }, () => postForm('/oauth/token', { grant_type: 'refresh_token', refresh_token: first.refresh_token }, { headers: basic(client.clientId, client.clientSecret) })),
    );
    expect(results.filter((r) => r.status === 200)).toHaveLength(1);
    expect(results.filter((r) => r.body.error === 'invalid_grant')).toHaveLength(5);
  });

  it('belong to their client', async () => {
    const other = await createClient(a.engineer, { name: 'other' });
    const { refresh_token } = await clientToken(client.clientId, client.clientSecret);
    const stolen = await postForm('/oauth/token', { grant_type: 'refresh_token', refresh_token }, { headers: basic(other.clientId, other.clientSecret) });
    expect(stolen.body.error).toBe('invalid_grant');
  });
});

describe('secrets', () => {
  it('rotation keeps the previous secret for the chosen overlap, then retires it', async () => {
    const c = await createClient(a.engineer, { name: 'rotating' });
    const rotated = await api(`/api/v1/oauth-clients/${c.id}/secrets`, { token: a.engineer.token, json: { previousSecretValidForSeconds: 2 } });
    expect(rotated.status).toBe(201);
    expect(rotated.body.clientSecret).toMatch(/^tgs_[A-Za-z0-9_-]{43}$/);
    expect(Date.parse(rotated.body.previousSecretExpiresAt) - Date.now()).toBeLessThanOrEqual(2000);
    await clientToken(c.clientId, c.clientSecret);
    await clientToken(c.clientId, rotated.body.clientSecret);
    await sleep(2300);
    const old = await postForm('/oauth/token', { grant_type: 'client_credentials' }, { headers: basic(c.clientId, c.clientSecret) });
    expect(old.status).toBe(401);
    await clientToken(c.clientId, rotated.body.clientSecret);

    const immediate = await api(`/api/v1/oauth-clients/${c.id}/secrets`, { token: a.admin.token, json: {} });
    const gone = await postForm('/oauth/token', { grant_type: 'client_credentials' }, { headers: basic(c.clientId, rotated.body.clientSecret) });
    expect(gone.status).toBe(401);
    await clientToken(c.clientId, immediate.body.clientSecret);
  });

  it('are never listed, stored in clear or audited', async () => {
    const listed = await api('/api/v1/oauth-clients', { token: a.engineer.token });
    expect(listed.text).not.toContain(client.clientSecret);
    expect(listed.body.items.find((c: { id: string }) => c.id === client.id)).toMatchObject({ clientId: client.clientId, status: 'active' });
    const rows = await db().oAuthClientSecret.findMany();
    expect(JSON.stringify(rows)).not.toContain(client.clientSecret.slice(4));
    const audit = await db().auditEntry.findMany({ where: { action: { startsWith: 'oauth_client.' } } });
    expect(audit.length).toBeGreaterThan(0);
    expect(audit.map((e) => e.body).join('\n')).not.toMatch(/tgs_/);
  });
});

describe('suspension, deletion and revocation', () => {
  it('a suspended client gets no tokens and its tokens are inactive at once; resume restores them', async () => {
    const c = await createClient(a.engineer, { name: 'suspend-me' });
    const resource = await createClient(a.engineer, { name: 'resource server' });
    const { access_token, refresh_token } = await clientToken(c.clientId, c.clientSecret);
    expect((await introspect(resource, access_token)).body.active).toBe(true);
    expect((await introspect(resource, refresh_token)).body.active).toBe(true);

    expect((await api(`/api/v1/oauth-clients/${c.id}/suspend`, { token: a.engineer.token, json: {} })).status).toBe(403);
    expect((await api(`/api/v1/oauth-clients/${c.id}/suspend`, { token: a.admin.token, json: {} })).body.status).toBe('suspended');
    const again = await api(`/api/v1/oauth-clients/${c.id}/suspend`, { token: a.admin.token, json: {} });
    expect([again.status, again.body.error]).toEqual([409, { code: 'conflict', message: 'This client is suspended already.' }]);
    expect((await introspect(resource, access_token)).body).toEqual({ active: false });
    expect((await introspect(resource, refresh_token)).body).toEqual({ active: false });
    const refused = await postForm('/oauth/token', { grant_type: 'client_credentials' }, { headers: basic(c.clientId, c.clientSecret) });
    expect([refused.status, refused.body.error]).toEqual([400, 'unauthorized_client']);

    expect((await api(`/api/v1/oauth-clients/${c.id}/resume`, { token: a.admin.token, json: {} })).body.status).toBe('active');
    expect((await introspect(resource, access_token)).body.active).toBe(true);

    expect((await api(`/api/v1/oauth-clients/${c.id}`, { token: a.admin.token, method: 'DELETE' })).status).toBe(200);
    expect((await introspect(resource, access_token)).body).toEqual({ active: false });
    expect((await api(`/api/v1/oauth-clients/${c.id}`, { token: a.admin.token })).status).toBe(404);
    expect((await postForm('/oauth/token', { grant_type: 'client_credentials' }, { headers: basic(c.clientId, c.clientSecret) })).status).toBe(401);
  });

  it('a change made by another instance reaches the server cache through NOTIFY', async () => {
    const c = await createClient(a.engineer, { name: 'cached' });
    await clientToken(c.clientId, c.clientSecret); // now cached by the server
    // This test process is another instance: it suspends through lib, on the same database.
    await changeClientStatus(cliActor, c.id, 'suspend');
    let answer = '';
    for (let i = 0; i < 20 && answer !== 'unauthorized_client'; i++) {
      answer = (await postForm('/oauth/token', { grant_type: 'client_credentials' }, { headers: basic(c.clientId, c.clientSecret) })).body.error ?? 'ok';
      if (answer !== 'unauthorized_client') await sleep(50);
    }
    expect(answer).toBe('unauthorized_client');
  });

  it('revocation: access and refresh tokens turn inactive; unknown tokens answer 200', async () => {
    const { access_token, refresh_token } = await clientToken(client.clientId, client.clientSecret);
    const revoke = (t: string) => postForm('/oauth/revoke', { token: t }, { headers: basic(client.clientId, client.clientSecret) });
    expect((await revoke(access_token)).status).toBe(200);
    expect((await introspect(client, access_token)).body.active).toBe(false);
    expect((await revoke(refresh_token)).status).toBe(200);
    const refreshed = await postForm('/oauth/token', { grant_type: 'refresh_token', refresh_token }, { headers: basic(client.clientId, client.clientSecret) });
    expect(refreshed.body.error).toBe('invalid_grant');
    expect((await revoke('not-a-token')).status).toBe(200);
    expect((await postForm('/oauth/introspect', { token: access_token })).status).toBe(401);
  });
});

describe('tenancy', () => {
  it("another organization's client is 404 on every route and its tokens are inactive to us", async () => {
    // [method, path, body, status for the other organization's engineer]; its admin always gets 404.
    for (const [method, path, body, forEngineer] of [
      ['GET', `/api/v1/oauth-clients/${client.id}`, undefined, 404],
      ['POST', `/api/v1/oauth-clients/${client.id}/secrets`, {}, 404],
      ['POST', `/api/v1/oauth-clients/${client.id}/suspend`, {}, 403],
      ['POST', `/api/v1/oauth-clients/${client.id}/resume`, {}, 403],
      ['DELETE', `/api/v1/oauth-clients/${client.id}`, undefined, 403],
    ] as const) {
      expect((await api(path, { token: b.engineer.token, method, json: body })).status, `engineer ${method} ${path}`).toBe(forEngineer);
      expect((await api(path, { token: b.admin.token, method, json: body })).status, `admin ${method} ${path}`).toBe(404);
    }
    expect((await api(`/api/v1/oauth-clients/${client.id}`, { token: a.engineer.token })).body.status).toBe('active');
    const listed = await api('/api/v1/oauth-clients', { token: b.engineer.token });
    expect(listed.body.items.map((c: { id: string }) => c.id)).not.toContain(client.id);
    const all = await api('/api/v1/oauth-clients', { token: operator.token });
    expect(all.body.items.map((c: { id: string }) => c.id)).toContain(client.id);
    expect((await api('/api/v1/oauth-clients', { token: operator.token, json: { name: 'x', scopes: ['payments:read'] } })).status).toBe(403);

    const theirs = await createClient(b.engineer, { name: 'b' });
    const ours = await clientToken(client.clientId, client.clientSecret);
    expect((await introspect(theirs, ours.access_token)).body).toEqual({ active: false });
  });

  it('scopes outside the deployment list are refused at creation', async () => {
    const res = await api('/api/v1/oauth-clients', { token: a.engineer.token, json: { name: 'x', scopes: ['root'] } });
    expect([res.status, res.body.error.code]).toEqual([422, 'validation_failed']);
  });
});

describe('tls_client_auth through the RFC 9440 Client-Cert interface', () => {
  it('a certificate-bound client authenticates with its certificate and gets a cnf-bound token; Client-Cert from an untrusted peer is ignored', async () => {
    const { certificate } = await submitAndApprove(a.engineer, operator);
    const pem = (await api(`/api/v1/certificates/${certificate.id}/pem`, { token: a.engineer.token })).text;
    const der = Buffer.from(pem.replace(/-----[^-]+-----|\s/g, ''), 'base64');
    const header = { 'client-cert': `:${der.toString('base64')}:` };
    const bound = await createClient(a.engineer, { name: 'mtls', certificateBound: true });

    const viaProxy = await postForm('/oauth/token', { grant_type: 'client_credentials', client_id: bound.clientId }, { headers: header, localAddress: '127.0.0.2' });
    expect(viaProxy.status, JSON.stringify(viaProxy.body)).toBe(200);
    const claims = JSON.parse(Buffer.from(viaProxy.body.access_token.split('.')[1], 'base64url').toString());
    expect(claims.cnf).toEqual({ 'x5t#S256': createHash('sha256').update(der).digest('base64url') });
    expect((await introspect(client, viaProxy.body.access_token)).body.cnf).toEqual(claims.cnf);

    // A secret plus the certificate also binds; the secret alone is refused for a bound client.
    const withSecret = await postForm('/oauth/token', { grant_type: 'client_credentials' }, { headers: { ...header, ...basic(bound.clientId, bound.clientSecret) }, localAddress: '127.0.0.2' });
    expect(withSecret.status).toBe(200);

    const spoofed = await postForm('/oauth/token', { grant_type: 'client_credentials', client_id: bound.clientId }, { headers: header });
    expect([spoofed.status, spoofed.body.error]).toEqual([401, 'invalid_client']);

    // Another organization's certificate does not authenticate our client.
    const { certificate: theirs } = await submitAndApprove(b.engineer, operator);
    const theirPem = (await api(`/api/v1/certificates/${theirs.id}/pem`, { token: b.engineer.token })).text;
    const theirHeader = { 'client-cert': `:${Buffer.from(theirPem.replace(/-----[^-]+-----|\s/g, ''), 'base64').toString('base64')}:` };
    const wrongOrg = await postForm('/oauth/token', { grant_type: 'client_credentials', client_id: bound.clientId }, { headers: theirHeader, localAddress: '127.0.0.2' });
    expect(wrongOrg.status).toBe(401);

    // A revoked certificate no longer authenticates.
    await api(`/api/v1/certificates/${certificate.id}/revoke`, { token: a.admin.token, json: { reason: 'keyCompromise' } });
    const revoked = await postForm('/oauth/token', { grant_type: 'client_credentials', client_id: bound.clientId }, { headers: header, localAddress: '127.0.0.2' });
    expect([revoked.status, revoked.body.error]).toEqual([401, 'invalid_client']);
  });
});

describe('failed client authentication is rate limited', () => {
  it('per client ID across instances: the 11th failure in a minute is 429 with Retry-After; other clients are unaffected', async () => {
    const victim = await createClient(a.engineer, { name: 'guessed' });
    const wrong = () => postForm('/oauth/token', { grant_type: 'client_credentials' }, { headers: basic(victim.clientId, 'tgs_guess') });
    for (let i = 0; i < 5; i++) expect((await wrong()).status).toBe(401);
    // This test process is a second instance with its own limiter objects: the budget is shared through PostgreSQL.
    for (let i = 0; i < 5; i++) expect(await recordAuthFailure(victim.clientId, null)).toBeNull();
    const limited = await wrong();
    expect([limited.status, limited.body.error]).toEqual([429, 'invalid_client']);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect(Number(limited.headers['retry-after'])).toBeLessThanOrEqual(60);
    // The right secret still works (guessing must not lock the owner out), and so do other clients.
    await clientToken(victim.clientId, victim.clientSecret);
    await clientToken(client.clientId, client.clientSecret);
  });

  it('per source address: 100 failures a minute, then 429 for that address only', async () => {
    let last = 0;
    for (let i = 0; i < 101; i++) {
      const res = await postForm('/oauth/token', { grant_type: 'client_credentials' }, { headers: basic(`cli_random${i}`, 'x'), localAddress: '127.0.0.3' });
      last = res.status;
      if (i < 100) expect(res.status).toBe(401);
    }
    expect(last).toBe(429);
    const elsewhere = await postForm('/oauth/token', { grant_type: 'client_credentials' }, { headers: basic('cli_random0', 'x') });
    expect(elsewhere.status).toBe(401);
  });
});

describe('upkeep', () => {
  it('prunes refresh tokens a day after they expire, and revocations once the token has expired', async () => {
    const { refresh_token, access_token } = await clientToken(client.clientId, client.clientSecret);
    await postForm('/oauth/revoke', { token: access_token }, { headers: basic(client.clientId, client.clientSecret) });
    const refreshes = () => db().oAuthRefreshToken.count({ where: { orgId: a.org.id } }); // other files issue tokens meanwhile
    const before = await refreshes();
    expect((await pruneExpiredTokens(new Date())).refreshTokens).toBe(0);
    expect(await refreshes()).toBe(before);
    expect((await introspect(client, refresh_token)).body.active).toBe(true);

    const later = await pruneExpiredTokens(new Date(Date.now() + 32 * 86_400_000));
    expect(later.refreshTokens).toBeGreaterThanOrEqual(before);
    expect(later.revocations).toBeGreaterThan(0);
    const gone = await postForm('/oauth/token', { grant_type: 'refresh_token', refresh_token }, { headers: basic(client.clientId, client.clientSecret) });
    expect(gone.body.error).toBe('invalid_grant');
  });
});
