// Is the certificate presented over mTLS still good? Issued by us (or the sandbox CA), not
// revoked, within its validity, its organization active. Cached for one second per
// certificate, so a revocation takes effect on every instance within a second while a busy
// keep-alive connection costs one query a second.
import { X509Certificate, type KeyObject } from 'node:crypto';
import { pool } from '../db/client';
import { now } from '../clock';
import { certificateDigests } from './client-cert';

export type CertificateStatus =
  | { ok: true; certificateId: string | null; sandbox: boolean; orgId: string; fingerprintSha256: string; thumbprint: string; publicKey: KeyObject }
  | { ok: false; code: 'certificate_unknown' | 'certificate_revoked' | 'certificate_expired' | 'organization_inactive'; message: string };

// Our client certificates, and the organizations' sandbox identities (lib/sandbox/identity).
const SQL = `SELECT c.id, c."orgId", c.status::text AS status, c."notBefore", c."notAfter", o.active AS "orgActive", false AS sandbox
FROM "Certificate" c JOIN "Organization" o ON o.id = c."orgId" WHERE c."fingerprintSha256" = $1
UNION ALL
SELECT NULL, s."orgId", 'active', s."createdAt" - interval '1 minute', s."notAfter", o.active, true
FROM "SandboxIdentity" s JOIN "Organization" o ON o.id = s."orgId" WHERE s."fingerprintSha256" = $1`;

const TTL_MS = 1000;
const cache = new Map<string, { at: number; status: CertificateStatus }>();
// Lookups in flight, shared: the check at the end of the handshake and the first request's check
// then get one answer, and the connection is refused before a request could be answered.
const inFlight = new Map<string, Promise<CertificateStatus>>();

export function clientCertificateStatus(der: Uint8Array): Promise<CertificateStatus> {
  const { fingerprintSha256, thumbprint } = certificateDigests(der);
  const hit = cache.get(fingerprintSha256);
  if (hit && Date.now() - hit.at < TTL_MS) return Promise.resolve(hit.status);
  let pending = inFlight.get(fingerprintSha256);
  if (!pending) {
    pending = lookUp(der, fingerprintSha256, thumbprint).finally(() => inFlight.delete(fingerprintSha256));
    inFlight.set(fingerprintSha256, pending);
  }
  return pending;
}

async function lookUp(der: Uint8Array, fingerprintSha256: string, thumbprint: string): Promise<CertificateStatus> {
  const { rows } = await pool().query({ name: 'mtls_cert_status', text: SQL, values: [fingerprintSha256] });
  const row = rows[0] as { id: string | null; orgId: string; status: string; notBefore: Date; notAfter: Date; orgActive: boolean; sandbox: boolean } | undefined;
  const t = now().getTime();
  let status: CertificateStatus;
  if (!row) status = { ok: false, code: 'certificate_unknown', message: 'The client certificate was not issued by this portal.' };
  else if (row.status === 'revoked') status = { ok: false, code: 'certificate_revoked', message: 'The client certificate has been revoked.' };
  else if (row.notAfter.getTime() <= t || row.notBefore.getTime() > t) status = { ok: false, code: 'certificate_expired', message: 'The client certificate is outside its validity period.' };
  else if (!row.orgActive) status = { ok: false, code: 'organization_inactive', message: "The certificate's organization is not active." };
  else {
    status = {
      ok: true, certificateId: row.id, sandbox: row.sandbox, orgId: row.orgId, fingerprintSha256,
      thumbprint,
      publicKey: new X509Certificate(der).publicKey,
    };
  }
  if (cache.size > 10_000) cache.clear();
  cache.set(fingerprintSha256, { at: Date.now(), status });
  return status;
}
