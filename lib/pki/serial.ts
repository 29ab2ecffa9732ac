import { toHex } from './fingerprints';

/**
 * RFC 5280 §4.1.2.2 and CA/B BR §7.1: a positive serial of at most 20 octets with at least 64
 * random bits. 16 random bytes with the top bit cleared (positive) and the low bit of the
 * first byte set (no leading zero octet, so the DER encoding is exactly 16 octets).
 */
export function randomSerialHex(): string {
  const bytes = globalThis.crypto.getRandomValues(new Uint8Array(16));
  bytes[0] = (bytes[0] & 0x7f) | 0x01;
  return toHex(bytes);
}
