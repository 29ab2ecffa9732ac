// Fast paths for the two serializations every verification repeats: component identifiers and
// the @signature-params inner list (RFC 8941 sections 4.1.1.2 and 4.1.6). Integers, strings
// and booleans are written here; anything else falls back to structured-headers, which also
// checks these against it in the tests. Browser-safe.
import { serializeInnerList, serializeItem, type InnerList, type Parameters } from 'structured-headers';

const PRINTABLE = /^[\x20-\x7e]*$/;

function sfString(value: string): string | null {
  if (!PRINTABLE.test(value)) return null;
  return `"${value.includes('"') || value.includes('\\') ? value.replace(/[\\"]/g, '\\$&') : value}"`;
}

function sfParams(params: Parameters): string | null {
  let out = '';
  for (const [key, value] of params) {
    if (value === true) out += `;${key}`;
    else if (typeof value === 'string') {
      const s = sfString(value);
      if (s === null) return null;
      out += `;${key}=${s}`;
    } else if (typeof value === 'number' && Number.isInteger(value) && Math.abs(value) < 1e15) out += `;${key}=${value}`;
    else return null;
  }
  return out;
}

/** `"name";param=…`, as serializeItem would write it. */
export function serializeComponentId(name: string, params: Parameters): string {
  const s = sfString(name);
  const p = params.size ? sfParams(params) : '';
  return s !== null && p !== null ? s + p : serializeItem(name, params);
}

/** The @signature-params value, as serializeInnerList would write it. */
export function serializeSignatureParams(list: InnerList, labels: string[]): string {
  const p = sfParams(list[1]);
  return p !== null ? `(${labels.join(' ')})${p}` : serializeInnerList(list);
}

