// RFC 9421 section 2: the value of each covered component. Derived components (section 2.2)
// come from the request line or status; fields (section 2.1) from the headers, with the `sf`,
// `key`, `bs` and `req` parameters. Browser-safe.
import { parseDictionary, parseItem, parseList, serializeDictionary, serializeInnerList, serializeItem, serializeList, type Dictionary, type Item, type Parameters } from 'structured-headers';
import { fieldValues, type HttpMessage, type HttpRequest } from './message';
import { serializeComponentId } from './serialize';

export type Component = { name: string; params: Parameters };

/** Why a component has no value; the verifier reports `code` (e.g. component_missing). */
export class ComponentError extends Error {
  constructor(readonly code: 'component_missing' | 'component_invalid', message: string) {
    super(message);
  }
}

const missing = (message: string): never => {
  throw new ComponentError('component_missing', message);
};
const invalid = (message: string): never => {
  throw new ComponentError('component_invalid', message);
};

// RFC 9421 section 2.1.1: `sf` needs the field's structured type; these are the registered
// structured fields a request signer is likely to cover.
const structuredTypes: Record<string, 'dictionary' | 'list' | 'item'> = {
  'signature-input': 'dictionary', signature: 'dictionary', 'content-digest': 'dictionary', 'repr-digest': 'dictionary',
  'want-content-digest': 'dictionary', 'want-repr-digest': 'dictionary', priority: 'dictionary', 'cache-status': 'list',
  'proxy-status': 'list', 'accept-ch': 'list', 'client-cert': 'item', 'client-cert-chain': 'list', 'example-dict': 'dictionary',
};

export function componentLabel(component: Component): string {
  return serializeComponentId(component.name, component.params);
}

/** RFC 9421 section 2.1: combined field value: each line trimmed, obs-fold collapsed, joined by ", ". */
function fieldValue(values: string[]): string {
  if (values.length === 1 && !values[0].includes('\n')) return values[0].trim();
  return values.map((v) => v.replace(/\r?\n[ \t]+/g, ' ').trim()).join(', ');
}

// Every `key` member of one field reads the same value: a pasted request naming 64 members of a
// 150 KiB dictionary in each of 16 signatures parsed it a thousand times (23 s of CPU). The
// last value's parse (or its error) is kept, so a message's one field is parsed once.
let lastDictionary: { value: string; parsed: Dictionary | Error } | null = null;

function parsedDictionary(value: string): Dictionary {
  if (lastDictionary?.value !== value) {
    let parsed: Dictionary | Error;
    try {
      parsed = parseDictionary(value);
    } catch (error) {
      parsed = error instanceof Error ? error : new Error(String(error));
    }
    lastDictionary = { value, parsed };
  }
  if (lastDictionary.parsed instanceof Error) throw lastDictionary.parsed;
  return lastDictionary.parsed;
}

function structured(name: string, value: string, wanted: 'sf' | 'key', key?: string): string {
  const type = structuredTypes[name] ?? (wanted === 'key' ? 'dictionary' : undefined);
  if (!type) return invalid(`"${name}";sf needs the field's structured type, which is not known for ${name}.`);
  try {
    if (wanted === 'key' || type === 'dictionary') {
      const dict = parsedDictionary(value);
      if (wanted === 'sf') return serializeDictionary(dict);
      const member = dict.get(key!);
      if (member === undefined) return missing(`The dictionary field ${name} has no member "${key}".`);
      return Array.isArray(member[0]) ? serializeInnerList(member as [Item[], Parameters]) : serializeItem(member as Item);
    }
    return type === 'list' ? serializeList(parseList(value)) : serializeItem(parseItem(value));
  } catch (error) {
    if (error instanceof ComponentError) throw error;
    return invalid(`The field ${name} is not a valid structured ${type}: ${(error as Error).message}`);
  }
}

// RFC 9421 section 2.2.8: names and values of query parameters are compared and signed in
// their percent-encoded form (application/x-www-form-urlencoded parsing, then re-encoding).
const encodeQueryPart = (s: string) => encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

// As for dictionaries above: each @query-param of a message reads the same query, parsed once
// (a pasted 200 KiB query named by a thousand components took 20 s).
const encodedQueries = new WeakMap<URL, Map<string, string[]>>();

/** The query's values by name, both percent-encoded as section 2.2.8 signs them. */
function encodedQuery(url: URL): Map<string, string[]> {
  let byName = encodedQueries.get(url);
  if (!byName) {
    byName = new Map();
    for (const [k, v] of url.searchParams) {
      const name = encodeQueryPart(k);
      const values = byName.get(name);
      if (values) values.push(encodeQueryPart(v));
      else byName.set(name, [encodeQueryPart(v)]);
    }
    encodedQueries.set(url, byName);
  }
  return byName;
}

function derived(component: Component, message: HttpMessage): string[] {
  const { name, params } = component;
  if (name === '@status') {
    if (message.kind !== 'response') return invalid('@status applies to responses only.');
    return [String(message.status).padStart(3, '0')];
  }
  if (message.kind !== 'request') return invalid(`${name} applies to requests (or, with ;req, to the request of a response).`);
  const url: URL = (message as HttpRequest).url;
  switch (name) {
    case '@method':
      return [message.method];
    case '@target-uri':
      return [url.href];
    case '@authority':
      return [url.host.toLowerCase()];
    case '@scheme':
      return [url.protocol.slice(0, -1).toLowerCase()];
    case '@request-target':
      return [`${url.pathname || '/'}${url.search}`];
    case '@path':
      return [url.pathname || '/'];
    case '@query':
      return [url.search || '?'];
    case '@query-param': {
      const wanted = params.get('name');
      if (typeof wanted !== 'string') return invalid('@query-param needs a name parameter, e.g. "@query-param";name="id".');
      const values = encodedQuery(url).get(wanted);
      return values ? [...values] : missing(`The query has no parameter named "${wanted}".`);
    }
    case '@signature-params':
      return invalid('@signature-params cannot be listed as a covered component.');
    default:
      return invalid(`Unknown derived component ${name}.`);
  }
}

/** The value lines of one covered component (query parameters can yield several). */
export function componentValues(component: Component, message: HttpMessage): string[] {
  const { name, params } = component;
  if (name !== name.toLowerCase()) return invalid(`Component names are lowercase: "${name}".`);
  let source: HttpMessage = message;
  if (params.get('req') === true) {
    if (message.kind !== 'response' || !message.request) return invalid(`"${name}";req needs a response with its request.`);
    source = message.request;
  }
  if (params.has('tr')) return invalid('Trailer fields (;tr) are not supported.');
  if (name.startsWith('@')) return derived(component, source);

  const values = fieldValues(source, name);
  if (!values.length) return missing(`The message has no ${name} header field.`);
  if (params.get('bs') === true) {
    if (params.has('sf') || params.has('key')) return invalid('bs cannot be combined with sf or key.');
    // RFC 9421 section 2.1.3: each field line is wrapped as a byte sequence separately.
    return [values.map((v) => serializeItem(new TextEncoder().encode(v.trim()).buffer as ArrayBuffer)).join(', ')];
  }
  const key = params.get('key');
  if (typeof key === 'string') return [structured(name, fieldValue(values), 'key', key)];
  if (params.get('sf') === true) return [structured(name, fieldValue(values), 'sf')];
  return [fieldValue(values)];
}
