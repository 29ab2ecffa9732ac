// Signing a message (RFC 9421 section 3.1): build the base, sign it, and add the
// Signature-Input and Signature members under the label.
import type { KeyObject } from 'node:crypto';
import { parseDictionary, parseItem, serializeDictionary, type Dictionary } from 'structured-headers';
import { signBytes, type Algorithm } from './algorithms';
import { paramsMap, signatureBase, toInnerList, type SignatureParams } from './base';
import type { Component } from './components';
import { fieldValues, setField, type HttpMessage } from './message';

/** `content-digest`, `"@query-param";name="id"` or a parsed component. */
export type ComponentSpec = string | Component;

export function parseComponent(spec: ComponentSpec): Component {
  if (typeof spec !== 'string') return spec;
  if (!spec.startsWith('"')) return { name: spec, params: new Map() };
  const [name, params] = parseItem(spec);
  if (typeof name !== 'string') throw new Error(`Not a component identifier: ${spec}`);
  return { name, params };
}

export type SignOptions = {
  label?: string;
  components: ComponentSpec[];
  params: SignatureParams;
  key: KeyObject;
  algorithm: Algorithm;
};

export type Signed = { label: string; base: string; signature: Uint8Array; signatureInput: string; signatureHeader: string };

function addMember(message: HttpMessage, field: string, label: string, value: Dictionary extends Map<string, infer V> ? V : never) {
  const existing = fieldValues(message, field);
  const dict: Dictionary = existing.length ? parseDictionary(existing.join(', ')) : new Map();
  dict.set(label, value);
  setField(message, field === 'signature' ? 'Signature' : 'Signature-Input', serializeDictionary(dict));
}

/** Signs `message` in place (adding the two fields) and returns what was signed. */
export function signMessage(message: HttpMessage, options: SignOptions): Signed {
  const label = options.label ?? 'sig1';
  const list = toInnerList(options.components.map(parseComponent), paramsMap(options.params));
  const { text } = signatureBase(message, list);
  const signature = signBytes(options.algorithm, options.key, new TextEncoder().encode(text));
  addMember(message, 'signature-input', label, list);
  addMember(message, 'signature', label, [signature.buffer.slice(signature.byteOffset, signature.byteOffset + signature.byteLength) as ArrayBuffer, new Map()]);
  return {
    label,
    base: text,
    signature,
    signatureInput: fieldValues(message, 'signature-input').join(', '),
    signatureHeader: fieldValues(message, 'signature').join(', '),
  };
}
