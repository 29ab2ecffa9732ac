// RFC 9530 Content-Digest: a Dictionary of algorithm → byte sequence of the digest of the
// message content (after content coding, before transfer coding).
import { createHash } from 'node:crypto';
import { parseDictionary, serializeDictionary, type Dictionary } from 'structured-headers';
import { fastParseDictionary } from './fast-parse';

export type DigestAlgorithm = 'sha-256' | 'sha-512';
const hashName: Record<DigestAlgorithm, string> = { 'sha-256': 'sha256', 'sha-512': 'sha512' };

export function contentDigest(body: Uint8Array | string, algorithms: DigestAlgorithm[] = ['sha-256']): string {
  const dict: Dictionary = new Map();
  for (const alg of algorithms) {
    const digest = createHash(hashName[alg]).update(body).digest();
    dict.set(alg, [digest.buffer.slice(digest.byteOffset, digest.byteOffset + digest.byteLength) as ArrayBuffer, new Map()]);
  }
  return serializeDictionary(dict);
}

export type DigestCheck =
  | { ok: true; algorithms: DigestAlgorithm[] }
  | { ok: false; code: 'content_digest_invalid' | 'content_digest_unsupported' | 'content_digest_mismatch'; message: string; expected?: string };

// The field as signers usually send it: one digest. When its base64 is exactly the body's, the
// field is valid and nothing needs parsing; anything else takes the full path below.
const SINGLE = /^sha-(256|512)=:([A-Za-z0-9+/]+={0,2}):$/;

/** Checks every supported digest in the field against the body; at least one must be present. */
export function checkContentDigest(header: string, body: Uint8Array | string = new Uint8Array()): DigestCheck {
  const single = SINGLE.exec(header);
  if (single && createHash(`sha${single[1]}`).update(body).digest('base64') === single[2]) {
    return { ok: true, algorithms: [`sha-${single[1]}` as DigestAlgorithm] };
  }
  let dict: Dictionary;
  try {
    dict = fastParseDictionary(header) ?? parseDictionary(header);
  } catch (error) {
    return { ok: false, code: 'content_digest_invalid', message: `Content-Digest is not a structured dictionary: ${(error as Error).message}` };
  }
  const checked: DigestAlgorithm[] = [];
  for (const [alg, member] of dict) {
    if (!(alg in hashName)) continue;
    const value = member[0];
    if (!(value instanceof ArrayBuffer)) return { ok: false, code: 'content_digest_invalid', message: `Content-Digest ${alg} is not a byte sequence (:base64:).` };
    const expected = createHash(hashName[alg as DigestAlgorithm]).update(body).digest();
    if (!expected.equals(Buffer.from(value))) {
      return {
        ok: false,
        code: 'content_digest_mismatch',
        message: `Content-Digest ${alg} does not match the body: the body's ${alg} is :${expected.toString('base64')}:.`,
        expected: contentDigest(body, [alg as DigestAlgorithm]),
      };
    }
    checked.push(alg as DigestAlgorithm);
  }
  if (!checked.length) return { ok: false, code: 'content_digest_unsupported', message: 'Content-Digest has neither sha-256 nor sha-512.' };
  return { ok: true, algorithms: checked };
}
