// A fast path for the two dictionaries every verification parses, Signature-Input and
// Signature (RFC 8941 section 3.2), in the shapes signers produce: inner lists of strings with
// parameters, byte sequences, parameters that are integers, strings or booleans. Anything else
// returns null and the caller uses structured-headers; a differential test checks that whenever
// this answers, it answers exactly what structured-headers does. Browser-safe.
import type { BareItem, Dictionary, InnerList, Item, Parameters } from 'structured-headers';

// Sticky expressions read at the cursor without slicing the string first.
const KEY = /[a-z*][a-z0-9_\-.*]*/y;
const INTEGER = /-?\d{1,15}/y;
const PLAIN_STRING = /[\x20\x21\x23-\x5b\x5d-\x7e]*"/y;
const B64 = /^[A-Za-z0-9+/]*={0,2}$/;

class Cursor {
  i = 0;
  constructor(readonly s: string) {}
  peek() { return this.s[this.i]; }
  eat(c: string) { if (this.s[this.i] !== c) return false; this.i++; return true; }
  ows() { while (this.s[this.i] === ' ' || this.s[this.i] === '\t') this.i++; }
  sp() { while (this.s[this.i] === ' ') this.i++; }
}

function sticky(re: RegExp, c: Cursor): string | null {
  re.lastIndex = c.i;
  const m = re.exec(c.s);
  return m ? m[0] : null;
}

function key(c: Cursor): string | null {
  const k = sticky(KEY, c);
  if (k === null) return null;
  c.i += k.length;
  return k;
}

function string(c: Cursor): string | null {
  if (!c.eat('"')) return null;
  // Usually no escapes: the whole string up to its closing quote in one match.
  const plain = sticky(PLAIN_STRING, c);
  if (plain !== null) {
    c.i += plain.length;
    return plain.slice(0, -1);
  }
  let out = '';
  for (;;) {
    const ch = c.s[c.i++];
    if (ch === undefined) return null;
    if (ch === '"') return out;
    if (ch === '\\') {
      const next = c.s[c.i++];
      if (next !== '"' && next !== '\\') return null;
      out += next;
    } else {
      const code = ch.charCodeAt(0);
      if (code < 0x20 || code > 0x7e) return null;
      out += ch;
    }
  }
}

function integer(c: Cursor): number | null {
  const m = sticky(INTEGER, c);
  if (m === null) return null;
  const next = c.s[c.i + m.length];
  if (next === '.' || (next >= '0' && next <= '9')) return null; // decimals and long numbers: library
  c.i += m.length;
  return Number(m);
}

function params(c: Cursor): Parameters | null {
  const out: Parameters = new Map();
  while (c.eat(';')) {
    c.sp();
    const k = key(c);
    if (k === null) return null;
    let v: BareItem = true;
    if (c.eat('=')) {
      const ch = c.peek();
      const parsed = ch === '"' ? string(c) : ch === '-' || (ch >= '0' && ch <= '9') ? integer(c) : null;
      if (parsed === null) return null;
      v = parsed;
    }

    out.set(k, v);
  }
  return out;
}

function byteSequence(c: Cursor): ArrayBuffer | null {
  if (!c.eat(':')) return null;
  const end = c.s.indexOf(':', c.i);
  if (end < 0) return null;
  const text = c.s.slice(c.i, end);
  if (!B64.test(text) || text.length % 4 !== 0) return null;
  c.i = end + 1;
  // Decoded straight into the ArrayBuffer the caller gets: one allocation, no copy.
  const padding = text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0;
  const out = new ArrayBuffer((text.length / 4) * 3 - padding);
  Buffer.from(out).write(text, 'base64');
  return out;
}

function innerList(c: Cursor): InnerList | null {
  if (!c.eat('(')) return null;
  const items: Item[] = [];
  for (;;) {
    c.sp();
    if (c.eat(')')) break;
    const s = string(c);
    if (s === null) return null;
    const p = params(c);
    if (p === null) return null;
    items.push([s, p]);
    const next = c.peek();
    if (next !== ' ' && next !== ')') return null;
  }
  const p = params(c);
  return p === null ? null : [items, p];
}

export function fastParseDictionary(text: string): Dictionary | null {
  // RFC 8941 section 4.2: only leading and trailing SP are discarded.
  const c = new Cursor(text.startsWith(' ') || text.endsWith(' ') ? text.replace(/^ +| +$/g, '') : text);
  const out: Dictionary = new Map();
  while (c.i < c.s.length) {
    const k = key(c);
    if (k === null || !c.eat('=')) return null;
    const ch = c.peek();
    let member: Item | InnerList | null = null;
    if (ch === '(') member = innerList(c);
    else if (ch === ':') {
      const bytes = byteSequence(c);
      const p = bytes && params(c);
      member = bytes && p ? [bytes, p] : null;
    }
    if (member === null) return null;

    out.set(k, member);
    c.ows();
    if (c.i >= c.s.length) break;
    if (!c.eat(',')) return null;
    c.ows();
    if (c.i >= c.s.length) return null;
  }
  return out;
}
