// The client-certificate profile (PRODUCT.md "The certificate profile"). Neither the CSR's requested
// extensions nor its subject are copied: the profile alone decides what the certificate says.
// The subject is CN=<organization ID> and nothing else: that is the one name the portal checked
// (the CSR policy), and a CA attests only what it checked. O=, OU= and the rest of the CSR's
// subject would be the client's own words under the provider's signature; Vault's roles and
// step-ca's templates set the subject themselves by default for the same reason.
//
// The certificate is written as DER directly (./der.ts): the profile is fixed, and building it
// through a general ASN.1 object model cost ≈ 2.9 ms of CPU per certificate besides the
// signature (bench:issue). profile.test.ts checks the result with OpenSSL (-x509_strict,
// sslclient), Python's `cryptography`, and against @peculiar/x509's generator byte for byte.
import { createHash, createPrivateKey, sign, type KeyObject } from 'node:crypto';
import { signingAlgorithmFor, type CaMaterial } from './ca-keys';
import { csrParts } from './csr-policy';
import { x509 } from './x509';
import { pemEncode } from './fingerprints';
import { randomSerialHex } from './serial';
import {
  bitString, childrenOf, contentOf, contextExplicit, NULL, objectIdentifier, octetString, readTlv, sequence, slice, time, tlv, TRUE,
  unsignedInteger, ia5,
} from './der';

export type IssueInput = {
  csr: { der: Uint8Array };
  /** The organization ID, already checked against the CSR's one CN (checkCsrSubject). */
  commonName: string;
  issuer: CaMaterial;
  validityDays: number;
  publicUrl: string;
  now?: Date;
};
export type IssuedCertificate = {
  pem: string;
  der: Uint8Array;
  serialNumber: string;
  fingerprintSha256: string;
  publicKeySha256: string;
  notBefore: Date;
  notAfter: Date;
  subject: string;
  issuer: string;
};

const BACKDATE_MS = 60_000;
const OID = {
  basicConstraints: objectIdentifier('2.5.29.19'),
  keyUsage: objectIdentifier('2.5.29.15'),
  extKeyUsage: objectIdentifier('2.5.29.37'),
  subjectKeyIdentifier: objectIdentifier('2.5.29.14'),
  authorityKeyIdentifier: objectIdentifier('2.5.29.35'),
  crlDistributionPoints: objectIdentifier('2.5.29.31'),
  authorityInfoAccess: objectIdentifier('1.3.6.1.5.5.7.1.1'),
  clientAuth: objectIdentifier('1.3.6.1.5.5.7.3.2'),
  caIssuers: objectIdentifier('1.3.6.1.5.5.7.48.2'),
  rsaEncryption: objectIdentifier('1.2.840.113549.1.1.1'),
};
const V3 = contextExplicit(0, Uint8Array.of(0x02, 0x01, 0x02));
// RFC 5280 §4.2.1.3 named bits, trailing zeros dropped (X.690 §11.2.2): digitalSignature (bit 0),
// plus keyEncipherment (bit 2) where the key can encipher (RSA key transport).
const KEY_USAGE_SIGN = Uint8Array.of(0x03, 0x02, 0x07, 0x80);
const KEY_USAGE_SIGN_ENCIPHER = Uint8Array.of(0x03, 0x02, 0x05, 0xa0);

const CN = objectIdentifier('2.5.4.3');
/** Name ::= RDNSequence of one RDN, CN as a UTF8String (RFC 5280 §4.1.2.6, §4.1.2.4). */
const commonNameOnly = (cn: string) => sequence(tlv(0x31, sequence(CN, tlv(0x0c, Buffer.from(cn, 'utf8')))));

const extension = (oid: Uint8Array, critical: boolean, value: Uint8Array) =>
  critical ? sequence(oid, TRUE, octetString(value)) : sequence(oid, octetString(value));
const uri = (url: string) => ia5(url, 0x86); // GeneralName uniformResourceIdentifier [6]

/** RFC 5280 §4.2.1.2 method (1): SHA-1 of the subjectPublicKey BIT STRING's value. */
function keyIdentifier(spki: Uint8Array): Uint8Array {
  const bits = childrenOf(spki, readTlv(spki, 0))[1];
  return createHash('sha1').update(contentOf(spki, bits).subarray(1)).digest();
}

type Signer = { name: Uint8Array; subject: string; keyId: Uint8Array; notAfter: Date; algorithm: Uint8Array; hash: string; key: KeyObject };
const signers = new WeakMap<CaMaterial, Signer>();

/** What every certificate takes from its issuer, worked out once per CA. */
function signerFor(issuer: CaMaterial): Signer {
  let signer = signers.get(issuer);
  if (signer) return signer;
  const der = new Uint8Array(issuer.certificate.rawData);
  const tbs = childrenOf(der, childrenOf(der, readTlv(der, 0))[0]); // Certificate → TBSCertificate's fields
  const at = tbs[0].tag === 0xa0 ? 1 : 0; // [0] version is present in v3 certificates
  const name = slice(der, tbs[at + 4]);
  const ski = issuer.certificate.getExtension(x509.SubjectKeyIdentifierExtension);
  const keyId = ski ? Buffer.from(ski.keyId, 'hex') : keyIdentifier(slice(der, tbs[at + 5]));
  const alg = signingAlgorithmFor(issuer.certificate) as EcdsaParams;
  const hash = alg.name === 'ECDSA' ? String(alg.hash) : 'SHA-256';
  const algorithm = alg.name === 'ECDSA'
    ? sequence(objectIdentifier({ 'SHA-256': '1.2.840.10045.4.3.2', 'SHA-384': '1.2.840.10045.4.3.3', 'SHA-512': '1.2.840.10045.4.3.4' }[hash]!))
    : sequence(objectIdentifier('1.2.840.113549.1.1.11'), NULL); // sha256WithRSAEncryption, RFC 4055 §5
  const key = createPrivateKey({ key: Buffer.from(issuer.pkcs8Der), format: 'der', type: 'pkcs8' });
  signer = { name, subject: issuer.certificate.subject, keyId, notAfter: issuer.certificate.notAfter, algorithm, hash: hash.replace('-', '').toLowerCase(), key };
  signers.set(issuer, signer);
  return signer;
}

export async function issueClientCertificate(input: IssueInput): Promise<IssuedCertificate> {
  const signer = signerFor(input.issuer);
  const now = input.now ?? new Date();
  // DER times hold whole seconds: the stored dates are the certificate's own.
  const notBefore = new Date(Math.floor((now.getTime() - BACKDATE_MS) / 1000) * 1000);
  // A certificate never outlives its issuer (RFC 5280 §6.1.3 would reject the tail anyway).
  const notAfter = new Date(Math.min(notBefore.getTime() + input.validityDays * 86_400_000, signer.notAfter.getTime()));

  const { spki } = csrParts(input.csr.der);
  const subject = commonNameOnly(input.commonName);
  const spkiAlgorithm = contentOf(spki, childrenOf(spki, childrenOf(spki, readTlv(spki, 0))[0])[0]);
  const rsa = Buffer.from(spkiAlgorithm).equals(OID.rsaEncryption.subarray(2));
  const serialNumber = randomSerialHex();
  const url = input.publicUrl;

  const extensions = sequence(
    extension(OID.basicConstraints, true, sequence()), // cA FALSE is the DEFAULT, so absent (X.690 §11.5)
    extension(OID.keyUsage, true, rsa ? KEY_USAGE_SIGN_ENCIPHER : KEY_USAGE_SIGN),
    extension(OID.extKeyUsage, false, sequence(OID.clientAuth)),
    extension(OID.subjectKeyIdentifier, false, octetString(keyIdentifier(spki))),
    extension(OID.authorityKeyIdentifier, false, sequence(tlv(0x80, signer.keyId))),
    extension(OID.crlDistributionPoints, false, sequence(sequence(contextExplicit(0, contextExplicit(0, uri(`${url}/pki/crl`)))))),
    // RFC 5280 §4.2.2.1: caIssuers points at a DER certificate.
    extension(OID.authorityInfoAccess, false, sequence(sequence(OID.caIssuers, uri(`${url}/pki/issuing-ca.crt`)))),
  );
  const tbs = sequence(
    V3, unsignedInteger(Buffer.from(serialNumber, 'hex')), signer.algorithm, signer.name,
    sequence(time(notBefore), time(notAfter)), subject, spki, contextExplicit(3, extensions),
  );
  // Synchronous: ≈ 0.8 ms on this thread, while the thread-pool variant added ≈ 150 µs of CPU for
  // the hand-off, and CPU is what limits issuance. ECDSA gives a DER Ecdsa-Sig-Value (RFC 5480 §2.2).
  const signature = sign(signer.hash, tbs, signer.key);
  const der = sequence(tbs, signer.algorithm, bitString(signature));
  return {
    pem: pemEncode('CERTIFICATE', der),
    der,
    serialNumber,
    fingerprintSha256: createHash('sha256').update(der).digest('hex'),
    publicKeySha256: createHash('sha256').update(spki).digest('hex'),
    notBefore,
    notAfter,
    subject: `CN=${input.commonName}`,
    issuer: signer.subject,
  };
}
