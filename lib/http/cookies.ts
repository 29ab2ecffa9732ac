// Reading the Cookie field (RFC 6265 section 5.4). A value is percent-decoded when it decodes and
// kept as sent when it does not, as the `cookie` package next-auth uses does: a cookie we did not
// set (a bad escape, planted or garbled) must not turn a request into a 500.

/** Every value a cookie of this name has in the header, in order. */
export function cookieValues(header: string | null | undefined, name: string): string[] {
  const values: string[] = [];
  for (const part of header?.split(';') ?? []) {
    const [k, ...v] = part.trim().split('=');
    if (k !== name) continue;
    const raw = v.join('=');
    try {
      values.push(decodeURIComponent(raw));
    } catch {
      values.push(raw);
    }
  }
  return values;
}
