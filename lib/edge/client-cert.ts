// RFC 9440: the verified client certificate travels from the TLS terminator to the app as
// `Client-Cert: :<base64 DER>:` (a structured-field byte sequence, RFC 8941 section 3.3.5).
// Only our own mTLS listener and the proxies in TRUSTED_PROXIES may set it; server.ts removes
// it from every other peer before anything reads it.
import { createHash } from 'node:crypto';
import { BlockList, isIP } from 'node:net';
import { parseItem } from 'structured-headers';
import { config, ConfigError } from '../config';

/** The certificate's SHA-256 fingerprint (hex, our keyid and lookup key) and RFC 8705 x5t#S256 (base64url). */
export function certificateDigests(der: Uint8Array): { fingerprintSha256: string; thumbprint: string } {
  const digest = createHash('sha256').update(der).digest();
  return { fingerprintSha256: digest.toString('hex'), thumbprint: digest.toString('base64url') };
}

export function formatClientCert(der: Uint8Array): string {
  return `:${Buffer.from(der).toString('base64')}:`;
}

/** The DER bytes of a Client-Cert header value, or null if it is not a byte sequence. */
export function parseClientCert(value: string | undefined): Uint8Array | null {
  if (!value) return null;
  try {
    const [item] = parseItem(value);
    return item instanceof ArrayBuffer && item.byteLength ? new Uint8Array(item) : null;
  } catch {
    return null;
  }
}

let trusted: { source: string; list: BlockList } | null = null;

/** Whether `address` is one of TRUSTED_PROXIES (comma-separated CIDRs or addresses). */
export function isTrustedProxy(address: string | undefined): boolean {
  const source = config().TRUSTED_PROXIES;
  if (!source.trim() || !address) return false;
  if (trusted?.source !== source) trusted = { source, list: parseCidrs(source) };
  const plain = address.startsWith('::ffff:') && isIP(address.slice(7)) === 4 ? address.slice(7) : address;
  const family = isIP(plain) === 6 ? 'ipv6' : 'ipv4';
  return trusted.list.check(plain, family);
}

/** Start-up check: an unusable TRUSTED_PROXIES stops the server with one line. */
export function checkTrustedProxies(): void {
  parseCidrs(config().TRUSTED_PROXIES);
}

export function parseCidrs(source: string): BlockList {
  const list = new BlockList();
  for (const entry of source.split(',').map((s) => s.trim()).filter(Boolean)) {
    const [address, bits] = entry.split('/');
    const family = isIP(address) === 6 ? 'ipv6' : isIP(address) === 4 ? 'ipv4' : null;
    if (!family) throw new ConfigError(`TRUSTED_PROXIES: "${entry}" is not an IP address or CIDR`);
    const prefix = Number(bits);
    if (bits === undefined) list.addAddress(address, family);
    else if (Number.isInteger(prefix) && prefix >= 0 && prefix <= (family === 'ipv4' ? 32 : 128)) list.addSubnet(address, prefix, family);
    else throw new ConfigError(`TRUSTED_PROXIES: "${entry}" has an invalid prefix length`);
  }
  return list;
}
