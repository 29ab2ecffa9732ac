// CSR validation (PRODUCT.md "CSR validation"): one code path for the browser, the API and the
// CLI. Browser-safe: WebCrypto and the @peculiar ASN.1 classes only.
import { AsnConvert } from '@peculiar/asn1-schema';
import { Name } from '@peculiar/asn1-x509';
import { RSAPublicKey, RsaSaPssParams } from '@peculiar/asn1-rsa';
import { x509 } from './x509';
import { TrustgateError } from '../errors';
import { base64Decode, pemBlocks, pemEncode, sha256Hex } from './fingerprints';
import { containsPrivateKey } from './private-key-detect';
import { childrenOf, contentOf, readTlv, slice } from './der';
import { CsrDerError, readCsrDer, readOid, type CsrDer } from './csr-der';

export type KeyPolicy = { ecCurves: string[]; rsaMinBits: number; rsaMaxBits: number; ed25519: boolean };
export const defaultKeyPolicy: KeyPolicy = { ecCurves: ['P-256', 'P-384', 'P-521'], rsaMinBits: 2048, rsaMaxBits: 8192, ed25519: true };
export const MAX_CSR_BYTES = 16 * 1024;

export type ParsedCsr = {
  pem: string;
  der: Uint8Array<ArrayBuffer>;
  subject: string;
  /** Every CN in the subject, in DER order: exactly one is accepted (checkCsrSubject). */
  commonNames: string[];
  keyAlgorithm: string;
  keyType: 'EC' | 'RSA' | 'Ed25519';
  keySize: number;
  spkiDer: Uint8Array<ArrayBuffer>;
  publicKeySha256: string;
  signatureAlgorithm: string;
};

const CURVES: Record<string, { name: string; bits: number }> = {
  '1.2.840.10045.3.1.7': { name: 'P-256', bits: 256 },
  '1.3.132.0.34': { name: 'P-384', bits: 384 },
  '1.3.132.0.35': { name: 'P-521', bits: 521 },
};
const KEY_EC = '1.2.840.10045.2.1';
const KEY_RSA = '1.2.840.113549.1.1.1';
const KEY_ED25519 = '1.3.101.112';
const RSA_PSS = '1.2.840.113549.1.1.10';

// Signature algorithms we accept, and the ones refused as weak (RFC 6151 MD5, RFC 9155 / SHAttered SHA-1).
const SIGNATURE_ALGORITHMS: Record<string, string> = {
  '1.2.840.10045.4.3.2': 'ecdsa-with-SHA256',
  '1.2.840.10045.4.3.3': 'ecdsa-with-SHA384',
  '1.2.840.10045.4.3.4': 'ecdsa-with-SHA512',
  '1.2.840.113549.1.1.11': 'sha256WithRSAEncryption',
  '1.2.840.113549.1.1.12': 'sha384WithRSAEncryption',
  '1.2.840.113549.1.1.13': 'sha512WithRSAEncryption',
  [RSA_PSS]: 'RSASSA-PSS',
  [KEY_ED25519]: 'Ed25519',
};
const WEAK_SIGNATURE_ALGORITHMS: Record<string, string> = {
  '1.2.840.113549.1.1.2': 'md2WithRSAEncryption',
  '1.2.840.113549.1.1.4': 'md5WithRSAEncryption',
  '1.2.840.113549.1.1.5': 'sha1WithRSAEncryption',
  '1.3.14.3.2.29': 'sha1WithRSASignature',
  '1.2.840.10045.4.1': 'ecdsa-with-SHA1',
  '1.2.840.10040.4.3': 'dsa-with-SHA1',
  '1.2.840.113549.1.1.14': 'sha224WithRSAEncryption',
  '1.2.840.10045.4.3.1': 'ecdsa-with-SHA224',
};
const WEAK_HASHES = new Set(['1.3.14.3.2.26', '1.2.840.113549.2.5', '2.16.840.1.101.3.4.2.4']);

const malformed = (message: string) => new TrustgateError('malformed_csr', message);

function decodeInput(input: string | Uint8Array): Uint8Array<ArrayBuffer> {
  const text = typeof input === 'string' ? input : looksLikeText(input) ? new TextDecoder().decode(input) : null;
  if (text === null) return new Uint8Array(input as Uint8Array);
  const blocks = pemBlocks(text).filter((b) => b.label === 'CERTIFICATE REQUEST' || b.label === 'NEW CERTIFICATE REQUEST');
  if (blocks.length === 0) {
    throw malformed(pemBlocks(text).length
      ? `Expected a CERTIFICATE REQUEST PEM block, found ${pemBlocks(text).map((b) => b.label).join(', ')}.`
      : 'This is not a CSR: paste a PEM "CERTIFICATE REQUEST" block or upload a DER file.');
  }
  if (blocks.length > 1) throw malformed('Submit one CSR at a time; this text holds several.');
  const der = base64Decode(blocks[0].body);
  if (!der) throw malformed('The PEM block is not valid base64.');
  return new Uint8Array(der);
}

const looksLikeText = (bytes: Uint8Array) => bytes.length > 0 && bytes[0] !== 0x30;

function readStrictDer(der: Uint8Array): CsrDer {
  try {
    return readCsrDer(der);
  } catch (error) {
    if (error instanceof CsrDerError && error.trailing) throw malformed('The CSR has trailing bytes after its DER structure.');
    throw malformed('The CSR is not valid DER (PKCS#10, RFC 2986), or not strict DER.');
  }
}

function checkSignatureAlgorithm({ signatureAlgorithm: oid, signatureParameters }: CsrDer): string {
  if (WEAK_SIGNATURE_ALGORITHMS[oid]) {
    throw new TrustgateError('weak_signature_algorithm', `The CSR is signed with ${WEAK_SIGNATURE_ALGORITHMS[oid]}; sign it with SHA-256 or stronger (openssl req -sha256).`);
  }
  const name = SIGNATURE_ALGORITHMS[oid];
  if (!name) throw new TrustgateError('unsupported_key', `The CSR's signature algorithm ${oid} is not supported; use ECDSA, RSA or Ed25519 with SHA-256 or stronger.`);
  if (oid === RSA_PSS && signatureParameters) {
    const params = AsnConvert.parse(signatureParameters, RsaSaPssParams);
    if (WEAK_HASHES.has(params.hashAlgorithm.algorithm)) {
      throw new TrustgateError('weak_signature_algorithm', 'The CSR is signed with RSASSA-PSS over SHA-1; use SHA-256 or stronger.');
    }
  }
  return name;
}

function checkKey({ keyAlgorithm: oid, keyParameters, publicKey }: CsrDer, policy: KeyPolicy): Pick<ParsedCsr, 'keyAlgorithm' | 'keyType' | 'keySize'> {
  if (oid === KEY_EC) {
    const curve = CURVES[namedCurveOf(keyParameters) ?? ''];
    if (!curve || !policy.ecCurves.includes(curve.name)) {
      throw new TrustgateError('unsupported_key', `This elliptic curve is not allowed; use ${policy.ecCurves.join(', ')} (openssl ecparam -name secp384r1).`);
    }
    return { keyAlgorithm: `EC ${curve.name}`, keyType: 'EC', keySize: curve.bits };
  }
  if (oid === KEY_RSA) {
    const key = AsnConvert.parse(publicKey, RSAPublicKey);
    const modulus = new Uint8Array(key.modulus);
    const bits = bitLength(modulus);
    const exponent = Array.from(new Uint8Array(key.publicExponent)).reduce((n, b) => n * 256 + b, 0);
    if (exponent !== 65537) throw new TrustgateError('weak_key', `The RSA public exponent is ${exponent}; it must be 65537.`);
    if (bits < policy.rsaMinBits) throw new TrustgateError('weak_key', `RSA ${bits} is too short; use at least ${policy.rsaMinBits} bits, or better an EC P-384 key.`);
    if (bits > policy.rsaMaxBits) throw new TrustgateError('unsupported_key', `RSA ${bits} is longer than the ${policy.rsaMaxBits} bits we accept.`);
    return { keyAlgorithm: `RSA ${bits}`, keyType: 'RSA', keySize: bits };
  }
  if (oid === KEY_ED25519 && policy.ed25519) return { keyAlgorithm: 'Ed25519', keyType: 'Ed25519', keySize: 256 };
  throw new TrustgateError('unsupported_key', 'This key type is not accepted; use EC P-256/P-384/P-521, RSA 2048–8192 or Ed25519.');
}

function bitLength(unsigned: Uint8Array): number {
  let i = 0;
  while (i < unsigned.length && unsigned[i] === 0) i += 1;
  if (i === unsigned.length) return 0;
  return (unsigned.length - i - 1) * 8 + (32 - Math.clz32(unsigned[i]));
}

// RFC 5480 §2.1.1: only namedCurve is allowed; explicit curve parameters are refused.
function namedCurveOf(params: Uint8Array | null): string | undefined {
  if (!params) return undefined;
  try {
    return readOid(params, readTlv(params, 0));
  } catch {
    return undefined;
  }
}

/**
 * The parts of a PKCS#10 request (RFC 2986 §4) as byte ranges of its DER: the signed
 * certificationRequestInfo, its subject and subjectPKInfo, and the signature BIT STRING. Only for
 * DER that passed readCsrDer (./csr-der.ts), here or before it was stored.
 */
export function csrParts(der: Uint8Array) {
  const [info, , signature] = childrenOf(der, readTlv(der, 0));
  const [, subject, spki] = childrenOf(der, info);
  return { info: slice(der, info), subject: slice(der, subject), spki: slice(der, spki), signatureBits: contentOf(der, signature) };
}

const ECDSA_HASHES: Record<string, string> = { '1.2.840.10045.4.3.2': 'SHA-256', '1.2.840.10045.4.3.3': 'SHA-384', '1.2.840.10045.4.3.4': 'SHA-512' };
const FIELD_BYTES: Record<string, number> = { 'EC P-256': 32, 'EC P-384': 48, 'EC P-521': 66 };

/** RFC 5480 §2.2 Ecdsa-Sig-Value (DER) → the r‖s form WebCrypto verifies; null when malformed. */
export function ecdsaSignatureToRaw(sig: Uint8Array, fieldBytes: number): Uint8Array<ArrayBuffer> | null {
  try {
    const top = readTlv(sig, 0);
    if (top.tag !== 0x30 || top.end !== sig.length) return null;
    const parts = childrenOf(sig, top);
    if (parts.length !== 2) return null;
    const raw = new Uint8Array(2 * fieldBytes);
    for (const [i, part] of parts.entries()) {
      let value = contentOf(sig, part);
      if (part.tag !== 0x02 || value.length === 0 || value[0] & 0x80) return null;
      if (value.length > 1 && value[0] === 0 && !(value[1] & 0x80)) return null; // not minimal
      if (value[0] === 0) value = value.subarray(1);
      if (value.length > fieldBytes) return null;
      raw.set(value, (i + 1) * fieldBytes - value.length);
    }
    return raw;
  } catch {
    return null;
  }
}

/**
 * The crypto parseCsr needs. WebCrypto by default (this file also runs in the browser); the
 * server passes Node's synchronous primitives (./node-crypto.ts), which skip the thread-pool
 * hand-off that WebCrypto makes for every call (≈ 150 µs of CPU each, bench:issue).
 */
export type EcKey = { spki: Uint8Array<ArrayBuffer>; point: Uint8Array };

export type CsrCrypto = {
  sha256Hex(data: Uint8Array<ArrayBuffer>): string | Promise<string>;
  /**
   * ECDSA with `hash` over `data`; `signature` is the DER Ecdsa-Sig-Value (RFC 5480 §2.2). The key
   * is the SubjectPublicKeyInfo and, as read from it, its point.
   */
  verifyEcdsa(key: EcKey, keyAlgorithm: string, hash: string, data: Uint8Array<ArrayBuffer>, signature: Uint8Array): boolean | Promise<boolean>;
};

export const webCsrCrypto: CsrCrypto = {
  sha256Hex,
  async verifyEcdsa({ spki }, keyAlgorithm, hash, data, signature) {
    const raw = ecdsaSignatureToRaw(signature, FIELD_BYTES[keyAlgorithm]);
    if (!raw) return false;
    const key = await globalThis.crypto.subtle.importKey('spki', spki, { name: 'ECDSA', namedCurve: keyAlgorithm.slice(3) }, false, ['verify']);
    return globalThis.crypto.subtle.verify({ name: 'ECDSA', hash }, key, raw, data);
  },
};

/**
 * ECDSA, the keys we recommend, is checked straight from the DER: the signed bytes are the
 * certificationRequestInfo exactly as received. Other algorithms (RSA PKCS#1 and PSS, Ed25519)
 * go through @peculiar/x509, which knows their parameters.
 */
type Signed = { der: Uint8Array<ArrayBuffer>; csr: CsrDer; spkiDer: Uint8Array<ArrayBuffer> };

async function signatureVerifies({ der, csr, spkiDer }: Signed, keyAlgorithm: string, signatureOid: string, crypto: CsrCrypto): Promise<boolean> {
  const hash = ECDSA_HASHES[signatureOid];
  if (!hash || !FIELD_BYTES[keyAlgorithm]) return new x509.Pkcs10CertificateRequest(der).verify(globalThis.crypto);
  return crypto.verifyEcdsa({ spki: spkiDer, point: csr.publicKey }, keyAlgorithm, hash, new Uint8Array(csr.info), csr.signature);
}

async function verifyProofOfPossession(signed: Signed, keyAlgorithm: string, signatureOid: string, crypto: CsrCrypto): Promise<void> {
  let ok = false;
  try {
    ok = await signatureVerifies(signed, keyAlgorithm, signatureOid, crypto);
  } catch {
    ok = false;
  }
  // RFC 2986 §3: the signature proves the requester holds the private key.
  if (!ok) throw new TrustgateError('bad_signature', "The CSR's signature does not verify: it was altered, or not signed with the key it contains.");
}

// The subject as @peculiar/x509's Name prints it (RDNs in DER order, ", " between them). The
// common shape, one attribute per RDN of a well-known type with a plain ASCII string, is written
// here directly; any other subject goes through the ASN.1 model, which also checks that its
// strings re-encode to the bytes received (strict DER), and the printer.
const ATTRIBUTE_NAMES: Record<string, string> = { '2.5.4.3': 'CN', '2.5.4.10': 'O', '2.5.4.11': 'OU', '2.5.4.6': 'C', '2.5.4.7': 'L', '2.5.4.8': 'ST' };
const PLAIN_STRING_TAGS = new Set([0x0c, 0x13, 0x16]); // UTF8String, PrintableString, IA5String
const PLAIN_VALUE = /^[A-Za-z0-9._@:/-](?:[A-Za-z0-9 ._@:/-]*[A-Za-z0-9._@:/-])?$/;

function plainSubject(rdns: CsrDer['rdns']): { subject: string; commonNames: string[] } | null {
  const parts: string[] = [];
  const commonNames: string[] = [];
  for (const rdn of rdns) {
    const name = rdn.length === 1 ? ATTRIBUTE_NAMES[rdn[0].type] : undefined;
    if (!name || !PLAIN_STRING_TAGS.has(rdn[0].tag) || rdn[0].value.length > 256) return null;
    let text = '';
    for (const byte of rdn[0].value) text += String.fromCharCode(byte);
    if (!PLAIN_VALUE.test(text)) return null;
    if (name === 'CN') commonNames.push(text);
    parts.push(`${name}=${text}`);
  }
  return { subject: parts.join(', '), commonNames };
}

export function readSubject(csr: Pick<CsrDer, 'subject' | 'rdns'>): { subject: string; commonNames: string[] } {
  const plain = plainSubject(csr.rdns);
  if (plain) return plain;
  const name = AsnConvert.parse(csr.subject, Name);
  const again = new Uint8Array(AsnConvert.serialize(name));
  if (again.length !== csr.subject.length || again.some((b, i) => b !== csr.subject[i])) throw malformed('The CSR is not strict DER.');
  const printer = new x509.Name(name);
  return { subject: printer.toString(), commonNames: printer.getField('CN') };
}

export type ParseOptions = { policy?: KeyPolicy; proofOfPossession?: boolean; crypto?: CsrCrypto };

export async function parseCsr(input: string | Uint8Array, { policy = defaultKeyPolicy, proofOfPossession = true, crypto = webCsrCrypto }: ParseOptions = {}): Promise<ParsedCsr> {
  const size = typeof input === 'string' ? new TextEncoder().encode(input).length : input.length;
  if (size > MAX_CSR_BYTES) throw new TrustgateError('too_large', `A CSR is at most ${MAX_CSR_BYTES / 1024} KiB; this is ${Math.ceil(size / 1024)} KiB.`);
  if (containsPrivateKey(input)) {
    throw new TrustgateError('private_key_detected',
      'This contains a PRIVATE KEY. It was not stored. Treat that key as exposed: delete it, generate a new key pair, and send only the CSR.');
  }
  try {
    const der = decodeInput(input);
    const csr = readStrictDer(der);
    const signatureAlgorithm = checkSignatureAlgorithm(csr);
    const key = checkKey(csr, policy);
    // Strict DER (checked above) means the SPKI's bytes as received are its only encoding.
    const spkiDer = new Uint8Array(csr.spki);
    if (proofOfPossession) await verifyProofOfPossession({ der, csr, spkiDer }, key.keyAlgorithm, csr.signatureAlgorithm, crypto);
    const { subject, commonNames } = readSubject(csr);
    return {
      pem: pemEncode('CERTIFICATE REQUEST', der),
      der,
      subject,
      commonNames,
      ...key,
      spkiDer,
      publicKeySha256: await crypto.sha256Hex(spkiDer),
      signatureAlgorithm,
    };
  } catch (error) {
    if (error instanceof TrustgateError) throw error;
    throw malformed('The CSR could not be read: it is damaged or not a PKCS#10 request.');
  }
}

// Control characters the printed subject holds raw (the printer escapes newline and tab, RFC 4514
// section 2.4, but not U+0000 or DEL): U+0000 cannot be stored (PostgreSQL refuses the statement,
// and with it every submission batched with this one), and the others would reach pages and mail.
const CONTROL = /[\u0000-\u001f\u007f]/;
// A BMPString is UTF-16 code units, so it can hold half of a surrogate pair, which is no character:
// PostgreSQL's json refuses it, and the submission batch it joins (other organizations' too) failed.
const UNPAIRED_SURROGATE = /\p{Cs}/u;

export function checkCsrSubject(csr: Pick<ParsedCsr, 'commonNames' | 'subject'>, orgId: string): void {
  if (UNPAIRED_SURROGATE.test(csr.subject)) {
    throw new TrustgateError('subject_mismatch', `The CSR's subject holds a UTF-16 code unit that is no character (half of a surrogate pair, in a BMPString). Create it with -subj "/CN=${orgId}".`);
  }
  if (CONTROL.test(csr.subject)) {
    throw new TrustgateError('subject_mismatch', `The CSR's subject contains a control character (${JSON.stringify(csr.subject)}). Create it with -subj "/CN=${orgId}".`);
  }
  // One CN only: with two, software that reads the last one (Go's pkix.Name.CommonName does)
  // would see a name we never checked, another organization's ID for instance.
  if (csr.commonNames.length > 1) {
    throw new TrustgateError('subject_mismatch',
      `The CSR's subject must hold one CN, your organization ID ${orgId}; it holds ${csr.commonNames.length} (${csr.subject}). Create it with -subj "/CN=${orgId}".`);
  }
  if (csr.commonNames[0] !== orgId) {
    throw new TrustgateError('subject_mismatch',
      `The CSR's subject must be CN=${orgId} (your organization ID); it is ${csr.subject || 'empty'}. Create it with -subj "/CN=${orgId}".`);
  }
}
