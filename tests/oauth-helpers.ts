// OAuth helpers for the integration tests: form posts (optionally from another loopback
// address, to play a trusted TLS-terminating proxy) and client creation through the API.
import { request } from 'node:http';
import { api, baseUrl, type Member } from './helpers';

export type FormResult = { status: number; headers: Record<string, string | string[] | undefined>; body: any };

/** POST a form with node:http, so that the source address can be chosen (127.0.0.2 is the trusted proxy). */
export function postForm(path: string, form: Record<string, string>, init: { headers?: Record<string, string>; localAddress?: string; method?: string; contentType?: string; body?: string } = {}): Promise<FormResult> {
  const url = new URL(baseUrl());
  const payload = init.body ?? new URLSearchParams(form).toString();
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1', port: url.port, path, method: init.method ?? 'POST', localAddress: init.localAddress,
        headers: { 'content-type': init.contentType ?? 'application/x-www-form-urlencoded', 'content-length': Buffer.byteLength(payload), ...init.headers },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let body: unknown = text;
          try {
            body = JSON.parse(text);
          } catch {
            /* not JSON */
          }
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body });
        });
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

export const basic = (id: string, secret: string) => ({ authorization: `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}` });

export async function createClient(member: Member, body: { name?: string; scopes?: string[]; certificateBound?: boolean } = {}) {
  const res = await api('/api/v1/oauth-clients', { token: member.token, json: { name: 'billing', scopes: ['payments:read', 'payments:write'], ...body } });
  if (res.status !== 201) throw new Error(`create client: ${res.status} ${res.text}`);
  return res.body as { id: string; clientId: string; clientSecret: string; scopes: string[]; status: string };
}

export async function clientToken(clientId: string, secret: string, extra: Record<string, string> = {}) {
  const res = await postForm('/oauth/token', { grant_type: 'client_credentials', ...extra }, { headers: basic(clientId, secret) });
  if (res.status !== 200) throw new Error(`token: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as { access_token: string; refresh_token: string; scope: string; expires_in: number; token_type: string };
}

export const introspect = (caller: { clientId: string; clientSecret: string }, token: string) =>
  postForm('/oauth/introspect', { token }, { headers: basic(caller.clientId, caller.clientSecret) });
