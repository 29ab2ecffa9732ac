// Paths no route claims, and paths that only look like a route until they are normalised, answer
// the API's error model: a JSON 404, never an HTML page or a 5xx. Sent with node:http, because
// fetch (WHATWG URL) would resolve the dot segments before they left this process.
import { request } from 'node:http';
import { connect } from 'node:net';
import { beforeAll, describe, expect, it } from 'vitest';
import { baseUrl, navigation, seedTenant, seedUser, signIn, type Member } from '../helpers';

let operator: Member;
let engineer: Member;
beforeAll(async () => {
  operator = await seedUser('operator');
  engineer = (await seedTenant('paths')).engineer;
});

type RawAnswer = { status: number; type: string; allow?: string; body: string };
function raw(method: string, path: string, token?: string, send?: { body?: Buffer | string; headers?: Record<string, string> }): Promise<RawAnswer> {
  const url = new URL(baseUrl());
  return new Promise((resolve, reject) => {
    const headers = { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}), ...send?.headers };
    const req = request({ host: url.hostname, port: url.port, method, path, headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode!, type: String(res.headers['content-type']), allow: res.headers.allow, body }));
    });
    req.on('error', reject);
    req.end(send?.body ?? (method === 'POST' ? '{}' : undefined));
  });
}

/** Bytes written straight to the socket, for requests node:http would refuse to send. */
function rawBytes(bytes: string): Promise<string> {
  const url = new URL(baseUrl());
  return new Promise((resolve, reject) => {
    const socket = connect(Number(url.port), url.hostname, () => socket.write(bytes));
    let answer = '';
    socket.setEncoding('utf8');
    socket.on('data', (d) => (answer += d));
    socket.on('end', () => resolve(answer));
    socket.on('error', reject);
  });
}

const errorOf = (res: RawAnswer) => [res.status, res.type.split(';')[0], JSON.parse(res.body).error.code];

describe('API paths', () => {
  it('dot segments on the issuance path (served outside Next.js) → 404 not_found', async () => {
    for (const path of ['/api/v1/csrs/%2e%2e/approve', '/api/v1/csrs/%2E%2E/approve', '/api/v1/csrs/%2e/approve', '/api/v1/csrs/./approve']) {
      for (const token of [undefined, operator.token]) {
        const res = await raw('POST', path, token);
        expect([res.status, res.type], `${path} ${token ? 'operator' : 'anonymous'}: ${res.body}`).toEqual([404, 'application/json']);
        expect(JSON.parse(res.body).error.code).toBe('not_found');
      }
    }
  });

  it('a path no route has → JSON 404 not_found, whatever the method', async () => {
    for (const [method, path] of [['GET', '/api/v1/nope'], ['POST', '/api/v1/csrs/x/y/z'], ['DELETE', '/api/nothing'], ['GET', '/api/v2/csrs']]) {
      const res = await raw(method, path, operator.token);
      expect([res.status, res.type.split(';')[0]], `${method} ${path}: ${res.body.slice(0, 80)}`).toEqual([404, 'application/json']);
      expect(JSON.parse(res.body).error.code).toBe('not_found');
    }
  });

  it('a method a route does not have → JSON 405 method_not_allowed with the Allow field (RFC 9110 section 15.5.6)', async () => {
    const id = '00000000-0000-4000-8000-000000000000';
    for (const [method, path, allow] of [
      ['PUT', '/api/v1/csrs', 'GET, HEAD, OPTIONS, POST'],
      ['DELETE', `/api/v1/certificates/${id}`, 'GET, HEAD, OPTIONS'],
      ['PATCH', `/api/v1/oauth-clients/${id}`, 'DELETE, GET, HEAD, OPTIONS'],
      ['GET', `/api/v1/csrs/${id}/cancel`, 'OPTIONS, POST'],
      ['POST', '/api/health', 'GET, HEAD, OPTIONS'],
    ]) {
      for (const token of [undefined, operator.token]) {
        const res = await raw(method, path, token);
        expect([res.status, res.type.split(';')[0], res.allow], `${method} ${path}: ${res.body.slice(0, 80)}`).toEqual([405, 'application/json', allow]);
        expect(JSON.parse(res.body).error.code).toBe('method_not_allowed');
      }
    }
  });
});

describe('TRACE', () => {
  it('is refused everywhere with 405 method_not_allowed (route handlers answered 500, pages answered it like a GET)', async () => {
    for (const [path, allow] of [
      ['/api/v1/csrs', 'GET, HEAD, OPTIONS, POST'], ['/api/v1/me', 'GET, HEAD, OPTIONS'], ['/api/auth/session', 'GET, HEAD, OPTIONS, POST'],
      ['/pki/ca.pem', 'GET, HEAD'], ['/pki/crl', 'GET, HEAD'], ['/signin', 'GET, HEAD'], ['/dashboard', 'GET, HEAD'],
    ]) {
      for (const token of [undefined, operator.token]) {
        const res = await raw('TRACE', path, token);
        expect([res.status, res.type.split(';')[0], res.allow, JSON.parse(res.body).error.code], `${path}`).toEqual([405, 'application/json', allow, 'method_not_allowed']);
        expect(res.body, 'nothing of the request is echoed').not.toContain(operator.token);
      }
    }
  });
});

describe('requests broken below the application still get the error model, never a 5xx', () => {
  it('a path with a percent-escape that does not decode → 400 bad_request (Next.js answered a bare 500)', async () => {
    for (const [method, path] of [['GET', '/api/v1/csrs/%ZZ'], ['GET', '/api/v1/certificates/%E0%A4%A/pem'], ['POST', '/api/v1/csrs/%ZZ/cancel'], ['GET', '/api/health%ZZ'], ['GET', '/api/invitations/%ZZ'], ['GET', '/certificates/%ZZ']]) {
      for (const token of [undefined, operator.token]) {
        const res = await raw(method, path, token);
        expect(errorOf(res), `${method} ${path}`).toEqual([400, 'application/json', 'bad_request']);
      }
    }
  });

  it('JSON nested thousands deep → 422 validation_failed on every kind of route (a recursive walk overflowed the stack: 500)', async () => {
    for (const depth of [5_000, 200_000]) {
      const body = `{"csr":${'['.repeat(depth)}${']'.repeat(depth)}}`;
      for (const path of ['/api/v1/csrs', '/api/v1/oauth-clients', '/api/v1/signatures/verify', '/api/v1/console/requests']) {
        const res = await raw('POST', path, engineer.token, { body });
        expect(errorOf(res), `${path} at ${depth}`).toEqual([422, 'application/json', 'validation_failed']);
        expect(JSON.parse(res.body).error.message).toMatch(/nested deeper than 32 levels/);
      }
    }
    // 32 levels are still fine as far as the body goes (the schema then decides).
    const shallow = await raw('POST', '/api/v1/console/requests', engineer.token, { body: JSON.stringify({ method: 'POST', path: '/sandbox/v1/nowhere', body: JSON.parse(`${'['.repeat(30)}${']'.repeat(30)}`) }) });
    expect(JSON.parse(shallow.body).error?.message ?? '').not.toMatch(/nested/);
  });

  it('a body that is not UTF-8 → 400 invalid_json, not a name stored with U+FFFD in it', async () => {
    const body = Buffer.concat([Buffer.from('{"name":"'), Buffer.from([0xff, 0xfe]), Buffer.from('","scopes":["payments:read"]}')]);
    const res = await raw('POST', '/api/v1/oauth-clients', engineer.token, { body });
    expect(errorOf(res)).toEqual([400, 'application/json', 'invalid_json']);
  });

  it("a navigation request (RSC: 1) with a router state Next.js cannot read → 400 bad_request (Next.js answered a bare 500)", async () => {
    const cookie = (await signIn(engineer.email, engineer.password))!;
    const send = (path: string, headers: Record<string, string>) => navigation(path, { cookie, ...headers });
    for (const path of ['/dashboard', '/signin', '/certificates']) {
      for (const state of ['%', '%E0%A4%A', '[', 'null', '1', '{"a":1}', '["",{}', '["",{"children":["x",{}]},"not a url pair"]', '\u00e9']) {
        const res = await send(path, { 'next-router-state-tree': state });
        expect([res.status, res.headers.get('content-type'), (await res.json()).error.code], `${path} ${state}`).toEqual([400, 'application/json', 'bad_request']);
      }
      // What the browser's router sends still works, and the other router headers never break a page either.
      const good = await send(path, { 'next-router-state-tree': encodeURIComponent(JSON.stringify(['', { children: ['__PAGE__', {}] }])) });
      expect([good.status, good.headers.get('content-type')], path).toEqual([200, 'text/x-component']);
      for (const name of ['next-router-prefetch', 'next-router-segment-prefetch', 'next-url', 'next-action', 'next-hmr-refresh']) {
        for (const value of ['%', '[', '1', '\u00e9', '/../../etc']) {
          expect((await send(path, { [name]: value })).status, `${path} ${name}=${value}`).toBeLessThan(500);
          const plain = await fetch(`${baseUrl()}${path}`, { redirect: 'manual', headers: { cookie, [name]: value } });
          expect(plain.status, `${path} ${name}=${value}, no RSC`).toBeLessThan(500);
        }
      }
    }
  });

  it('garbage in the fields every layer reads (Host, Cookie, Authorization, forwarding, content type) → never a 5xx', async () => {
    const fields: [string, string][] = [
      ['host', '[::'], ['host', 'a b'], ['host', '%'], ['cookie', 'next-auth.session-token=%'], ['cookie', `next-auth.session-token=${'a'.repeat(4000)}`],
      ['cookie', 'next-auth.csrf-token=%E0%A4%A'], ['cookie', '=;=;;'], ['authorization', 'Bearer %'], ['authorization', 'Bearer '], ['authorization', 'Basic %%%'],
      ['x-forwarded-for', 'not an ip'], ['x-forwarded-host', '[::'], ['content-type', 'application/json; charset=utf-16'], ['content-type', 'multipart/form-data'],
      ['origin', 'null'], ['idempotency-key', ''], ['idempotency-key', 'x'.repeat(1000)],
    ];
    const paths = ['/', '/dashboard', '/pki/ca.pem', '/api/auth/session', '/api/v1/me', '/api/v1/csrs', '/oauth/token', '/api/password-resets', '/reset-password/abc'];
    const failures: string[] = [];
    for (const [name, value] of fields) {
      for (const path of paths) {
        for (const method of ['GET', 'POST']) {
          const res = await raw(method, path, undefined, { headers: { [name]: value } });
          if (res.status >= 500) failures.push(`${method} ${path} ${name}: ${value.slice(0, 24)} → ${res.status}`);
        }
      }
    }
    // A garbled session cookie answered 500 on every API route (an undecodable percent-escape).
    expect(failures).toEqual([]);
    const garbled = await raw('GET', '/api/v1/me', undefined, { headers: { cookie: 'next-auth.session-token=%E0%A4%A' } });
    expect(errorOf(garbled)).toEqual([401, 'application/json', 'unauthenticated']);
  });

  it("a header section over Node's limit → 431 headers_too_large, a request line that is not HTTP → 400 bad_request", async () => {
    const big = await raw('GET', '/api/v1/me', undefined, { headers: { 'x-filler': 'a'.repeat(20_000) } });
    expect(errorOf(big)).toEqual([431, 'application/json', 'headers_too_large']);
    const garbage = await rawBytes('NOT HTTP AT ALL\r\n\r\n');
    expect(garbage).toMatch(/^HTTP\/1\.1 400 Bad Request\r\n/);
    expect(JSON.parse(garbage.slice(garbage.indexOf('\r\n\r\n') + 4)).error.code).toBe('bad_request');
  });
});
