// RFC 9421 section 2.5: the signature base. Each covered component gives one line
// `"<identifier>": <value>`, in the order listed; the last line is `"@signature-params": ` and
// the serialized inner list. Lines end with LF and there is no LF after the last one.
import type { InnerList, Parameters } from 'structured-headers';
import { serializeSignatureParams } from './serialize';
import { componentLabel, componentValues, ComponentError, type Component } from './components';
import type { HttpMessage } from './message';

export type SignatureParams = {
  created?: number;
  expires?: number;
  nonce?: string;
  alg?: string;
  keyid?: string;
  tag?: string;
};

export type BaseLine = { label: string; value: string };

/** Components and parameters as the Signature-Input member carries them. */
export function toInnerList(components: Component[], params: Parameters): InnerList {
  return [components.map((c) => [c.name, c.params]), params];
}

const PARAM_NAMES = new Set(['created', 'expires', 'nonce', 'alg', 'keyid', 'tag']);

/** The parameters in the caller's order: their order is part of the signed bytes. */
export function paramsMap(params: SignatureParams): Parameters {
  const map: Parameters = new Map();
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined) continue;
    if (!PARAM_NAMES.has(key)) throw new Error(`Unknown signature parameter ${key} (RFC 9421 section 2.3).`);
    map.set(key, value);
  }
  return map;
}

export function componentsOf(list: InnerList): Component[] {
  return list[0].map(([name, params]) => {
    if (typeof name !== 'string') throw new ComponentError('component_invalid', 'Every covered component must be a string.');
    return { name, params };
  });
}

const LINE_BREAK = /[\r\n]/;

/** The base lines and the text; throws ComponentError for a component the message lacks. */
export function signatureBase(message: HttpMessage, list: InnerList): { lines: BaseLine[]; text: string; labels: string[] } {
  const lines: BaseLine[] = [];
  const labels: string[] = [];
  let text = '';
  for (const component of componentsOf(list)) {
    const label = componentLabel(component);
    if (labels.includes(label)) throw new ComponentError('component_invalid', `${label} is listed twice (RFC 9421 section 2.5).`);
    labels.push(label);
    for (const value of componentValues(component, message)) {
      if (LINE_BREAK.test(value)) throw new ComponentError('component_invalid', `${label} has a line break in its value.`);
      lines.push({ label, value });
      text += `${label}: ${value}\n`;
    }
  }
  const params = serializeSignatureParams(list, labels);
  lines.push({ label: '"@signature-params"', value: params });
  return { lines, text: `${text}"@signature-params": ${params}`, labels };
}
