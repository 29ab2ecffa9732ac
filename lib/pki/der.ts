// The few DER (ITU-T X.690 §8 and §10) operations the CA's hot path needs: walking the TLVs of a
// structure that was already validated, and writing the certificate profile's fixed shapes.
// Untrusted input goes through ./csr-der.ts, which enforces DER; this reader only bounds-checks,
// so that a damaged stored value fails loudly instead of reading past its end.
// Browser-safe: Uint8Array only.

export class DerError extends Error {}

/** One TLV: the tag byte, where it starts, where its content starts, and where it ends. */
export type Tlv = { tag: number; start: number; content: number; end: number };

export function readTlv(bytes: Uint8Array, at: number, limit = bytes.length): Tlv {
  if (at + 2 > limit) throw new DerError('truncated');
  const tag = bytes[at];
  if ((tag & 0x1f) === 0x1f) throw new DerError('high tag numbers are not used here');
  let length = bytes[at + 1];
  let content = at + 2;
  if (length & 0x80) {
    const octets = length & 0x7f;
    if (octets === 0 || octets > 3 || content + octets > limit) throw new DerError('bad length');
    length = 0;
    for (let i = 0; i < octets; i += 1) length = length * 256 + bytes[content + i];
    content += octets;
  }
  const end = content + length;
  if (end > limit) throw new DerError('truncated');
  return { tag, start: at, content, end };
}

/** The TLVs directly inside a constructed TLV, in order; `read` reads each (./csr-der.ts passes its strict reader). */
export function childrenOf(bytes: Uint8Array, parent: Tlv, read: (bytes: Uint8Array, at: number, limit: number) => Tlv = readTlv): Tlv[] {
  const out: Tlv[] = [];
  for (let at = parent.content; at < parent.end; ) {
    const child = read(bytes, at, parent.end);
    out.push(child);
    at = child.end;
  }
  return out;
}

export const slice = (bytes: Uint8Array, tlv: Tlv): Uint8Array => bytes.subarray(tlv.start, tlv.end);
export const contentOf = (bytes: Uint8Array, tlv: Tlv): Uint8Array => bytes.subarray(tlv.content, tlv.end);

// ---- writing ----

function lengthOctets(length: number): number[] {
  if (length < 0x80) return [length];
  const out: number[] = [];
  for (let n = length; n > 0; n = Math.floor(n / 256)) out.unshift(n & 0xff);
  return [0x80 | out.length, ...out];
}

/** A TLV around the concatenation of `parts` (X.690 §8.1: definite, minimal length). */
export function tlv(tag: number, ...parts: Uint8Array[]): Uint8Array {
  let length = 0;
  for (const p of parts) length += p.length;
  const head = lengthOctets(length);
  const out = new Uint8Array(1 + head.length + length);
  out[0] = tag;
  out.set(head, 1);
  let at = 1 + head.length;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

export const sequence = (...parts: Uint8Array[]) => tlv(0x30, ...parts);
export const octetString = (bytes: Uint8Array) => tlv(0x04, bytes);
/** A BIT STRING of whole octets (no unused bits). */
export const bitString = (bytes: Uint8Array) => tlv(0x03, Uint8Array.of(0), bytes);
export const contextExplicit = (n: number, ...parts: Uint8Array[]) => tlv(0xa0 | n, ...parts);
export const TRUE = Uint8Array.of(0x01, 0x01, 0xff);
export const NULL = Uint8Array.of(0x05, 0x00);

/** A non-negative INTEGER from big-endian magnitude bytes, minimally encoded (X.690 §8.3.2). */
export function unsignedInteger(magnitude: Uint8Array): Uint8Array {
  let i = 0;
  while (i < magnitude.length - 1 && magnitude[i] === 0) i += 1;
  const trimmed = magnitude.subarray(i);
  return trimmed[0] & 0x80 ? tlv(0x02, Uint8Array.of(0), trimmed) : tlv(0x02, trimmed);
}

export function objectIdentifier(dotted: string): Uint8Array {
  const arcs = dotted.split('.').map(Number);
  const out: number[] = [arcs[0] * 40 + arcs[1]];
  for (const arc of arcs.slice(2)) {
    const base128: number[] = [];
    for (let n = arc; ; n = Math.floor(n / 128)) {
      base128.unshift((n & 0x7f) | (base128.length ? 0x80 : 0));
      if (n < 128) break;
    }
    out.push(...base128);
  }
  return tlv(0x06, Uint8Array.from(out));
}

const ascii = (text: string) => Uint8Array.from(text, (c) => c.charCodeAt(0));
const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** RFC 5280 §4.1.2.5: UTCTime through 2049, GeneralizedTime from 2050; always Zulu, whole seconds. */
export function time(date: Date): Uint8Array {
  const y = date.getUTCFullYear();
  const rest = `${pad(date.getUTCMonth() + 1)}${pad(date.getUTCDate())}${pad(date.getUTCHours())}${pad(date.getUTCMinutes())}${pad(date.getUTCSeconds())}Z`;
  return y < 2050 ? tlv(0x17, ascii(`${pad(y % 100)}${rest}`)) : tlv(0x18, ascii(`${pad(y, 4)}${rest}`));
}

/** IA5String (URIs in GeneralName are IA5, RFC 5280 §4.2.1.6). */
export const ia5 = (text: string, tag = 0x16) => {
  if (!/^[\x00-\x7f]*$/.test(text)) throw new DerError('not IA5');
  return tlv(tag, ascii(text));
};
