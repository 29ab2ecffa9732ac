// npm run bench:sandbox — full three-layer sandbox requests against the production server:
// mTLS (keep-alive, 50 connections), a certificate-bound JWT from tls_client_auth, an RFC 9421
// signature over each request, and an idempotent insert (a new Idempotency-Key per payment).
// Requests are signed before the clock starts, so the figure is the server's. Target ≥ 1,500/s.
import { KeyObject } from 'node:crypto';
import { x509 } from '../lib/pki/x509';
import { cliActor, type Actor } from '../lib/auth/actor';
import { createApiToken } from '../lib/auth/api-tokens';
import { createOrganization } from '../lib/orgs/organizations';
import { createUser } from '../lib/orgs/users';
import { createOAuthClient } from '../lib/oauth/clients';
import { identityAgent, mtlsFetch, signSandboxRequest, type MtlsIdentity } from '../lib/sandbox/mtls-client';
import type { Header } from '../lib/signatures/message';
import { percentile, runBench, type BenchServer } from './lib/server';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const PRESIGNED = Number(process.env.BENCH_PRESIGNED ?? 40_000);

async function run(server: BenchServer) {
  const orgId = 'bench-sandbox';
  await createOrganization(cliActor, { id: orgId, name: 'Bench' });
  const eng = await createUser(cliActor, { email: `eng@${orgId}.test`, password: 'bench-password-1', role: 'engineer', orgId });
  const op = await createUser(cliActor, { email: `op@${orgId}.test`, password: 'bench-password-1', role: 'operator' });
  const engToken = (await createApiToken(cliActor, eng.id, { name: 'b' })).token;
  const opToken = (await createApiToken(cliActor, op.id, { name: 'b' })).token;
  const post = (path: string, token: string, body: unknown) =>
    fetch(server.baseUrl + path, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) }).then((r) => r.json());

  const keys = (await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, ['sign', 'verify'])) as CryptoKeyPair;
  const csr = await x509.Pkcs10CertificateRequestGenerator.create({ name: `CN=${orgId}`, keys, signingAlgorithm: { name: 'ECDSA', hash: 'SHA-256' } });
  const submitted = await post('/api/v1/csrs', engToken, { csr: csr.toString('pem') });
  const approved = await post(`/api/v1/csrs/${submitted.id}/approve`, opToken, {});
  const certPem = await (await fetch(`${server.baseUrl}/api/v1/certificates/${approved.certificate.id}/pem`, { headers: { authorization: `Bearer ${engToken}` } })).text();
  const caPem = await (await fetch(`${server.baseUrl}/pki/ca.pem`)).text();
  const identity: MtlsIdentity = { keyPem: KeyObject.from(keys.privateKey).export({ format: 'pem', type: 'pkcs8' }).toString(), certPem, caPem };
  const actor: Actor = { userId: eng.id, email: eng.email, role: 'engineer', orgId, address: 'bench', via: 'cli' };
  const client = await createOAuthClient(actor, { name: 'bench', scopes: ['payments:read', 'payments:write'], certificateBound: true });

  const base = `https://localhost:${server.mtlsPort}`;
  const tokenAgent = identityAgent(identity);
  const tokenRes = await mtlsFetch(`${base}/oauth/token`, { method: 'POST', headers: [['content-type', 'application/x-www-form-urlencoded']], body: `grant_type=client_credentials&client_id=${client.clientId}` }, tokenAgent);
  // Signing takes longer than the server's keep-alive timeout: that connection is closed by now.
  tokenAgent.destroy();
  const accessToken = JSON.parse(tokenRes.body.toString()).access_token as string;

  console.log(`signing ${PRESIGNED} requests…`);
  const requests: { headers: Header[]; body: string }[] = [];
  for (let i = 0; i < PRESIGNED; i++) {
    const body = JSON.stringify({ amount: `${(i % 9000) + 1}.00`, currency: 'EUR', reference: `bench-${i}` });
    const { headers } = signSandboxRequest(identity, {
      method: 'POST', url: `${base}/sandbox/v1/payments`, body,
      headers: [['Authorization', `Bearer ${accessToken}`], ['Content-Type', 'application/json'], ['Idempotency-Key', `bench-${i}`]],
    });
    requests.push({ headers, body });
  }
  const agent = identityAgent(identity);
  const first = await mtlsFetch(`${base}/sandbox/v1/payments`, { method: 'POST', ...requests[0] }, agent);
  if (first.status !== 201) throw new Error(`sandbox: ${first.status} ${first.body}`);

  let next = 1;
  const latencies: number[] = [];
  const statuses = new Map<number, number>();
  const started = performance.now();
  const end = started + SECONDS * 1000;
  await Promise.all(
    Array.from({ length: CONNECTIONS }, async () => {
      while (performance.now() < end && next < requests.length) {
        const r = requests[next++];
        const t = performance.now();
        const res = await mtlsFetch(`${base}/sandbox/v1/payments`, { method: 'POST', ...r }, agent);
        latencies.push(performance.now() - t);
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  const rate = latencies.length / elapsed;
  console.log(`\nsandbox POST /sandbox/v1/payments, mTLS keep-alive, ${CONNECTIONS} connections, ${elapsed.toFixed(1)} s`);
  console.log(`  ${rate.toFixed(0)} requests/s, p50 ${percentile(latencies, 50).toFixed(1)} ms, p99 ${percentile(latencies, 99).toFixed(1)} ms; statuses ${JSON.stringify(Object.fromEntries(statuses))}`);
  console.log(`  target ≥ 1,500/s: ${rate >= 1500 && statuses.size === 1 && statuses.has(201) ? 'met' : 'NOT met'}${next >= requests.length ? ' (ran out of pre-signed requests: raise BENCH_PRESIGNED)' : ''}`);
  agent.destroy();
}

runBench(run);
