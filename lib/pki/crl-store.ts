// The CRL (RFC 5280 §5) is regenerated inside every revocation's transaction and stored, so
// /pki/crl is a read; it is also renewed when read after its nextUpdate has passed.
import { db, transaction, type Tx } from '../db/client';
import type { CaMaterial } from './ca-keys';
import { buildCrl, type RevocationReason, type RevokedEntry } from './crl';
import { sha256Hex } from './fingerprints';

export const CRL_LOCK_KEY = 7462;
const NEXT_UPDATE_HOURS = 24;

/** Revocations and CRL renewals, one at a time (a transaction may take it more than once). */
export async function lockCrl(tx: Tx): Promise<void> {
  await tx.$executeRawUnsafe(`SELECT pg_advisory_xact_lock(${CRL_LOCK_KEY})`);
}

/**
 * Signs and stores the next CRL: every revoked certificate that has not expired, and `revoking`,
 * one that the caller's transaction revokes after this (lib/pki/revoke-certificate says why).
 */
export async function regenerateCrl(tx: Tx, issuer: CaMaterial, revoking?: RevokedEntry & { issuer: string; notAfter: Date }): Promise<void> {
  await lockCrl(tx);
  const fingerprintSha256 = await sha256Hex(new Uint8Array(issuer.certificate.rawData));
  const issuerRow = await tx.caCertificate.findUniqueOrThrow({ where: { role_fingerprintSha256: { role: 'issuing', fingerprintSha256 } } });
  const last = await tx.crl.findFirst({ orderBy: { crlNumber: 'desc' }, select: { crlNumber: true } });
  const crlNumber = (last?.crlNumber ?? 0n) + 1n;
  const revoked = await tx.certificate.findMany({
    where: { status: 'revoked', issuer: issuer.certificate.subject, notAfter: { gt: new Date() } },
    select: { serialNumber: true, revokedAt: true, revocationReason: true },
  });
  const now = new Date();
  const entries: RevokedEntry[] = revoked.map((r) => ({ serialNumber: r.serialNumber, revokedAt: r.revokedAt ?? now, reason: (r.revocationReason ?? 'unspecified') as RevocationReason }));
  if (revoking && revoking.issuer === issuer.certificate.subject && revoking.notAfter > now) entries.push({ serialNumber: revoking.serialNumber, revokedAt: revoking.revokedAt, reason: revoking.reason });
  const der = await buildCrl({ issuer, crlNumber, now, nextUpdateHours: NEXT_UPDATE_HOURS, entries });
  await tx.crl.create({ data: { crlNumber, issuerId: issuerRow.id, der: Buffer.from(der), thisUpdate: now, nextUpdate: new Date(now.getTime() + NEXT_UPDATE_HOURS * 3_600_000) } });
}

export async function currentCrl(loadIssuer: () => Promise<CaMaterial>): Promise<Uint8Array> {
  const latest = await db().crl.findFirst({ orderBy: { crlNumber: 'desc' } });
  // Renew an hour before nextUpdate so relying parties never hold a stale CRL.
  if (latest && latest.nextUpdate.getTime() - Date.now() > 3_600_000) return new Uint8Array(latest.der);
  const issuer = await loadIssuer();
  await transaction((tx) => regenerateCrl(tx, issuer));
  const fresh = await db().crl.findFirstOrThrow({ orderBy: { crlNumber: 'desc' } });
  return new Uint8Array(fresh.der);
}
