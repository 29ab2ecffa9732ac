// The mTLS listener's own certificate: issued by our issuing CA for MTLS_HOSTNAMES, so a client
// that trusts /pki/ca.pem trusts the listener too. Short-lived and made in memory at start;
// the listener replaces it well before it expires.
import { isIP } from 'node:net';
import { x509 } from './x509';
import { signingAlgorithmFor, type CaMaterial } from './ca-keys';
import { pemEncode } from './fingerprints';
import { randomSerialHex } from './serial';

export const SERVER_CERT_DAYS = 7;

export type ServerCredentials = { certPem: string; keyPem: string; chainPem: string; notAfter: Date };

export async function issueServerCertificate(issuer: CaMaterial, hostnames: string[], now = new Date()): Promise<ServerCredentials> {
  const keys = (await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, ['sign', 'verify'])) as CryptoKeyPair;
  const notBefore = new Date(now.getTime() - 60_000);
  const notAfter = new Date(Math.min(notBefore.getTime() + SERVER_CERT_DAYS * 86_400_000, issuer.certificate.notAfter.getTime()));
  const F = x509.KeyUsageFlags;
  const names = hostnames.map((h) => new x509.GeneralName(isIP(h) ? 'ip' : 'dns', h));
  const issuerSki = issuer.certificate.getExtension(x509.SubjectKeyIdentifierExtension);
  const certificate = await x509.X509CertificateGenerator.create({
    serialNumber: randomSerialHex(),
    subject: `CN=${hostnames[0]}`,
    issuer: issuer.certificate.subject,
    notBefore,
    notAfter,
    publicKey: keys.publicKey,
    signingKey: issuer.privateKey,
    signingAlgorithm: signingAlgorithmFor(issuer.certificate),
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(F.digitalSignature, true),
      new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth], false),
      new x509.SubjectAlternativeNameExtension(names, false),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
      issuerSki ? new x509.AuthorityKeyIdentifierExtension(issuerSki.keyId) : await x509.AuthorityKeyIdentifierExtension.create(issuer.certificate.publicKey),
    ],
  });
  const pkcs8 = new Uint8Array(await crypto.subtle.exportKey('pkcs8', keys.privateKey));
  return { certPem: certificate.toString('pem'), keyPem: pemEncode('PRIVATE KEY', pkcs8), chainPem: issuer.certPem, notAfter };
}
