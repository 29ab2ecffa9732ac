// The floor for bench:issue: the thinnest server that still does an issuance's unavoidable work,
// run on the same machine in the same run as Trustgate. Each submission parses the CSR through
// our policy (proof of possession: one P-384 verify), each approval signs a certificate with our
// profile (one P-384 sign); nothing else of Trustgate's runs: no authentication, idempotency,
// audit chain, group commit, totals or mail. Workers as in production (one per core, node:cluster).
//
//   FLOOR_MODE=memory  no database: the approval signs the worker's own copy of a CSR
//   FLOOR_MODE=pg      the least a durable store must do: the submission INSERTs the CSR (one
//                      commit); the approval SELECTs it, signs, INSERTs the certificate (one commit)
//   FLOOR_MODE=lib     Trustgate's own submitCsr and approveCsr (lib/pki), with everything they
//                      write, called as FLOOR_ACTORS: only the HTTP API layer is left out
//                      (authentication, runApi's checks, idempotency, the edge's answers)
//
// Started by bench/issue.ts; prints "ready" once every worker listens.
import cluster from 'node:cluster';
import { createServer, type IncomingMessage } from 'node:http';
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { createRootAndIssuing } from '../../lib/pki/ca-keys';
import { parseCsr } from '../../lib/pki/csr-policy';
import { nodeCsrCrypto } from '../../lib/pki/node-crypto';
import { issueClientCertificate } from '../../lib/pki/profile';
import { base64Decode, pemBlocks } from '../../lib/pki/fingerprints';
import type { Actor } from '../../lib/auth/actor';

const { FLOOR_PORT, FLOOR_MODE = 'memory', FLOOR_DATABASE_URL, FLOOR_SCHEMA, FLOOR_WORKERS = '2', FLOOR_ORG = 'bench-floor', FLOOR_ACTORS = '{}' } = process.env;

if (cluster.isPrimary) {
  let listening = 0;
  for (let i = 0; i < Number(FLOOR_WORKERS); i++) cluster.fork();
  cluster.on('listening', () => {
    if (++listening === Number(FLOOR_WORKERS)) console.log('ready');
  });
  process.on('SIGTERM', () => {
    for (const worker of Object.values(cluster.workers ?? {})) worker?.kill();
    process.exit(0);
  });
} else {
  // A normal exit, so that node's --cpu-prof (BENCH_FLOOR_ARGS) writes its profile.
  process.on('SIGTERM', () => process.exit(0));
  // The lib form signs with Trustgate's own CA (lib/pki/ca-store); the others with one of their own.
  const issuing = FLOOR_MODE === 'lib' ? null : (await createRootAndIssuing({})).issuing;
  const db = FLOOR_MODE === 'pg' ? new pg.Pool({ connectionString: FLOOR_DATABASE_URL, max: 10 }) : null;
  let lastCsr: Uint8Array | null = null;

  const body = (req: IncomingMessage) =>
    new Promise<Buffer>((resolve, reject) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c)).on('end', () => resolve(Buffer.concat(chunks))).on('error', reject);
    });

  async function submit(json: { csr: string }): Promise<[number, unknown]> {
    const parsed = await parseCsr(json.csr, { crypto: nodeCsrCrypto });
    const id = randomUUID();
    if (db) await db.query({ name: 'floor_submit', text: `INSERT INTO ${FLOOR_SCHEMA}.csr (id, pem) VALUES ($1, $2)`, values: [id, parsed.pem] });
    else lastCsr = base64Decode(pemBlocks(parsed.pem)[0].body)!;
    return [201, { id, subject: parsed.subject }];
  }

  async function approve(id: string): Promise<[number, unknown]> {
    let der = lastCsr;
    if (db) {
      const found = await db.query({ name: 'floor_read', text: `SELECT pem FROM ${FLOOR_SCHEMA}.csr WHERE id = $1`, values: [id] });
      der = found.rows[0] ? base64Decode(pemBlocks(found.rows[0].pem)[0].body)! : null;
    }
    if (!der || !issuing) return [404, { error: 'not_found' }];
    const issued = await issueClientCertificate({ csr: { der }, commonName: FLOOR_ORG, issuer: issuing, validityDays: 365, publicUrl: 'http://localhost' });
    if (db) {
      await db.query({ name: 'floor_issue', text: `INSERT INTO ${FLOOR_SCHEMA}.certificate (id, csr_id, serial, pem) VALUES ($1, $2, $3, $4)`, values: [randomUUID(), id, issued.serialNumber, issued.pem] });
    }
    return [200, { serialNumber: issued.serialNumber, notAfter: issued.notAfter }];
  }

  let lib: { submit: typeof submit; approve: typeof approve } | null = null;
  if (FLOOR_MODE === 'lib') {
    const [{ submitCsr }, { approveCsr }] = await Promise.all([import('../../lib/pki/submit-csr'), import('../../lib/pki/review-csr')]);
    const actors = JSON.parse(FLOOR_ACTORS) as { engineer: Actor; operator: Actor };
    lib = {
      submit: async (json) => [201, await submitCsr(actors.engineer, { csr: json.csr })],
      approve: async (id) => [200, await approveCsr(actors.operator, id, {})],
    };
  }

  const server = createServer(async (req, res) => {
    let out: [number, unknown];
    try {
      const raw = await body(req);
      const approval = /^\/csrs\/([^/]+)\/approve$/.exec(req.url ?? '');
      const { submit: s, approve: a } = lib ?? { submit, approve };
      out = req.url === '/csrs' ? await s(JSON.parse(raw.toString())) : approval ? await a(approval[1]) : [404, { error: 'not_found' }];
    } catch (error) {
      out = [500, { error: String(error) }];
    }
    const text = JSON.stringify(out[1]);
    res.writeHead(out[0], { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) }).end(text);
  });
  // Trustgate's edge keeps idle connections 65 s (lib/server/listeners); Node's default of 5 s would
  // close the bench's between interleaved rounds.
  server.keepAliveTimeout = 65_000;
  server.listen(Number(FLOOR_PORT), '127.0.0.1');
}
