// The edge → portal hop over real Unix sockets: what reaches the portal worker, what comes back,
// streaming, turn-taking, and a worker that is down.
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, request, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createPortalProxy, endToEndHeaders } from './portal-proxy';
import { stampPeer, stampUrl } from './stamp';
// stampPeer reads TRUSTED_PROXIES through the parsed configuration, which needs a secret.
process.env.TRUSTGATE_SECRET ??= 'portal-proxy-test-secret-0123456789abcdef';

type Seen = { worker: number; method: string; url: string; headers: IncomingMessage['headers']; body: string };

const dir = mkdtempSync(path.join(tmpdir(), 'tg-proxy-'));
const sockets = [0, 1].map((i) => path.join(dir, `portal-${i}.sock`));
const seen: Seen[] = [];
const workers: Server[] = [];
let front: Server;
let port: number;
let proxy: ReturnType<typeof createPortalProxy>;
let streamGate: () => void = () => undefined;

function portalWorker(worker: number) {
  return (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      seen.push({ worker, method: req.method!, url: req.url!, headers: req.headers, body: Buffer.concat(chunks).toString() });
      if (req.url!.startsWith('/api/invitations/')) return void req.socket.destroy(); // a worker that dies mid-request
      if (req.url === '/stream') {
        // The first part goes out at once; the rest waits until the test has received the first.
        res.writeHead(200, { 'content-type': 'text/plain' });
        res.write('first|');
        streamGate = () => res.end('second');
        return;
      }
      res.writeHead(201, 'Made', [
        'Set-Cookie', 'a=1; Path=/', 'Set-Cookie', 'b=2; Path=/', 'X-Worker', String(worker),
        'Connection', 'keep-alive, X-Private', 'X-Private', 'hop', 'Keep-Alive', 'timeout=5',
      ]);
      res.end(`worker ${worker}`);
    });
  };
}

async function listenWorker(i: number) {
  const server = createServer(portalWorker(i));
  await new Promise<void>((resolve) => server.listen(sockets[i], resolve));
  workers[i] = server;
}

const closeWorker = (i: number) => new Promise<void>((resolve) => {
  workers[i].close(() => resolve());
  workers[i].closeAllConnections();
});

type Answer = { status: number; message: string; headers: IncomingMessage['headers']; rawHeaders: string[]; body: string };

function send(method: string, url: string, body?: string, headers: Record<string, string> = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, method, path: url, headers: { ...headers, ...(body ? { 'content-length': String(Buffer.byteLength(body)) } : {}) } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode!, message: res.statusMessage!, headers: res.headers, rawHeaders: res.rawHeaders, body: Buffer.concat(chunks).toString() }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

beforeAll(async () => {
  await listenWorker(0);
  await listenWorker(1);
  proxy = createPortalProxy(sockets);
  // As the edge does (lib/server/listeners): stamp, then hand over.
  front = createServer((req, res) => {
    stampPeer(req);
    stampUrl(req);
    proxy.proxy(req, res);
  });
  await new Promise<void>((resolve) => front.listen(0, '127.0.0.1', resolve));
  port = (front.address() as { port: number }).port;
});

afterAll(async () => {
  proxy.close();
  front.closeAllConnections();
  await new Promise((resolve) => front.close(resolve));
  for (const w of workers) if (w.listening) await new Promise((resolve) => { w.closeAllConnections(); w.close(resolve); });
  rmSync(dir, { recursive: true, force: true });
});

describe('endToEndHeaders', () => {
  it('drops hop-by-hop fields and those the Connection field names (RFC 9110 section 7.6.1)', () => {
    const raw = ['Host', 'x', 'Connection', 'Keep-Alive, X-Secret', 'X-Secret', '1', 'TE', 'trailers', 'Transfer-Encoding', 'chunked', 'Upgrade', 'h2c', 'Cookie', 'c=1', 'Cookie', 'd=2'];
    expect(endToEndHeaders(raw)).toEqual(['Host', 'x', 'Cookie', 'c=1', 'Cookie', 'd=2']);
  });
});

describe('createPortalProxy', () => {
  it('forwards method, path, query, body and end-to-end headers, and returns status, reason and repeated headers', async () => {
    seen.length = 0;
    const answer = await send('POST', '/api/v1/things?x=1&y=%20', '{"a":1}', { 'content-type': 'application/json', connection: 'keep-alive, X-Drop', 'x-drop': 'no' });
    expect(answer.status).toBe(201);
    expect(answer.message).toBe('Made');
    expect(answer.body).toMatch(/^worker [01]$/);
    expect(answer.headers['set-cookie']).toEqual(['a=1; Path=/', 'b=2; Path=/']);
    expect(answer.headers['x-private']).toBeUndefined(); // named in the worker's Connection field
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({ method: 'POST', url: '/api/v1/things?x=1&y=%20', body: '{"a":1}' });
    expect(seen[0].headers).toMatchObject({ 'content-type': 'application/json', 'content-length': '7' });
    expect(seen[0].headers['x-drop']).toBeUndefined();
  });

  it("forwards the edge's stamps, never a client's: peer address, requested path, Client-Cert", async () => {
    seen.length = 0;
    const spoofed = { 'x-trustgate-peer': '203.0.113.9', 'X-Trustgate-Url': '//evil.example', 'client-cert': ':AAAA:', 'client-cert-chain': ':BBBB:' };
    await send('GET', '/certificates?x=1', undefined, spoofed);
    expect(seen).toHaveLength(1);
    expect(seen[0].headers['x-trustgate-peer']).toBe('127.0.0.1');
    expect(seen[0].headers['x-trustgate-url']).toBe('/certificates?x=1');
    expect(seen[0].headers['client-cert']).toBeUndefined(); // 127.0.0.1 is not a trusted proxy here
    expect(seen[0].headers['client-cert-chain']).toBeUndefined();
    expect(JSON.stringify(seen[0].headers)).not.toMatch(/203\.0\.113\.9|evil\.example/);
  });

  it('takes turns per request, so one keep-alive client still reaches every worker', async () => {
    seen.length = 0;
    for (let i = 0; i < 6; i += 1) await send('GET', `/page/${i}`);
    expect(seen.map((s) => s.worker).sort()).toEqual([0, 0, 0, 1, 1, 1]);
  });

  it('streams an answer as the worker writes it', async () => {
    const first = await new Promise<string>((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port, path: '/stream' }, (res) => {
        let text = '';
        res.on('data', (c: Buffer) => {
          text += c.toString();
          if (text === 'first|') {
            resolve(text);
            streamGate();
          }
        });
      });
      req.on('error', reject);
      req.end();
    });
    expect(first).toBe('first|'); // arrived before the worker ended its answer
  });

  it('a request that fails in the worker is logged by its route, never with the invitation token in its path or a query', async () => {
    const token = 'K7fJ2pQx9vRsT4uWy1zA3bC5dE8gH0iLmNoPqRsTuVw';
    const lines: string[] = [];
    const spy = vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => (lines.push(String(chunk)), true));
    try {
      const answer = await send('POST', `/api/invitations/${token}/accept?secret=s3cr3t`, '{"password":"x"}', { 'content-type': 'application/json' });
      expect(answer.status).toBe(503);
    } finally {
      spy.mockRestore();
    }
    const logged = lines.find((l) => l.includes('portal worker request failed'));
    expect(JSON.parse(logged!).path).toBe('/api/invitations/[token]/accept');
    expect(lines.join('')).not.toMatch(new RegExp(`${token}|s3cr3t`));
  });

  it('sends a request without a body to the other worker when one is down, and answers 503 with Retry-After when none is up', async () => {
    await closeWorker(1);
    seen.length = 0;
    const pages = await Promise.all([1, 2, 3, 4].map((i) => send('GET', `/page/${i}`)));
    expect(pages.map((p) => p.status)).toEqual([200, 200, 200, 200].map(() => 201));
    expect(seen.every((s) => s.worker === 0)).toBe(true);

    await closeWorker(0);
    const api = await send('POST', '/api/v1/csrs', '{}', { 'content-type': 'application/json' });
    expect(api.status).toBe(503);
    expect(api.headers['retry-after']).toBe('1');
    expect(JSON.parse(api.body)).toEqual({ error: { code: 'portal_unavailable', message: expect.any(String) } });
    const page = await send('GET', '/');
    expect(page.status).toBe(503);
    expect(page.headers['content-type']).toMatch(/^text\/plain/);

    await listenWorker(0);
    await listenWorker(1);
    await new Promise((r) => setTimeout(r, 1_100)); // past the down mark
    seen.length = 0;
    for (let i = 0; i < 4; i += 1) expect((await send('GET', `/page/${i}`)).status).toBe(201);
    expect(new Set(seen.map((s) => s.worker))).toEqual(new Set([0, 1]));
  });
});
