// RFC 5280 §5: a v2 CRL signed by the issuing CA, with authorityKeyIdentifier and cRLNumber.
import { x509 } from './x509';
import type { CaMaterial } from './ca-keys';
import { signingAlgorithmFor } from './ca-keys';


// RFC 5280 §5.3.1 reasons for an end-entity certificate (no removeFromCRL, cACompromise, aACompromise).
export const revocationReasons = [
  'unspecified', 'keyCompromise', 'affiliationChanged', 'superseded', 'cessationOfOperation', 'certificateHold', 'privilegeWithdrawn',
] as const;
export type RevocationReason = (typeof revocationReasons)[number];
export type RevokedEntry = { serialNumber: string; revokedAt: Date; reason: RevocationReason };

const CRL_NUMBER_OID = '2.5.29.20';

/** DER INTEGER, minimal two's complement (X.690 §8.3). */
function derInteger(value: bigint): Uint8Array {
  let hex = value.toString(16);
  if (hex.length % 2) hex = '0' + hex;
  if (parseInt(hex.slice(0, 2), 16) & 0x80) hex = '00' + hex;
  const body = Uint8Array.from(hex.match(/../g)!, (h) => parseInt(h, 16));
  return Uint8Array.from([0x02, body.length, ...body]);
}

export async function buildCrl(input: { issuer: CaMaterial; entries: RevokedEntry[]; crlNumber: bigint; now?: Date; nextUpdateHours?: number }): Promise<Uint8Array> {
  const thisUpdate = input.now ?? new Date();
  const nextUpdate = new Date(thisUpdate.getTime() + (input.nextUpdateHours ?? 24) * 3_600_000);
  const ski = input.issuer.certificate.getExtension(x509.SubjectKeyIdentifierExtension);
  const crl = await x509.X509CrlGenerator.create({
    issuer: input.issuer.certificate.subject,
    thisUpdate,
    nextUpdate,
    signingKey: input.issuer.privateKey,
    signingAlgorithm: signingAlgorithmFor(input.issuer.certificate),
    extensions: [
      ski ? new x509.AuthorityKeyIdentifierExtension(ski.keyId) : await x509.AuthorityKeyIdentifierExtension.create(input.issuer.certificate.publicKey),
      new x509.Extension(CRL_NUMBER_OID, false, derInteger(input.crlNumber) as Uint8Array<ArrayBuffer>),
    ],
    entries: input.entries.map((e) => ({
      serialNumber: e.serialNumber,
      revocationDate: e.revokedAt,
      // §5.3.1: the reasonCode unspecified SHOULD be absent rather than present with value 0.
      reason: e.reason === 'unspecified' ? undefined : x509.X509CrlReason[e.reason],
    })),
  });
  return new Uint8Array(crl.rawData);
}
