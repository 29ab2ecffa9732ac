// The CA as stored: certificates in clear, private keys sealed with AES-256-GCM under a key
// derived from TRUSTGATE_SECRET (lib/crypto/secret-box). Created on first start when none exists.
import { x509 } from './x509';
import { db, transaction, pool, type Tx } from '../db/client';
import { config } from '../config';
import { open, seal } from '../crypto/secret-box';
import { appendAudit } from '../audit/append-audit';
import type { Actor } from '../auth/actor';
import { fail } from '../errors';
import { createRootAndIssuing, importPrivateKeyPkcs8, parseCaImport, type CaMaterial } from './ca-keys';
import { sha256Hex } from './fingerprints';
import { regenerateCrl } from './crl-store';


const KEY_AAD = 'trustgate:ca-key';
const CA_LOCK_KEY = 7461;
type CaRow = { id: string; certPem: string; sealedKey: string; fingerprintSha256: string };
const ISSUING_SQL = `SELECT id, "certPem", "sealedKey", "fingerprintSha256" FROM "CaCertificate" WHERE role = 'issuing' AND active LIMIT 1`;

// One cache per copy of @peculiar/x509: the custom server and the Next.js bundle each load their
// own, and an X509Certificate from one copy does not answer getExtension() with the other's classes.
type Cached = { fingerprint: string; material: CaMaterial };
const caches = ((globalThis as unknown as { __trustgateIssuing?: WeakMap<object, Cached> }).__trustgateIssuing ??= new WeakMap());

async function storeCa(tx: Tx, role: 'root' | 'issuing', certificate: x509.X509Certificate, pkcs8Der: Uint8Array | null) {
  await tx.caCertificate.updateMany({ where: { role, active: true }, data: { active: false } });
  const fingerprintSha256 = await sha256Hex(new Uint8Array(certificate.rawData));
  const sealedKey = pkcs8Der ? seal(pkcs8Der, config().secret, KEY_AAD) : '';
  // Re-importing a CA that was active before reactivates its row.
  return tx.caCertificate.upsert({
    where: { role_fingerprintSha256: { role, fingerprintSha256 } },
    update: { active: true, sealedKey },
    create: { role, subject: certificate.subject, certPem: certificate.toString('pem'), sealedKey, fingerprintSha256, notAfter: certificate.notAfter },
  });
}

/** Creates the two-tier CA when none exists; safe to call from several instances at once. */
export async function ensureCa(): Promise<{ created: boolean }> {
  if (await db().caCertificate.findFirst({ where: { role: 'issuing', active: true } })) return { created: false };
  const { root, issuing } = await createRootAndIssuing({});
  return transaction(async (tx) => {
    await tx.$executeRawUnsafe(`SELECT pg_advisory_xact_lock(${CA_LOCK_KEY})`);
    if (await tx.caCertificate.findFirst({ where: { role: 'issuing', active: true } })) return { created: false };
    await storeCa(tx, 'root', root.certificate, root.pkcs8Der);
    const row = await storeCa(tx, 'issuing', issuing.certificate, issuing.pkcs8Der);
    await regenerateCrl(tx, issuing);
    await appendAudit(tx, null, { action: 'ca.create', objectType: 'ca', objectId: row.id, details: { subject: row.subject } });
    return { created: true };
  });
}

async function materialFrom(row: CaRow): Promise<CaMaterial> {
  const certificate = new x509.X509Certificate(row.certPem);
  const pkcs8Der = new Uint8Array(open(row.sealedKey, config().secret, KEY_AAD));
  return { certificate, certPem: row.certPem, pkcs8Der, privateKey: await importPrivateKeyPkcs8(pkcs8Der, certificate) };
}

/**
 * The active issuing CA with its key; cached per process until the active CA changes. A caller
 * that already read the active CA's fingerprint (the approval reads it with the CSR) passes it,
 * and a cache hit then costs no query.
 */
export async function loadIssuingCa(activeFingerprint?: string | null): Promise<CaMaterial> {
  let cached = caches.get(x509.X509Certificate);
  if (activeFingerprint && cached?.fingerprint === activeFingerprint) return cached.material;
  const { rows } = await pool().query({ name: 'issuing_ca', text: ISSUING_SQL });
  const row = rows[0] as CaRow | undefined;
  if (!row) return fail('conflict', 'No CA exists yet; start the server once or run `ca import`.');
  if (cached?.fingerprint !== row.fingerprintSha256) {
    cached = { fingerprint: row.fingerprintSha256, material: await materialFrom(row) };
    caches.set(x509.X509Certificate, cached);
  }
  return cached.material;
}

/** The published chain: issuing CA then root (API.md `/pki/ca.pem`). */
export async function caChainPem(): Promise<string> {
  const rows = await db().caCertificate.findMany({ where: { active: true } });
  const ordered = ['issuing', 'root'].map((role) => rows.find((r) => r.role === role)).filter((r) => r !== undefined);
  if (!ordered.length) return fail('not_found', 'No CA exists yet.');
  // A self-signed issuing CA imported alone is its own root: publish it once.
  const unique = ordered.filter((r, i) => ordered.findIndex((o) => o.fingerprintSha256 === r.fingerprintSha256) === i);
  return unique.map((r) => r.certPem.trim()).join('\n') + '\n';
}

export async function issuingCaDer(): Promise<Uint8Array> {
  const row = await db().caCertificate.findFirst({ where: { role: 'issuing', active: true } });
  if (!row) return fail('not_found', 'No CA exists yet.');
  return new Uint8Array(new x509.X509Certificate(row.certPem).rawData);
}

/** `ca import`: replaces the active CA with an existing one (PEM certificate + key, or PKCS#12). */
export async function importCa(actor: Actor, input: Parameters<typeof parseCaImport>[0]) {
  const parsed = await parseCaImport(input);
  return transaction(async (tx) => {
    await tx.$executeRawUnsafe(`SELECT pg_advisory_xact_lock(${CA_LOCK_KEY})`);
    const selfSigned = parsed.root.equal(parsed.issuing.certificate);
    const root = await storeCa(tx, 'root', parsed.root, selfSigned ? parsed.issuing.pkcs8Der : null);
    const issuing = await storeCa(tx, 'issuing', parsed.issuing.certificate, parsed.issuing.pkcs8Der);
    await regenerateCrl(tx, parsed.issuing);
    await appendAudit(tx, actor, { action: 'ca.import', objectType: 'ca', objectId: issuing.id, details: { issuing: issuing.subject, root: root.subject } });
    return { issuing: issuing.subject, root: root.subject, fingerprintSha256: issuing.fingerprintSha256 };
  });
}
