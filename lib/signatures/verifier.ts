// The signature verifier behind POST /api/v1/signatures/verify and its page: an engineer pastes
// a request their code signed and names the key (one of their certificates, a public key, or
// a shared secret); the answer is the verdict per signature with every problem we can name.
import type { KeyObject } from 'node:crypto';
import { z } from 'zod';
import type { Actor } from '../auth/actor';
import { fail } from '../errors';
import { getCertificateRow } from '../pki/certificate-queries';
import { describeKey } from './algorithms';
import { KeyFormatError, publicKeyFrom, sharedSecretFrom } from './keys';
import { MessageFormatError, parseRawRequest, fieldValues } from './message';
import { verifyDetachedJws } from './jws';
import { verifyMessage } from './verify';
import { checkContentDigest } from './content-digest';

export const verifyInput = z
  .object({
    request: z.string().min(1).max(256 * 1024),
    certificateId: z.string().uuid().optional(),
    publicKey: z.union([z.string().min(1).max(16 * 1024), z.record(z.string(), z.unknown())]).optional(),
    sharedSecret: z.string().min(1).max(4096).optional(),
    signatureBase: z.string().max(64 * 1024).optional(),
    label: z.string().max(64).optional(),
    now: z.number().int().min(0).optional(),
    maxAge: z.number().int().min(1).max(31_536_000).optional(),
    skew: z.number().int().min(0).max(3600).optional(),
    scheme: z.enum(['https', 'http']).default('https'),
  })
  .refine((v) => [v.certificateId, v.publicKey, v.sharedSecret].filter((x) => x !== undefined).length <= 1, {
    message: 'Give one of certificateId, publicKey or sharedSecret.',
  });

async function resolveKey(actor: Actor, input: z.infer<typeof verifyInput>): Promise<{ key: KeyObject | null; keyid?: string; source: string }> {
  try {
    if (input.certificateId) {
      const cert = await getCertificateRow(actor, input.certificateId);
      return { key: publicKeyFrom(cert.pem), keyid: cert.fingerprintSha256, source: `certificate ${cert.serialNumber}` };
    }
    if (input.publicKey !== undefined) {
      const text = typeof input.publicKey === 'string' ? input.publicKey : JSON.stringify(input.publicKey);
      if (/"d"\s*:/.test(text) && text.trim().startsWith('{')) fail('private_key_detected', 'That JWK holds a private key ("d"). Paste the public key only; it was not stored.');
      return { key: publicKeyFrom(typeof input.publicKey === 'string' ? input.publicKey : (input.publicKey as never)), source: 'the pasted public key' };
    }
    if (input.sharedSecret) return { key: sharedSecretFrom(input.sharedSecret), source: 'the shared secret' };
  } catch (error) {
    if (error instanceof KeyFormatError) {
      return fail(/private key/.test(error.message) ? 'private_key_detected' : 'invalid_key', error.message);
    }
    throw error;
  }
  return { key: null, source: 'none' };
}

export async function verifyPastedRequest(actor: Actor, input: z.infer<typeof verifyInput>) {
  const resolved = await resolveKey(actor, input);
  let message;
  try {
    message = parseRawRequest(input.request, input.scheme);
  } catch (error) {
    if (error instanceof MessageFormatError) return fail('malformed_http_message', error.message);
    throw error;
  }
  const verification = verifyMessage(message, {
    key: resolved.key ?? undefined,
    now: input.now,
    maxAge: input.maxAge,
    skew: input.skew,
    label: input.label,
    expectedKeyid: resolved.keyid,
    theirBase: input.signatureBase,
  });
  const jwsHeader = fieldValues(message, 'x-jws-signature')[0];
  const jws = jwsHeader && resolved.key ? await verifyDetachedJws(jwsHeader, message.body ?? new Uint8Array(), resolved.key) : undefined;
  // API.md's Verification: the digest judged for the message itself, whether or not a signature
  // covers it (each signature's problems say so when one does).
  const digests = fieldValues(message, 'content-digest');
  const digest = digests.length ? checkContentDigest(digests.join(', '), message.body ?? undefined) : null;
  const contentDigest = { present: digest !== null, valid: digest?.ok === true };
  const covered = verification.signatures.filter((s) => s.components.some((c) => /^"content-digest"(;|$)/.test(c)));
  const problems = [...verification.problems];
  // A digest that does not match is a changed body (or a digest of other bytes): the message is
  // not valid even where no signature covers the digest, and a covering one already failed.
  if (digest && !digest.ok && !covered.length) problems.push({ code: digest.code, message: `${digest.message} No signature covers content-digest, so the signatures alone cannot show this.` });
  // Valid signatures over a request whose body none of them protects: true, and worth knowing.
  // API.md "Sandbox": with a body, sig1 must cover content-digest.
  const warnings = [];
  if (message.body?.length && !covered.length && verification.signatures.length) {
    warnings.push({ code: 'body_not_covered', message: 'No signature covers content-digest, so nothing protects the body: anyone could change it. The sandbox refuses such a request; sign content-digest (RFC 9530) whenever there is a body.' });
  }
  // A pasted body often gains or loses a final newline; a server reads exactly Content-Length bytes.
  const declared = fieldValues(message, 'content-length')[0]?.trim();
  const size = message.body?.length ?? 0;
  if (declared !== undefined && declared !== String(size)) {
    warnings.push({ code: 'content_length_mismatch', message: `Content-Length says ${declared} but the body here has ${size} bytes: a server would read a different body from the one checked.` });
  }
  return {
    ...verification,
    valid: verification.valid && problems.length === verification.problems.length,
    problems,
    warnings,
    contentDigest,
    key: resolved.key ? { source: resolved.source, description: describeKey(resolved.key).label, expectedKeyid: resolved.keyid ?? null } : null,
    ...(jws ? { jws } : {}),
    target: { method: message.method, uri: message.url.href },
  };
}
