// Production's process layout (lib/server/cluster): edge workers in front, portal workers (Next.js)
// behind them on Unix sockets. A portal or edge worker that dies is replaced, and pages keep
// being served meanwhile: requests without a body go to a portal worker that is up.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';

const PORT = String(process.env.E2E_PORT ?? 3210);

type Worker = { pid: number; kind: 'edge' | 'portal' };

/** This server's workers, from /proc: their command line and the role the primary gave them. */
function workers(): Worker[] {
  const found: Worker[] = [];
  for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    try {
      if (!readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('lib/server/worker.ts')) continue;
      const env = readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0');
      if (!env.includes(`PORT=${PORT}`)) continue;
      const role = env.find((e) => e.startsWith('TRUSTGATE_WORKER_ROLE='));
      if (role) found.push({ pid: Number(pid), kind: JSON.parse(role.slice(role.indexOf('=') + 1)).kind });
    } catch {
      // the process ended while it was read
    }
  }
  return found;
}

const count = (kind: Worker['kind']) => workers().filter((w) => w.kind === kind).length;

test('a dead portal or edge worker is replaced and pages are served meanwhile', async ({ request, playwright, baseURL }) => {
  const before = workers();
  const portals = before.filter((w) => w.kind === 'portal');
  const edges = before.filter((w) => w.kind === 'edge');
  expect(portals.length).toBeGreaterThan(0);
  expect(edges.length).toBe(portals.length);

  process.kill(portals[0].pid, 'SIGKILL');
  await expect.poll(() => existsSync(`/proc/${portals[0].pid}`)).toBe(false); // reaped by the primary
  // Pages while the portal worker is gone: another one answers (with one portal worker, 503 with
  // Retry-After until it is back).
  for (let i = 0; i < 8; i += 1) {
    const page = await request.get('/signin');
    if (portals.length > 1) expect(page.status()).toBe(200);
    else expect([200, 503]).toContain(page.status());
  }
  await expect.poll(() => count('portal'), { timeout: 90_000 }).toBe(portals.length);
  expect(workers().map((w) => w.pid)).not.toContain(portals[0].pid);
  await expect.poll(async () => (await request.get('/signin')).status(), { timeout: 30_000 }).toBe(200);

  // The connections the killed edge worker held die with it (a browser retries such a request
  // itself); new connections go to the edge workers that are alive. (A connection that node:cluster
  // hands to a worker in the instant between its death and the primary seeing it is lost: a
  // limit of node:cluster, see nodejs/node#21746, so the checks start once the primary has reaped it.)
  process.kill(edges[0].pid, 'SIGKILL');
  await expect.poll(() => existsSync(`/proc/${edges[0].pid}`)).toBe(false);
  await expect.poll(() => count('edge'), { timeout: 60_000 }).toBe(edges.length);
  const fresh = await playwright.request.newContext({ baseURL, timeout: 20_000 });
  for (let i = 0; i < 4; i += 1) {
    expect((await fresh.get('/signin')).status()).toBe(200);
    expect((await fresh.get('/.well-known/oauth-authorization-server')).status()).toBe(200);
  }
  await fresh.dispose();
});
