// The HTTP message as RFC 9421 sees it: method and target URI (requests) or status
// (responses), header fields in order with repeats, and the content. Browser-safe.

export type Header = [name: string, value: string];

export type HttpRequest = { kind: 'request'; method: string; url: URL; headers: Header[]; body?: Uint8Array };
export type HttpResponse = { kind: 'response'; status: number; headers: Header[]; body?: Uint8Array; request?: HttpRequest };
export type HttpMessage = HttpRequest | HttpResponse;

export class MessageFormatError extends Error {}

/** Every value of a field, in order (field names are case-insensitive, RFC 9110 section 5.1). */
export function fieldValues(message: HttpMessage, name: string): string[] {
  const lower = name.toLowerCase();
  const out: string[] = [];
  for (const [n, v] of message.headers) if (n.length === lower.length && (n === lower || n.toLowerCase() === lower)) out.push(v);
  return out;
}

export function setField(message: HttpMessage, name: string, value: string): void {
  const lower = name.toLowerCase();
  message.headers = message.headers.filter(([n]) => n.toLowerCase() !== lower);
  message.headers.push([name, value]);
}

export function request(method: string, url: string | URL, headers: Header[] | Record<string, string> = [], body?: Uint8Array | string): HttpRequest {
  return {
    kind: 'request',
    method,
    url: new URL(url),
    headers: Array.isArray(headers) ? [...headers] : Object.entries(headers),
    body: typeof body === 'string' ? new TextEncoder().encode(body) : body,
  };
}

/**
 * Parses a raw HTTP/1.1 request as a person pastes it: request line, header lines, a blank
 * line, the content. The target URI is rebuilt from Host and `scheme` (RFC 9112 section 3.3).
 * Obsolete line folding is unfolded; bare LF line ends are accepted.
 */
export function parseRawRequest(raw: string, scheme: 'https' | 'http' = 'https'): HttpRequest {
  const text = raw.replace(/^\s*\n/, '');
  const split = /\r?\n\r?\n/.exec(text);
  const head = split ? text.slice(0, split.index) : text.replace(/\s+$/, '');
  const bodyText = split ? text.slice(split.index + split[0].length) : '';
  const lines = head.split(/\r?\n/);
  const requestLine = /^([!#$%&'*+.^_`|~0-9A-Za-z-]+) (\S+)(?: HTTP\/(\d(?:\.\d)?))?$/.exec(lines[0]?.trim() ?? '');
  if (!requestLine) throw new MessageFormatError('The first line is not a request line like "POST /path HTTP/1.1".');
  const headers: Header[] = [];
  for (const line of lines.slice(1)) {
    if (/^[ \t]/.test(line) && headers.length) {
      headers[headers.length - 1][1] += ' ' + line.trim();
      continue;
    }
    const colon = line.indexOf(':');
    if (colon <= 0 || !/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(line.slice(0, colon))) {
      throw new MessageFormatError(`Not a header field line: "${line.slice(0, 80)}".`);
    }
    headers.push([line.slice(0, colon), line.slice(colon + 1).trim()]);
  }
  const target = requestLine[2];
  let url: URL;
  try {
    if (/^[a-z][a-z0-9+.-]*:\/\//i.test(target)) url = new URL(target);
    else {
      const host = headers.find(([n]) => n.toLowerCase() === 'host')?.[1];
      if (!host) throw new MessageFormatError('The request has no Host header field and no absolute target URI.');
      if (!target.startsWith('/')) throw new MessageFormatError(`The request target "${target}" is neither a path nor an absolute URI.`);
      url = new URL(`${scheme}://${host}${target}`);
    }
  } catch (error) {
    if (error instanceof MessageFormatError) throw error;
    throw new MessageFormatError(`The target URI cannot be parsed: ${target}`);
  }
  return { kind: 'request', method: requestLine[1], url, headers, body: bodyText ? new TextEncoder().encode(bodyText) : undefined };
}
