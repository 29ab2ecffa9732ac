// npm run bench:issue — end-to-end issuance through the HTTP API (submit + approve N P-384 CSRs)
// against this machine's ceiling for one issuance in one Node process (verify a P-384 signature
// + make a P-384 signature), measured in the same run; then the certificate list API with
// 100,000 certificates in one organization (p95 target ≤ 50 ms). Between the two, the same CSRs
// through a floor server (./lib/floor-server; BENCH_FLOOR=0 skips it). BENCH_N, BENCH_WARMUP,
// BENCH_CONCURRENCY and BENCH_LIST_ROWS size the run; BENCH_SERVER_ARGS and BENCH_FLOOR_ARGS are
// extra node flags for the two servers (--cpu-prof, say).
import { KeyObject, sign, verify } from 'node:crypto';
import { x509 } from '../lib/pki/x509';
import { cliActor } from '../lib/auth/actor';
import { createApiToken } from '../lib/auth/api-tokens';
import { db } from '../lib/db/client';
import { resetConfig } from '../lib/config';
import { createOrganization } from '../lib/orgs/organizations';
import { createUser } from '../lib/orgs/users';
import { cpuMs, cpuReading, isPostgres, isTrustgateServer, type CpuReading } from './lib/process-cpu';
import { benchClient } from './lib/http-client';
import { interleave, measure, startFloor, type Target } from './lib/floor';
import { median, percentile, pool, runBench } from './lib/server';

const N = Number(process.env.BENCH_N ?? 2000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 8);
const LIST_ROWS = Number(process.env.BENCH_LIST_ROWS ?? 100_000);
// Untimed issuances first, as a server in service is warm: the edge workers' CPU per certificate
// keeps falling for the first ≈ 1,500 (V8 still optimising: TurboFan took 7–10 % of their CPU
// after 300). The bench prints that curve, by 250, so that each run shows where it settled.
const WARMUP = Number(process.env.BENCH_WARMUP ?? 1500);
const WARMUP_CHUNK = 250;
const FLOOR = process.env.BENCH_FLOOR !== '0';
const TARGET = 0.7;
const FLOOR_ROUNDS = Number(process.env.BENCH_FLOOR_ROUNDS ?? 7);
const FLOOR_PER_ROUND = Number(process.env.BENCH_FLOOR_PER_ROUND ?? 300);

// The ceiling is the faster of two loops: WebCrypto (the stack's X.509 libraries sign through it)
// and node:crypto's synchronous one-shot calls (what the server uses, lib/pki/node-crypto). The
// synchronous loop skips WebCrypto's hand-off to the thread pool and runs ≈ 10 % faster; a ceiling
// measured with WebCrypto alone flattered the ratio by that much (bench/RESULTS.md, stop 18).
async function ceiling(seconds = 3): Promise<{ webcrypto: number; sync: number }> {
  const ecdsa = { name: 'ECDSA', hash: 'SHA-384' };
  const keys = (await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-384' }, true, ['sign', 'verify'])) as CryptoKeyPair;
  const data = new Uint8Array(600).fill(7);
  const sig = await crypto.subtle.sign(ecdsa, keys.privateKey, data);
  const [privateKey, publicKey] = [KeyObject.from(keys.privateKey), KeyObject.from(keys.publicKey)];
  const derSig = sign('sha384', data, privateKey);
  const loop = async (step: () => unknown) => {
    let n = 0;
    const end = performance.now() + (seconds * 1000) / 2;
    while (performance.now() < end) {
      await step();
      n += 1;
    }
    return n / (seconds / 2);
  };
  const webcrypto = await loop(async () => {
    await crypto.subtle.verify(ecdsa, keys.publicKey, sig, data);
    await crypto.subtle.sign(ecdsa, keys.privateKey, data);
  });
  const sync = await loop(() => {
    verify('sha384', data, publicKey, derSig);
    sign('sha384', data, privateKey);
  });
  return { webcrypto, sync };
}

async function seedUsers(orgId: string) {
  await createOrganization(cliActor, { id: orgId, name: 'Bench' });
  const eng = await createUser(cliActor, { email: `eng@${orgId}.test`, password: 'bench-password-1', role: 'engineer', orgId });
  const op = await createUser(cliActor, { email: `op@${orgId}.test`, password: 'bench-password-1', role: 'operator' });
  return { engineer: (await createApiToken(cliActor, eng.id, { name: 'b' })).token, operator: (await createApiToken(cliActor, op.id, { name: 'b' })).token };
}

// A lean keep-alive client (./lib/http-client): fetch cost this process ≈ 1.5 ms of CPU per
// request, and node:http ≈ 0.35 ms, CPU the server under test then lacks on a 2-core machine.
type Client = ReturnType<typeof benchClient>;
const post = (client: Client, path: string, token: string, body: unknown) =>
  client.post(path, { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, JSON.stringify(body));

const ISSUE_ORG = 'bench-issue';
const makeCsrs = (count = WARMUP + N) =>
  pool(count, 4, async () => {
    const keys = (await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-384' }, false, ['sign', 'verify'])) as CryptoKeyPair;
    return (await x509.Pkcs10CertificateRequestGenerator.create({ name: `CN=${ISSUE_ORG}`, keys, signingAlgorithm: { name: 'ECDSA', hash: 'SHA-384' } })).toString('pem');
  });

async function benchIssuance(baseUrl: string, csrs: string[]) {
  const tokens = await seedUsers(ISSUE_ORG);
  const client = benchClient(baseUrl);
  const issue = async (csr: string) => {
    const r = await post(client, '/api/v1/csrs', tokens.engineer, { csr });
    if (r.status !== 201) throw new Error(`submit ${r.status} ${r.text}`);
    const { id } = r.json();
    const a = await post(client, `/api/v1/csrs/${id}/approve`, tokens.operator, {});
    if (a.status !== 200) throw new Error(`approve ${a.status} ${a.text}`);
  };
  const curve: string[] = [];
  for (let done = 0; done < WARMUP; done += WARMUP_CHUNK) {
    const n = Math.min(WARMUP_CHUNK, WARMUP - done);
    const before = cpuSplit().server;
    await pool(n, CONCURRENCY, (i) => issue(csrs[N + done + i]));
    curve.push(((cpuSplit().server - before) / n).toFixed(2));
  }
  if (curve.length) console.log(`warm-up, server CPU per certificate by ${WARMUP_CHUNK}: ${curve.join(' ')} ms`);
  const cpuBefore = cpuSplit();
  const detailBefore = cpuDetail();
  const start = performance.now();
  const finished: number[] = [];
  await pool(N, CONCURRENCY, async (i) => {
    await issue(csrs[i]);
    finished.push(performance.now());
  });
  const seconds = (performance.now() - start) / 1000;
  const cpuAfter = cpuSplit();
  const detail = perCertDetail(detailBefore, cpuDetail());
  const perCert = Object.fromEntries(Object.entries(cpuAfter).map(([k, v]) => [k, (v - cpuBefore[k as keyof typeof cpuBefore]) / N]));
  return { rate: N / seconds, cpuMsPerCert: perCert, detail, windows: windowRates(start, finished), issue, close: () => client.close() };
}

// Certificates/s in each tenth of the timed run: on a shared machine its speed drifts within a
// run, and the spread shows how far (the ceiling is measured only before and after).
function windowRates(start: number, finished: number[]): number[] {
  const size = Math.max(1, Math.floor(finished.length / 10));
  const rates: number[] = [];
  for (let end = size; end <= finished.length; end += size) {
    const from = end === size ? start : finished[end - size - 1];
    rates.push((size * 1000) / (finished[end - 1] - from));
  }
  return rates;
}

// CPU per certificate by process (from /proc): where the time goes, steadier than wall time.
const cpuSplit = () => {
  const own = process.cpuUsage();
  return {
    server: cpuMs(isTrustgateServer),
    postgres: cpuMs(isPostgres),
    bench: (own.user + own.system) / 1000,
  };
};

// Kernel time and context switches of the server and PostgreSQL, per certificate: how much of
// their CPU is the machinery between processes (socket wake-ups, scheduling) rather than work.
const cpuDetail = () => ({ server: cpuReading(isTrustgateServer), postgres: cpuReading(isPostgres) });
const perCertDetail = (before: ReturnType<typeof cpuDetail>, after: ReturnType<typeof cpuDetail>) => {
  const one = (b: CpuReading, a: CpuReading) =>
    `system ${((a.systemMs - b.systemMs) / N).toFixed(2)} ms of ${((a.userMs + a.systemMs - b.userMs - b.systemMs) / N).toFixed(2)}, ${((a.switches - b.switches) / N).toFixed(1)} context switches`;
  return `server ${one(before.server, after.server)}; postgres ${one(before.postgres, after.postgres)}`;
};

// The floor (./lib/floor-server): the thinnest server that still parses and verifies each CSR and
// signs each certificate with our code, without a database and with the least a durable one
// needs; then the same bare server calling Trustgate's own lib. Trustgate against each, in
// interleaved rounds (./lib/floor), splits what everything else costs: its domain and database
// work (the audit chain, the totals, the outbox, group commit) against its HTTP API layer
// (authentication, checks, idempotency).
async function benchFloors(issue: (csr: string) => Promise<void>, csrs: string[], databaseUrl: string, ceil: number) {
  const total = FLOOR_ROUNDS * FLOOR_PER_ROUND;
  console.log(`\nthe floor (bench/lib/floor-server.ts), ${FLOOR_ROUNDS} interleaved rounds of ${FLOOR_PER_ROUND} certificates each, concurrency ${CONCURRENCY}:`);
  // Trustgate and the lib floor write through Trustgate's checks: they need keys never used.
  const [fresh, actors] = await Promise.all([makeCsrs(2 * total + WARMUP), floorActors()]);
  const own: Record<string, string[]> = { trustgate: fresh.slice(0, total), memory: csrs, pg: csrs, lib: fresh.slice(total) };
  const floors = [];
  try {
    for (const mode of ['memory', 'pg', 'lib'] as const) {
      const floor = await startFloor(mode, { databaseUrl, actors });
      floors.push(floor);
      // As warm as Trustgate's server: the same number of untimed issuances.
      await measure(floor, mode === 'lib' ? own.lib.slice(total) : csrs.slice(N, N + WARMUP), CONCURRENCY);
    }
    const trustgate: Target = { name: 'trustgate', issue, isServer: isTrustgateServer };
    const results = await interleave([trustgate, ...floors], (t) => own[t.name], { rounds: FLOOR_ROUNDS, perRound: FLOOR_PER_ROUND, concurrency: CONCURRENCY });
    const ours = results.get('trustgate')!;
    const labels: Record<string, string> = { trustgate: 'Trustgate', memory: 'floor, no database', pg: 'floor, INSERT per request', lib: "floor, Trustgate's lib" };
    for (const [name, rounds] of results) {
      const rate = median(rounds.map((r) => r.rate));
      const against = name === 'trustgate' ? '' : `; Trustgate reaches ${median(rounds.map((r, i) => ours[i].rate / r.rate)).toFixed(2)} of it (rounds ${rounds.map((r, i) => (ours[i].rate / r.rate).toFixed(2)).join(' ')})`;
      console.log(`  ${labels[name].padEnd(26)} ${rate.toFixed(0)} certificates/s, ${(rate / ceil).toFixed(2)} of the ceiling${against}`);
      console.log(`  ${''.padEnd(26)} CPU per certificate: server ${median(rounds.map((r) => r.serverMs)).toFixed(2)} ms${name === 'memory' ? '' : `, postgres ${median(rounds.map((r) => r.postgresMs)).toFixed(2)} ms`}`);
    }
    console.log(durableVerdict(median(results.get('pg')!.map((r) => r.rate)) / ceil, median(ours.map((r, i) => r.rate / results.get('pg')![i].rate))));
  } finally {
    for (const floor of floors) await floor.stop?.();
  }
}

// What the INSERT floor says about the target on this machine: a server that stores each
// certificate durably (a commit per request) and does nothing else reaches `floor` of the
// ceiling; Trustgate, writing what the product requires, reaches `ours` of that floor.
function durableVerdict(floor: number, ours: number): string {
  const needed = TARGET / floor;
  return floor < TARGET
    ? `  verdict: the INSERT floor itself (our signatures, an INSERT and a commit per request, nothing else) reaches ${floor.toFixed(2)} of the ceiling, below ${TARGET.toFixed(2)}: on this machine the target is out of the floor's reach`
    : `  verdict: ${TARGET.toFixed(2)} is within a durable server's reach here (the INSERT floor: ${floor.toFixed(2)}); Trustgate would need ${needed.toFixed(2)} of that floor and reaches ${ours.toFixed(2)}`;
}

// The same organization as Trustgate's run (its CSRs carry CN=bench-issue), other users.
async function floorActors() {
  const actor = async (role: 'engineer' | 'operator') => {
    const orgId = role === 'operator' ? null : ISSUE_ORG;
    const user = await createUser(cliActor, { email: `floor-${role}@${ISSUE_ORG}.test`, password: 'bench-password-1', role, ...(orgId ? { orgId } : {}) });
    return { userId: user.id, email: user.email, role, orgId, address: '127.0.0.1', via: 'token' };
  };
  return { engineer: await actor('engineer'), operator: await actor('operator') };
}

async function benchList(baseUrl: string) {
  const orgId = 'bench-list';
  const tokens = await seedUsers(orgId);
  const t = performance.now();
  // Bulk-load synthetic rows (the list reads no PEM); spread creation and expiry over two years.
  await db().$executeRawUnsafe(`
    INSERT INTO "Certificate" (id, "orgId", "serialNumber", subject, issuer, "notBefore", "notAfter", "rotationDueAt",
      "fingerprintSha256", "publicKeySha256", "keyAlgorithm", pem, status, "createdAt")
    SELECT gen_random_uuid(), '${orgId}', md5('s' || g), 'CN=${orgId}', 'CN=Trustgate Issuing CA',
      now() - (g || ' minutes')::interval, now() + ((g % 730) || ' days')::interval, now() + ((g % 730) - 30 || ' days')::interval,
      encode(sha256(('f' || g)::bytea), 'hex'), encode(sha256(('k' || g)::bytea), 'hex'), 'EC P-384', '',
      CASE WHEN g % 50 = 0 THEN 'revoked'::"CertificateStatus" ELSE 'active'::"CertificateStatus" END, now() - (g || ' seconds')::interval
    FROM generate_series(1, ${LIST_ROWS}) g`);
  await db().$executeRawUnsafe('ANALYZE "Certificate"');
  console.log(`loaded ${LIST_ROWS} certificates in ${((performance.now() - t) / 1000).toFixed(1)} s`);

  const queries = ['', '&status=active', '&rotationDue=true', '&status=revoked'];
  const results: Record<string, number> = {};
  for (const q of queries) {
    const times: number[] = [];
    let cursor: string | null = null;
    for (let i = 0; i < 200; i += 1) {
      const s = performance.now();
      const r: Response = await fetch(`${baseUrl}/api/v1/certificates?limit=50${q}${cursor ? `&cursor=${cursor}` : ''}`, { headers: { authorization: `Bearer ${tokens.engineer}` } });
      const body: { nextCursor: string | null } = await r.json();
      times.push(performance.now() - s);
      cursor = i % 20 === 19 ? null : body.nextCursor; // walk 20 pages deep, then restart
    }
    results[q || 'all'] = percentile(times.slice(10), 95);
  }
  return results;
}

runBench(async (server) => {
  resetConfig();
  const csrs = await makeCsrs();
  const before = await ceiling();
  const { rate: issued, cpuMsPerCert, detail, windows, issue, close } = await benchIssuance(server.baseUrl, csrs);
  const after = await ceiling();
  const webcrypto = (before.webcrypto + after.webcrypto) / 2;
  const ceil = Math.max(webcrypto, (before.sync + after.sync) / 2);
  console.log(`\nissuance (N=${N} after ${WARMUP} untimed, concurrency ${CONCURRENCY}, P-384, HTTP submit + approve):`);
  console.log(`  end-to-end:        ${issued.toFixed(0)} certificates/s (by tenths of the run: ${windows.map((r) => r.toFixed(0)).join(' ')})`);
  console.log(`  ceiling (1 proc):  ${ceil.toFixed(0)} verify+sign/s (P-384, the faster of node:crypto and WebCrypto: ${webcrypto.toFixed(0)}/s)`);
  console.log(`                     node:crypto ${before.sync.toFixed(0)}/s before the issuance, ${after.sync.toFixed(0)}/s after; WebCrypto ${before.webcrypto.toFixed(0)}/s, ${after.webcrypto.toFixed(0)}/s`);
  console.log(`  ratio:             ${(issued / ceil).toFixed(2)}  (target ≥ ${TARGET.toFixed(2)}; against the WebCrypto loop alone ${(issued / webcrypto).toFixed(2)})`);
  const drift = Math.abs(before.sync - after.sync) / Math.max(before.sync, after.sync);
  // This machine's speed was seen to halve and recover within seconds (node:crypto's loop at 741/s
  // before a run, 368/s after it): a ratio whose two ceilings disagree that much says little.
  if (drift > 0.15) console.log(`  the machine's speed drifted: node:crypto's loop ran ${(drift * 100).toFixed(0)} % apart before and after; this run's ratio is unreliable`);
  console.log(`  CPU per certificate: ${Object.entries(cpuMsPerCert).map(([k, v]) => `${k} ${v.toFixed(2)} ms`).join(', ')}; one verify+sign ${(1000 / ceil).toFixed(2)} ms`);
  console.log(`                       ${detail}`);
  if (FLOOR) await benchFloors(issue, csrs, server.databaseUrl, ceil);
  close();
  const list = await benchList(server.baseUrl);
  console.log(`\ncertificate list API, ${LIST_ROWS} certificates in one organization, limit 50, keyset pages:`);
  for (const [q, p95] of Object.entries(list)) console.log(`  p95 ${q.padEnd(18)} ${p95.toFixed(1)} ms  (target ≤ 50 ms)`);
});
