// The sandbox identity (issue 5): a separate sandbox CA, and per organization a certificate and
// key from it plus a certificate-bound OAuth client. The console signs with this key, so it
// never needs (and never sees) a client's real private key. The sandbox CA is trusted by the
// mTLS listener, and its certificates authenticate the sandbox client only.
import { randomBytes } from 'node:crypto';
import { certificateDigests } from '../edge/client-cert';
import { x509 } from '../pki/x509';
import { config } from '../config';
import { db, transaction } from '../db/client';
import { open, seal } from '../crypto/secret-box';
import { pemEncode } from '../pki/fingerprints';
import { randomSerialHex } from '../pki/serial';
import { keyedHash, newClientId } from '../oauth/secrets';
import { invalidateClientCache } from '../oauth/client-cache';

const CA_SETTING = 'sandbox_ca';
const LOCK_ID = 1953658229;
const P256 = { name: 'ECDSA', namedCurve: 'P-256' } as const;
const SIGN = { name: 'ECDSA', hash: 'SHA-256' } as const;
const DAY = 86_400_000;
const IDENTITY_DAYS = 90;

type StoredCa = { certPem: string; sealedKey: string };
const aad = (what: string) => `trustgate:sandbox:${what}`;

async function generate() {
  return (await crypto.subtle.generateKey(P256, true, ['sign', 'verify'])) as CryptoKeyPair;
}

async function pkcs8Pem(key: CryptoKey) {
  return pemEncode('PRIVATE KEY', new Uint8Array(await crypto.subtle.exportKey('pkcs8', key)));
}

/** The sandbox CA certificate (PEM), created on first use. */
export async function sandboxCaPem(): Promise<string> {
  return (await sandboxCa()).certPem;
}

async function sandboxCa(): Promise<StoredCa> {
  const existing = await db().setting.findUnique({ where: { key: CA_SETTING } });
  if (existing) return JSON.parse(existing.value) as StoredCa;
  const keys = await generate();
  const now = Date.now();
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: randomSerialHex(), name: 'CN=Trustgate Sandbox CA, O=Trustgate sandbox (not for production)',
    notBefore: new Date(now - 60_000), notAfter: new Date(now + 10 * 365 * DAY), keys, signingAlgorithm: SIGN,
    extensions: [new x509.BasicConstraintsExtension(true, 0, true), new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true), await x509.SubjectKeyIdentifierExtension.create(keys.publicKey)],
  });
  const value: StoredCa = { certPem: cert.toString('pem'), sealedKey: seal(Buffer.from(await pkcs8Pem(keys.privateKey)), config().secret, aad('ca')) };
  return transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(${LOCK_ID})`;
    const raced = await tx.setting.findUnique({ where: { key: CA_SETTING } });
    if (raced) return JSON.parse(raced.value) as StoredCa;
    await tx.setting.create({ data: { key: CA_SETTING, value: JSON.stringify(value) } });
    return value;
  });
}

export type SandboxIdentity = { orgId: string; certPem: string; keyPem: string; fingerprintSha256: string; clientId: string };

/** The organization's sandbox identity, created (or renewed within 7 days of expiry) on demand. */
export async function ensureSandboxIdentity(orgId: string): Promise<SandboxIdentity> {
  const row = await db().sandboxIdentity.findUnique({ where: { orgId } });
  if (row && row.notAfter.getTime() - Date.now() > 7 * DAY) return unseal(row);
  const ca = await sandboxCa();
  const caCert = new x509.X509Certificate(ca.certPem);
  const caKey = await crypto.subtle.importKey('pkcs8', Buffer.from(open(ca.sealedKey, config().secret, aad('ca')).toString().replace(/-----[^-]+-----|\s/g, ''), 'base64'), P256, false, ['sign']);
  const keys = await generate();
  const now = Date.now();
  const cert = await x509.X509CertificateGenerator.create({
    serialNumber: randomSerialHex(), subject: `CN=${orgId}, O=Trustgate sandbox`, issuer: caCert.subject,
    notBefore: new Date(now - 60_000), notAfter: new Date(now + IDENTITY_DAYS * DAY), publicKey: keys.publicKey, signingKey: caKey, signingAlgorithm: SIGN,
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
      new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.clientAuth]),
      await x509.AuthorityKeyIdentifierExtension.create(caCert.publicKey),
    ],
  });
  const keyPem = await pkcs8Pem(keys.privateKey);
  const { fingerprintSha256 } = certificateDigests(new Uint8Array(cert.rawData));
  const saved = await transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(${LOCK_ID})`;
    const current = await tx.sandboxIdentity.findUnique({ where: { orgId } });
    if (current && current.notAfter.getTime() - Date.now() > 7 * DAY) return current;
    let oauthClientId = current?.oauthClientId;
    if (!oauthClientId) {
      // The client authenticates with the sandbox certificate (tls_client_auth); its secret is
      // random and discarded at once: nobody can use it, and nothing stores it in clear.
      const client = await tx.oAuthClient.create({
        data: { clientId: newClientId(), orgId, name: 'Sandbox console', scopes: config().oauthScopes, certificateBound: true, secrets: { create: { hash: keyedHash(randomBytes(32).toString('base64url')) } } },
      });
      oauthClientId = client.id;
    }
    const data = { certPem: cert.toString('pem'), sealedKey: seal(Buffer.from(keyPem), config().secret, aad(orgId)), fingerprintSha256, notAfter: cert.notAfter, oauthClientId };
    return tx.sandboxIdentity.upsert({ where: { orgId }, create: { orgId, ...data }, update: data });
  });
  invalidateClientCache();
  return unseal(saved);
}

async function unseal(row: { orgId: string; certPem: string; sealedKey: string; fingerprintSha256: string; oauthClientId: string }): Promise<SandboxIdentity> {
  const client = await db().oAuthClient.findUniqueOrThrow({ where: { id: row.oauthClientId }, select: { clientId: true } });
  return { orgId: row.orgId, certPem: row.certPem, keyPem: open(row.sealedKey, config().secret, aad(row.orgId)).toString(), fingerprintSha256: row.fingerprintSha256, clientId: client.clientId };
}
