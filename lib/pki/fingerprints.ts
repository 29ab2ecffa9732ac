// Hashes and PEM framing on WebCrypto and Uint8Array only: this file is also bundled for the browser.

const hex = (bytes: ArrayBuffer | Uint8Array): string =>
  Array.from(bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes), (b) => b.toString(16).padStart(2, '0')).join('');

export async function sha256Hex(data: Uint8Array | ArrayBuffer): Promise<string> {
  return hex(await globalThis.crypto.subtle.digest('SHA-256', data as BufferSource));
}

export const toHex = hex;

// On the server Node's Buffer does base64 natively; the browser goes through a binary string.
// (Per certificate on the issuance path that was ≈ 0.1 ms of CPU: a CSR, a certificate, a chain.)
const nodeBuffer = (globalThis as { Buffer?: typeof Buffer }).Buffer;

function base64Encode(bytes: Uint8Array): string {
  if (nodeBuffer) return nodeBuffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

export function base64Decode(text: string): Uint8Array | null {
  const clean = text.replace(/[\r\n\t ]/g, '');
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(clean) || clean.length % 4 !== 0) return null;
  try {
    if (nodeBuffer) return new Uint8Array(nodeBuffer.from(clean, 'base64'));
    return Uint8Array.from(atob(clean), (c) => c.charCodeAt(0));
  } catch {
    return null;
  }
}

export function pemEncode(label: string, der: Uint8Array): string {
  const lines = base64Encode(der).match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----\n`;
}

export type PemBlock = { label: string; body: string };

/** Every PEM block in a text, with its label; the body is left undecoded. */
export function pemBlocks(text: string): PemBlock[] {
  const blocks: PemBlock[] = [];
  const re = /-----BEGIN ([A-Z0-9 ]+)-----([\s\S]*?)-----END \1-----/g;
  for (let m = re.exec(text); m; m = re.exec(text)) blocks.push({ label: m[1], body: m[2] });
  return blocks;
}
