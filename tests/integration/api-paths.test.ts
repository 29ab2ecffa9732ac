// Paths no route claims, and paths that only look like a route until they are normalised, answer
// the API's error model: a JSON 404, never an HTML page or a 5xx. Sent with node:http, because
// fetch (WHATWG URL) would resolve the dot segments before they left this process.
import { request } from 'node:http';
import { beforeAll, describe, expect, it } from 'vitest';
import { baseUrl, seedUser, type Member } from '../helpers';

let operator: Member;
beforeAll(async () => {
  operator = await seedUser('operator');
});

function raw(method: string, path: string, token?: string): Promise<{ status: number; type: string; allow?: string; body: string }> {
  const url = new URL(baseUrl());
  return new Promise((resolve, reject) => {
    const req = request({ host: url.hostname, port: url.port, method, path, headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) } }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode!, type: String(res.headers['content-type']), allow: res.headers.allow, body }));
    });
    req.on('error', reject);
    req.end(method === 'POST' ? '{}' : undefined);
  });
}

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
