// Every page carries a Content-Security-Policy whose script nonce is fresh per response and is the
// one on each of the page's scripts (lib/http/security-headers.ts); JSON answers forbid all loading.
import { describe, expect, it } from 'vitest';
import { api, baseUrl, seedTenant, signIn } from '../helpers';

type Page = { policy: string; nonce: string; scripts: string[] };

async function page(path: string, headers: Record<string, string> = {}, status = 200): Promise<Page> {
  const res = await fetch(baseUrl() + path, { headers, redirect: 'manual' });
  expect(res.status).toBe(status);
  const policy = res.headers.get('content-security-policy') ?? '';
  const nonce = /'nonce-([A-Za-z0-9+/=]+)'/.exec(policy)?.[1] ?? '';
  return { policy, nonce, scripts: (await res.text()).match(/<script\b[^>]*>/g) ?? [] };
}

function directive(policy: string, name: string): string[] {
  const found = policy.split(';').map((d) => d.trim().split(/\s+/)).find(([n]) => n === name);
  return found?.slice(1) ?? [];
}

describe('Content-Security-Policy', () => {
  it('a page runs only scripts that carry its own nonce, and cannot be framed', async () => {
    for (const [path, status] of [['/signin', 200], ['/no-such-page', 404]] as const) {
      const { policy, nonce, scripts } = await page(path, {}, status);
      expect(nonce).toMatch(/^[A-Za-z0-9+/]{22}==$/); // 16 random bytes
      expect(directive(policy, 'script-src')).toEqual(expect.arrayContaining([`'nonce-${nonce}'`, "'strict-dynamic'"]));
      expect(directive(policy, 'script-src')).not.toContain("'unsafe-inline'");
      expect(directive(policy, 'object-src')).toEqual(["'none'"]);
      expect(directive(policy, 'base-uri')).toEqual(["'none'"]);
      expect(directive(policy, 'frame-ancestors')).toEqual(["'none'"]);
      expect(scripts.length).toBeGreaterThan(0);
      for (const script of scripts) expect(script).toContain(`nonce="${nonce}"`);
    }
  });

  it('a signed-in page too, with a new nonce for every response', async () => {
    const { engineer } = await seedTenant('csp');
    const cookie = (await signIn(engineer.email, engineer.password))!;
    const first = await page('/certificates', { cookie });
    const second = await page('/certificates', { cookie });
    expect(first.nonce).not.toBe(second.nonce);
    for (const { nonce, scripts } of [first, second]) {
      expect(scripts.length).toBeGreaterThan(0);
      for (const script of scripts) expect(script).toContain(`nonce="${nonce}"`);
    }
  });

  it('a nonce sent by the client is replaced, never put on the page', async () => {
    const planted = 'cGxhbnRlZC1ieS1jbGllbnQ=';
    const { policy, nonce, scripts } = await page('/signin', { 'content-security-policy': `script-src 'nonce-${planted}'` });
    expect(nonce).not.toBe(planted);
    expect(policy).not.toContain(planted);
    for (const script of scripts) expect(script).not.toContain(planted);
  });

  it('JSON answers, from the edge and from Next.js, forbid everything', async () => {
    for (const path of ['/api/health', '/api/auth/csrf', '/api/v1/certificates']) {
      const res = await api(path);
      expect(res.headers.get('content-security-policy'), path).toBe("default-src 'none'; frame-ancestors 'none'");
      expect(res.headers.get('x-content-type-options'), path).toBe('nosniff');
    }
  });
});
