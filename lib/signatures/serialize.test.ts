// The fast serializers write exactly what structured-headers writes.
import { serializeInnerList, serializeItem, type Parameters } from 'structured-headers';
import { describe, expect, it } from 'vitest';
import { serializeComponentId, serializeSignatureParams } from './serialize';

const cases: [string, Parameters][] = [
  ['@method', new Map()],
  ['@query-param', new Map([['name', 'Pet']])],
  ['example-dict', new Map<string, string | boolean>([['key', 'a"b\\c'], ['req', true]])],
  ['x', new Map<string, number | string>([['created', 1618884473], ['keyid', 'test-key-rsa-pss'], ['nonce', 'b3k2pp5k7z-50gnwp.yemd']])],
  ['y', new Map([['neg', -5]])],
];

describe('fast structured-field serializers', () => {
  it.each(cases)('%s with %o', (name, params) => {
    expect(serializeComponentId(name, params)).toBe(serializeItem(name, params));
    const list = [[[name, params]], params] as Parameters extends never ? never : Parameters[] as never;
    expect(serializeSignatureParams(list, [serializeItem(name, params)])).toBe(serializeInnerList(list));
  });
  it('refuses what structured fields cannot carry, like the library', () => {
    expect(() => serializeComponentId('naïve', new Map())).toThrow();
  });
});
