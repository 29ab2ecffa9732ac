// The client-certificate profile (PRODUCT.md "The certificate profile"). Requested extensions in
// the CSR are never copied: the profile alone decides what the certificate says.
import { x509 } from './x509';
import type { CaMaterial } from './ca-keys';
import { signingAlgorithmFor } from './ca-keys';
import type { ParsedCsr } from './csr-policy';
import { sha256Hex } from './fingerprints';
import { randomSerialHex } from './serial';


export type IssueInput = { csr: ParsedCsr; issuer: CaMaterial; validityDays: number; publicUrl: string; now?: Date };
export type IssuedCertificate = {
  certificate: x509.X509Certificate;
  pem: string;
  serialNumber: string;
  fingerprintSha256: string;
  publicKeySha256: string;
  notBefore: Date;
  notAfter: Date;
  subject: string;
  issuer: string;
};

const BACKDATE_MS = 60_000;

export async function issueClientCertificate(input: IssueInput): Promise<IssuedCertificate> {
  const now = input.now ?? new Date();
  const notBefore = new Date(now.getTime() - BACKDATE_MS);
  // A certificate never outlives its issuer (RFC 5280 §6.1.3 would reject the tail anyway).
  const notAfter = new Date(Math.min(notBefore.getTime() + input.validityDays * 86_400_000, input.issuer.certificate.notAfter.getTime()));
  const publicKey = new x509.PublicKey(input.csr.spkiDer);
  const issuerSki = input.issuer.certificate.getExtension(x509.SubjectKeyIdentifierExtension);
  const F = x509.KeyUsageFlags;
  const serialNumber = randomSerialHex();

  const certificate = await x509.X509CertificateGenerator.create({
    serialNumber,
    subject: input.csr.subject,
    issuer: input.issuer.certificate.subject,
    notBefore,
    notAfter,
    publicKey,
    signingKey: input.issuer.privateKey,
    signingAlgorithm: signingAlgorithmFor(input.issuer.certificate),
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      // RFC 5280 §4.2.1.3; keyEncipherment only where the key can encipher (RSA key transport).
      new x509.KeyUsagesExtension(input.csr.keyType === 'RSA' ? F.digitalSignature | F.keyEncipherment : F.digitalSignature, true),
      new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.clientAuth], false),
      await x509.SubjectKeyIdentifierExtension.create(publicKey),
      issuerSki
        ? new x509.AuthorityKeyIdentifierExtension(issuerSki.keyId)
        : await x509.AuthorityKeyIdentifierExtension.create(input.issuer.certificate.publicKey),
      new x509.CRLDistributionPointsExtension([`${input.publicUrl}/pki/crl`]),
      // RFC 5280 §4.2.2.1: caIssuers points at a DER certificate.
      new x509.AuthorityInfoAccessExtension({ caIssuers: new x509.GeneralName('url', `${input.publicUrl}/pki/issuing-ca.crt`) }),
    ],
  });
  return {
    certificate,
    pem: certificate.toString('pem'),
    serialNumber,
    fingerprintSha256: await sha256Hex(new Uint8Array(certificate.rawData)),
    publicKeySha256: input.csr.publicKeySha256,
    notBefore,
    notAfter,
    subject: certificate.subject,
    issuer: certificate.issuer,
  };
}
