// Derived components and field parameters on the examples of RFC 9421 section 2.
import { describe, expect, it } from 'vitest';
import { componentValues, ComponentError } from './components';
import { parseComponent } from './sign';
import { request, type HttpMessage, type HttpResponse } from './message';

const values = (spec: string, message: HttpMessage = get) => componentValues(parseComponent(spec), message);
const get = request('GET', 'https://www.example.com/path?param=value&foo=bar&baz=bat%2Dman', {
  Host: 'www.example.com',
  'Example-Dict': ' a=1,    b=2;x=1;y=2,   c=(a   b   c)',
});
get.headers.push(['Example-Header', 'value, with, lots'], ['Example-Header', 'of, commas']);

describe('derived components (RFC 9421 section 2.2)', () => {
  it('@method, @target-uri, @authority, @scheme, @request-target, @path, @query', () => {
    expect(values('@method')).toEqual(['GET']);
    expect(values('@target-uri')).toEqual(['https://www.example.com/path?param=value&foo=bar&baz=bat%2Dman']);
    expect(values('@authority')).toEqual(['www.example.com']);
    expect(values('@scheme')).toEqual(['https']);
    expect(values('@request-target')).toEqual(['/path?param=value&foo=bar&baz=bat%2Dman']);
    expect(values('@path')).toEqual(['/path']);
    expect(values('@query')).toEqual(['?param=value&foo=bar&baz=bat%2Dman']);
    expect(values('@query', request('GET', 'https://example.com/'))).toEqual(['?']);
    expect(values('@authority', request('GET', 'https://Example.COM:443/'))).toEqual(['example.com']);
    expect(values('@authority', request('GET', 'https://example.com:8443/'))).toEqual(['example.com:8443']);
  });

  it('@query-param: each named parameter, percent-encoded (section 2.2.8)', () => {
    const m = request('GET', 'https://example.com/parameters?var=this%20is%20a%20big%0Avalue&bar=with+plus+whitespace&fa%C3%A7ade%22%3A%20=something');
    expect(values('"@query-param";name="var"', m)).toEqual(['this%20is%20a%20big%0Avalue']);
    expect(values('"@query-param";name="bar"', m)).toEqual(['with%20plus%20whitespace']);
    expect(values('"@query-param";name="fa%C3%A7ade%22%3A%20"', m)).toEqual(['something']);
    expect(values('"@query-param";name="baz"', request('GET', 'https://e.x/?baz=1&baz=2'))).toEqual(['1', '2']);
    expect(() => values('"@query-param";name="nope"', m)).toThrow(ComponentError);
  });

  it('@status, and ;req for the request of a response', () => {
    const res: HttpResponse = { kind: 'response', status: 201, headers: [['Content-Type', 'application/json']], request: get };
    expect(values('@status', res)).toEqual(['201']);
    expect(values('"@method";req', res)).toEqual(['GET']);
    expect(values('"example-dict";req', res)).toEqual(['a=1,    b=2;x=1;y=2,   c=(a   b   c)']);
    expect(() => values('@status')).toThrow(/responses only/);
  });
});

describe('fields (RFC 9421 section 2.1)', () => {
  it('the combined value, trimmed, repeated lines joined', () => {
    expect(values('example-header')).toEqual(['value, with, lots, of, commas']);
    expect(values('example-dict')).toEqual(['a=1,    b=2;x=1;y=2,   c=(a   b   c)']);
  });
  it(';sf re-serializes a structured field, ;key picks a dictionary member', () => {
    expect(values('"example-dict";sf')).toEqual(['a=1, b=2;x=1;y=2, c=(a b c)']);
    expect(values('"example-dict";key="a"')).toEqual(['1']);
    expect(values('"example-dict";key="b"')).toEqual(['2;x=1;y=2']);
    expect(values('"example-dict";key="c"')).toEqual(['(a b c)']);
    expect(() => values('"example-dict";key="zz"')).toThrow(/no member "zz"/);
  });
  it(';bs wraps each field line as a byte sequence', () => {
    const b64 = (s: string) => Buffer.from(s).toString('base64');
    expect(values('"example-header";bs')).toEqual([`:${b64('value, with, lots')}:, :${b64('of, commas')}:`]);
  });
  it('an absent field is named', () => {
    expect(() => values('content-digest')).toThrow(/no content-digest header field/);
  });
});
