// A strict DER reader for PKCS#10 requests (RFC 2986 §4), untrusted input. It replaces a parse
// through a general ASN.1 object model plus a re-encode to compare, which cost ≈ 0.2 ms per CSR
// and kept V8's optimising compiler busy in the server for good (bench:issue).
//
// What "strict DER" means here (ITU-T X.690 §10):
// - every length definite and minimal (§8.1.3, §10.1), every TLV inside its parent, constructed
//   values walked to the bottom, nothing after the request;
// - no constructed encoding of a string or BIT STRING (§10.2), tag numbers in one octet;
// - the fields the policy reads in their canonical form: version INTEGER 0, OBJECT IDENTIFIERs in
//   minimal sub-identifiers (§8.19.2), the key and the signature as BIT STRINGs of whole octets.
// Attribute and name values are checked as TLVs only, as before: csr-policy decodes the subject's
// strings itself and hands any other subject to the ASN.1 model (csr-der.test.ts compares the two
// readers over thousands of damaged requests). Browser-safe: Uint8Array only.
import { childrenOf, DerError, type Tlv } from './der';

/** Why a request is refused: `trailing` when a complete request is followed by more bytes. */
export class CsrDerError extends DerError {
  constructor(readonly trailing = false) {
    super(trailing ? 'trailing bytes' : 'not strict DER');
  }
}

export type CsrDer = {
  /** The signed certificationRequestInfo, exactly as received. */
  info: Uint8Array;
  /** The subject Name TLV and its RDNs: each a list of [type OID, value TLV]. */
  subject: Uint8Array;
  rdns: Rdns;
  /** The SubjectPublicKeyInfo TLV, its algorithm OID, parameters TLV (or null) and key bits. */
  spki: Uint8Array;
  keyAlgorithm: string;
  keyParameters: Uint8Array | null;
  publicKey: Uint8Array;
  signatureAlgorithm: string;
  signatureParameters: Uint8Array | null;
  /** The signature BIT STRING's value without its unused-bits octet. */
  signature: Uint8Array;
};

const MAX_DEPTH = 32;
const SEQUENCE = 0x30;
const SET = 0x31;

function bad(): never {
  throw new CsrDerError();
}

/** One TLV with a definite, minimal length that ends inside `limit` (X.690 §10.1). */
function tlvAt(b: Uint8Array, at: number, limit: number): Tlv {
  if (at + 2 > limit) bad();
  const tag = b[at];
  if ((tag & 0x1f) === 0x1f) bad();
  let length = b[at + 1];
  let content = at + 2;
  if (length & 0x80) {
    const octets = length & 0x7f;
    // 0 is BER's indefinite form; a leading zero octet or a long form for < 128 is not minimal.
    if (octets === 0 || octets > 3 || content + octets > limit || b[content] === 0) bad();
    length = 0;
    for (let i = 0; i < octets; i += 1) length = length * 256 + b[content + i];
    if (length < 0x80) bad();
    content += octets;
  }
  const end = content + length;
  if (end > limit) bad();
  return { tag, start: at, content, end };
}

/** The TLVs inside `t`, each read strictly. */
const children = (b: Uint8Array, t: Tlv): Tlv[] => childrenOf(b, t, tlvAt);

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** The universal primitive types' own rules (X.690 §8 and, for DER, §11). */
function checkPrimitive(b: Uint8Array, t: Tlv): void {
  const length = t.end - t.content;
  const first = b[t.content];
  switch (t.tag) {
    case 0x01: // BOOLEAN: one octet, TRUE is 0xFF (§11.1)
      if (length !== 1 || (first !== 0 && first !== 0xff)) bad();
      return;
    case 0x02: // INTEGER, ENUMERATED: at least one octet, the fewest (§8.3.2)
    case 0x0a:
      if (length === 0 || (length > 1 && ((first === 0 && b[t.content + 1] < 0x80) || (first === 0xff && b[t.content + 1] >= 0x80)))) bad();
      return;
    case 0x03: // BIT STRING: unused bits 0–7, none in an empty one, and zero (§11.2.1)
      if (length === 0 || first > 7 || (length === 1 && first !== 0) || (b[t.end - 1] & ((1 << first) - 1)) !== 0) bad();
      return;
    case 0x05: // NULL: no content (§8.8.2)
      if (length !== 0) bad();
      return;
    case 0x06:
      readOid(b, t);
      return;
    case 0x0c: // UTF8String: well-formed UTF-8
      try {
        utf8.decode(b.subarray(t.content, t.end));
      } catch {
        bad();
      }
      return;
    case 0x1c: // UniversalString (UCS-4), BMPString (UCS-2)
      if (length % 4) bad();
      return;
    case 0x1e:
      if (length % 2) bad();
      return;
    case 0x00: // end-of-contents belongs to BER's indefinite lengths only (§8.1.5)
    case 0x10: // SEQUENCE and SET are always constructed (§8.9, §8.11)
    case 0x11:
      bad();
  }
}

/** Walks a value to the bottom: constructed values must be exactly filled by their TLVs. */
function checkTree(b: Uint8Array, t: Tlv, depth: number): void {
  if (!(t.tag & 0x20)) {
    checkPrimitive(b, t);
    return;
  }
  // §10.2: DER never uses a constructed form for a universal string type (or BIT/OCTET STRING).
  if ((t.tag & 0xc0) === 0 && t.tag !== SEQUENCE && t.tag !== SET) bad();
  if (depth > MAX_DEPTH) bad();
  for (const child of children(b, t)) checkTree(b, child, depth + 1);
}

function expect(t: Tlv | undefined, tag: number): Tlv {
  if (!t || t.tag !== tag) bad();
  return t;
}

/** X.690 §8.19: dotted form, refusing non-minimal sub-identifiers and a truncated last one. */
export function readOid(b: Uint8Array, t: Tlv): string {
  if (t.tag !== 0x06 || t.end === t.content) bad();
  const arcs: number[] = [];
  let value = 0;
  let fresh = true;
  for (let i = t.content; i < t.end; i += 1) {
    const byte = b[i];
    if (fresh && byte === 0x80) bad();
    if (value > 2 ** 45) bad(); // beyond what a number holds exactly; no real OID comes near
    value = value * 128 + (byte & 0x7f);
    fresh = !(byte & 0x80);
    if (fresh) {
      arcs.push(value);
      value = 0;
    }
  }
  if (!fresh) bad();
  const first = arcs[0];
  const head = first < 40 ? [0, first] : first < 80 ? [1, first - 40] : [2, first - 80];
  return [...head, ...arcs.slice(1)].join('.');
}

/** A BIT STRING of whole octets (unused bits 0), as the key and the signature always are. */
function bitStringValue(b: Uint8Array, t: Tlv): Uint8Array {
  expect(t, 0x03);
  if (t.end === t.content || b[t.content] !== 0) bad();
  return b.subarray(t.content + 1, t.end);
}

function algorithmIdentifier(b: Uint8Array, t: Tlv): { oid: string; parameters: Uint8Array | null } {
  const parts = children(b, expect(t, SEQUENCE));
  if (parts.length < 1 || parts.length > 2) bad();
  return { oid: readOid(b, parts[0]), parameters: parts[1] ? b.subarray(parts[1].start, parts[1].end) : null };
}

export type Rdns = Array<Array<{ type: string; tag: number; value: Uint8Array }>>;

/** Name ::= SEQUENCE OF SET OF AttributeTypeAndValue (RFC 5280 §4.1.2.4), as type OIDs and value TLVs. */
function rdnsOf(b: Uint8Array, name: Tlv): Rdns {
  return children(b, expect(name, SEQUENCE)).map((rdn) => {
    const avas = children(b, expect(rdn, SET));
    if (avas.length === 0) bad();
    return avas.map((ava) => {
      const [type, value, ...extra] = children(b, expect(ava, SEQUENCE));
      if (extra.length || !value) bad();
      return { type: readOid(b, type), tag: value.tag, value: b.subarray(value.content, value.end) };
    });
  });
}

/** A Name on its own (strict DER, nothing after it), read as readCsrDer reads the subject. */
export function readNameDer(der: Uint8Array): Rdns {
  const top = tlvAt(der, 0, der.length);
  checkTree(der, top, 0);
  const rdns = rdnsOf(der, top);
  if (top.end !== der.length) throw new CsrDerError(true);
  return rdns;
}

/** Reads a CertificationRequest (RFC 2986 §4.1, §4.2), refusing anything that is not strict DER. */
export function readCsrDer(der: Uint8Array): CsrDer {
  const top = tlvAt(der, 0, der.length);
  checkTree(der, expect(top, SEQUENCE), 0);
  const [infoTlv, sigAlgTlv, sigTlv, ...rest] = children(der, top);
  if (rest.length) bad();
  const [version, subjectTlv, spkiTlv, attributes, ...more] = children(der, expect(infoTlv, SEQUENCE));
  // version INTEGER { v1(0) }, the only one there is; attributes [0] IMPLICIT SET OF Attribute.
  if (more.length || !version || version.tag !== 0x02 || version.end - version.content !== 1 || der[version.content] !== 0) bad();
  expect(attributes, 0xa0);
  for (const attribute of children(der, attributes)) {
    const [type, values, ...extra] = children(der, expect(attribute, SEQUENCE));
    if (extra.length) bad();
    readOid(der, type);
    expect(values, SET);
  }
  const rdns = rdnsOf(der, subjectTlv);
  const [keyAlgTlv, keyTlv, ...spkiExtra] = children(der, expect(spkiTlv, SEQUENCE));
  if (spkiExtra.length || !keyTlv) bad();
  const keyAlg = algorithmIdentifier(der, keyAlgTlv);
  const sigAlg = algorithmIdentifier(der, sigAlgTlv);
  const signature = bitStringValue(der, expect(sigTlv, 0x03));
  const publicKey = bitStringValue(der, keyTlv);
  // Only a complete, valid request followed by more bytes is "trailing"; a damaged one with bytes
  // after it is just damaged (the reason the user is told must be the first thing wrong).
  if (top.end !== der.length) throw new CsrDerError(true);
  return {
    info: der.subarray(infoTlv.start, infoTlv.end),
    subject: der.subarray(subjectTlv.start, subjectTlv.end),
    rdns,
    spki: der.subarray(spkiTlv.start, spkiTlv.end),
    keyAlgorithm: keyAlg.oid,
    keyParameters: keyAlg.parameters,
    publicKey,
    signatureAlgorithm: sigAlg.oid,
    signatureParameters: sigAlg.parameters,
    signature,
  };
}
