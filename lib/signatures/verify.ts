// Verifying the signatures of a message (RFC 9421 section 3.2), with the precise reason when
// one fails: the sandbox uses the verdict, the verifier page shows the reasons.
import type { KeyObject } from 'node:crypto';
import { parseDictionary, type Dictionary, type InnerList } from 'structured-headers';
import { describeKey, isAlgorithm, looksLikeDerEcdsa, pssSaltLengthUsed, verifiesAsDer, verifyBytes, type Algorithm } from './algorithms';
import { componentsOf, signatureBase, type BaseLine } from './base';
import { componentLabel, ComponentError, type Component } from './components';
import { checkContentDigest } from './content-digest';
import { diffLines, type DiffLine } from './diff';
import { fastParseDictionary } from './fast-parse';
import { fieldValues, type HttpMessage } from './message';

export type Problem = { code: string; message: string };

export type VerifyOptions = {
  /** The key, or a lookup by the signature's parameters (null: no key for it). */
  key?: KeyObject | ((params: { keyid?: string; alg?: string; label: string }) => KeyObject | null);
  /** Epoch seconds; defaults to the current time. */
  now?: number;
  /** How old `created` may be, in seconds (default 300). */
  maxAge?: number;
  /** Allowed clock skew for `created` in the future, in seconds (default 60). */
  skew?: number;
  /** Only this label; others are ignored. */
  label?: string;
  /** Components that must be covered (e.g. the sandbox's @method, @target-uri, created). */
  require?: { components?: string[]; created?: boolean; contentDigestWithBody?: boolean };
  /** The algorithm the key is known to be used with, when the signature has no alg parameter. */
  algorithm?: Algorithm;
  /** The keyid the signer must name (the certificate's SHA-256 fingerprint). */
  expectedKeyid?: string;
  /** The signature base the person's own code built, to compare line by line. */
  theirBase?: string;
};

export type SignatureResult = {
  label: string;
  valid: boolean;
  algorithm: string | null;
  keyid: string | null;
  created: number | null;
  expires: number | null;
  components: string[];
  /** The signature base we built (RFC 9421 §2.5); API.md names it signatureBase. */
  signatureBase: string | null;
  baseLines: BaseLine[];
  diff?: DiffLine[];
  problems: Problem[];
};

export type Verification = { valid: boolean; signatures: SignatureResult[]; problems: Problem[] };

const problem = (code: string, message: string): Problem => ({ code, message });

// RFC 9421 limits neither, so a verifier must: every covered component is looked up among the
// message's fields, and a pasted request of 256 KiB held thousands of both, several seconds of a
// worker's CPU per request. Real signatures cover a
// handful of components, and a message carries one or two signatures.
export const MAX_COMPONENTS = 64;
export const MAX_SIGNATURES = 16;

function parseField(message: HttpMessage, name: string, problems: Problem[]): Dictionary | null {
  const values = fieldValues(message, name);
  if (!values.length) {
    problems.push(problem(name === 'signature' ? 'signature_missing' : 'signature_input_missing', `The message has no ${name === 'signature' ? 'Signature' : 'Signature-Input'} header field.`));
    return null;
  }
  try {
    const text = values.join(', ');
    return fastParseDictionary(text) ?? parseDictionary(text);
  } catch (error) {
    problems.push(problem('malformed_signature_header', `${name === 'signature' ? 'Signature' : 'Signature-Input'} is not a structured dictionary: ${(error as Error).message}`));
    return null;
  }
}

function compareBases(ours: string, theirs: string, problems: Problem[]): DiffLine[] {
  const normalized = theirs.replace(/\r\n/g, '\n');
  if (/\n+$/.test(normalized)) problems.push(problem('base_trailing_newline', 'Your signature base ends with a line break; RFC 9421 section 2.5 ends it right after the @signature-params value.'));
  const trimmed = normalized.replace(/\n+$/, '');
  const a = ours.split('\n');
  const b = trimmed.split('\n');
  if (trimmed !== ours && a.length === b.length && [...a].sort().join('\n') === [...b].sort().join('\n')) {
    problems.push(problem('base_component_order', 'Your base has the right lines in another order: list components in exactly the order of Signature-Input.'));
  }
  return diffLines(ours, trimmed);
}

function checkTimes(params: Map<string, unknown>, now: number, options: VerifyOptions, problems: Problem[]) {
  const created = params.get('created');
  const expires = params.get('expires');
  const skew = options.skew ?? 60;
  const maxAge = options.maxAge ?? 300;
  if (created !== undefined && typeof created !== 'number') problems.push(problem('created_invalid', 'created must be an integer (seconds since the epoch).'));
  if (typeof created === 'number') {
    if (created > now + skew) problems.push(problem('created_in_future', `created is ${created - now} s in the future (more than the ${skew} s allowed skew): check the signer's clock.`));
    else if (now - created > maxAge) problems.push(problem('created_too_old', `The signature was created ${now - created} s ago; at most ${maxAge} s is accepted.`));
  } else if (options.require?.created) problems.push(problem('created_missing', 'The signature has no created parameter; it is required here.'));
  if (typeof expires === 'number' && expires <= now) problems.push(problem('expired', `The signature expired ${now - expires} s ago (expires=${expires}).`));
}

function chooseAlgorithm(alg: unknown, key: KeyObject, known: Algorithm | undefined, problems: Problem[]): Algorithm | null {
  const { label, algorithms } = describeKey(key);
  if (alg !== undefined && known && alg !== known) {
    problems.push(problem('algorithm_key_mismatch', `alg="${String(alg)}" but this key is used with ${known}.`));
    return null;
  }
  if (alg === undefined && known) {
    if (algorithms.includes(known)) return known;
    problems.push(problem('algorithm_key_mismatch', `${known} cannot be verified with ${label}.`));
    return null;
  }
  if (alg !== undefined) {
    if (!isAlgorithm(alg)) {
      problems.push(problem('algorithm_unknown', `alg="${String(alg)}" is not an RFC 9421 algorithm.`));
      return null;
    }
    if (!algorithms.includes(alg)) {
      problems.push(problem('algorithm_key_mismatch', `alg="${alg}" cannot be verified with ${label}${algorithms.length ? `; it signs ${algorithms.join(' or ')}` : ''}.`));
      return null;
    }
    return alg;
  }
  if (algorithms.length === 1) return algorithms[0];
  if (algorithms.length === 0) problems.push(problem('algorithm_key_mismatch', `${label} signs none of the RFC 9421 algorithms.`));
  else problems.push(problem('algorithm_ambiguous', `Without an alg parameter, ${label} could mean ${algorithms.join(' or ')}; add alg to the signature parameters.`));
  return null;
}

function diagnoseFailure(algorithm: Algorithm, key: KeyObject, data: Uint8Array, signature: Uint8Array, problems: Problem[]) {
  if (algorithm.startsWith('ecdsa') && looksLikeDerEcdsa(signature) && verifiesAsDer(algorithm, key, data, signature)) {
    problems.push(problem('ecdsa_der_signature', `The signature is ASN.1 DER; ${algorithm} needs the raw r || s form (RFC 9421 section 3.3.${algorithm === 'ecdsa-p256-sha256' ? 4 : 5}). With Node, sign with dsaEncoding: 'ieee-p1363'.`));
    return;
  }
  if (algorithm === 'rsa-pss-sha512') {
    const used = pssSaltLengthUsed(key, data, signature);
    if (used !== null) {
      problems.push(problem('pss_salt_length', `The RSA-PSS signature uses a ${used}-byte salt; rsa-pss-sha512 requires 64 bytes (RFC 9421 section 3.3.1). With Node, pass saltLength: 64.`));
      return;
    }
  }
  problems.push(problem('signature_invalid', 'The signature does not match the signature base: the signer signed different bytes or used another key.'));
}

function covers(components: Component[], name: string): boolean {
  for (const c of components) if (c.name === name) return true;
  return false;
}

function verifyOne(message: HttpMessage, label: string, input: InnerList, signatureValue: unknown, options: VerifyOptions, now: number): SignatureResult {
  const problems: Problem[] = [];
  const params = input[1];
  const result: SignatureResult = {
    label, valid: false, algorithm: (params.get('alg') as string) ?? null, keyid: (params.get('keyid') as string) ?? null,
    created: typeof params.get('created') === 'number' ? (params.get('created') as number) : null,
    expires: typeof params.get('expires') === 'number' ? (params.get('expires') as number) : null,
    components: [], signatureBase: null, baseLines: [], problems,
  };
  if (input[0].length > MAX_COMPONENTS) {
    problems.push(problem('too_many_components', `Signature ${label} covers ${input[0].length} components; this verifier checks at most ${MAX_COMPONENTS}.`));
    return result;
  }
  let components;
  try {
    components = componentsOf(input);
  } catch (error) {
    problems.push(problem('malformed_signature_input', (error as Error).message));
    return result;
  }
  let base: ReturnType<typeof signatureBase> | null = null;
  try {
    base = signatureBase(message, input);
    result.components = base.labels;
    result.signatureBase = base.text;
    result.baseLines = base.lines;
  } catch (error) {
    if (!(error instanceof ComponentError)) throw error;
    result.components = components.map(componentLabel);
    problems.push(problem(error.code, error.message));
  }
  if (base && options.theirBase) result.diff = compareBases(base.text, options.theirBase, problems);

  for (const name of options.require?.components ?? []) {
    if (!covers(components, name)) problems.push(problem('component_not_covered', `The signature must cover ${name}.`));
  }
  if (covers(components, '@authority') && message.kind === 'request') {
    const host = fieldValues(message, 'host')[0];
    if (host && host.trim().toLowerCase() !== message.url.host) {
      problems.push(problem('authority_host_mismatch', `@authority is "${message.url.host}" (from the target URI) but Host says "${host.trim()}".`));
    }
  }
  const body = message.body;
  const digest = fieldValues(message, 'content-digest');
  if (body && body.length && options.require?.contentDigestWithBody) {
    if (!digest.length) problems.push(problem('content_digest_missing', 'The request has a body but no Content-Digest (RFC 9530) header field.'));
    else if (!covers(components, 'content-digest')) problems.push(problem('component_not_covered', 'The request has a body: the signature must cover content-digest.'));
  }
  if (digest.length && (covers(components, 'content-digest') || options.require?.contentDigestWithBody)) {
    const check = checkContentDigest(digest.join(', '), body);
    if (!check.ok) problems.push(problem(check.code, check.message));
  }
  if (options.expectedKeyid !== undefined && result.keyid !== options.expectedKeyid) {
    problems.push(problem('keyid_mismatch', result.keyid ? `keyid "${result.keyid}" is not this certificate's SHA-256 fingerprint (${options.expectedKeyid}).` : `The signature has no keyid; it must be this certificate's SHA-256 fingerprint (${options.expectedKeyid}).`));
  }
  checkTimes(params, now, options, problems);

  if (!(signatureValue instanceof ArrayBuffer)) {
    problems.push(problem('malformed_signature_header', `Signature member ${label} is not a byte sequence (:base64:).`));
    return result;
  }
  const key = typeof options.key === 'function' ? options.key({ keyid: result.keyid ?? undefined, alg: result.algorithm ?? undefined, label }) : options.key;
  if (!key) {
    problems.push(problem('key_unknown', result.keyid ? `No key is known for keyid "${result.keyid}".` : 'No key to verify with.'));
    return result;
  }
  const algorithm = chooseAlgorithm(params.get('alg'), key, options.algorithm, problems);
  result.algorithm = algorithm ?? result.algorithm;
  if (!algorithm || !base) return result;
  const data = Buffer.from(base.text, 'utf8');
  const signature = new Uint8Array(signatureValue);
  const cryptoOk = verifyBytes(algorithm, key, data, signature);
  if (!cryptoOk) diagnoseFailure(algorithm, key, data, signature, problems);
  result.valid = cryptoOk && problems.every((p) => p.code === 'base_trailing_newline' || p.code === 'base_component_order');
  return result;
}

/** Every signature of the message (or just `options.label`), each with its verdict and problems. */
export function verifyMessage(message: HttpMessage, options: VerifyOptions = {}): Verification {
  const problems: Problem[] = [];
  const inputs = parseField(message, 'signature-input', problems);
  const signatures = parseField(message, 'signature', problems);
  if (!inputs || !signatures) return { valid: false, signatures: [], problems };
  const now = options.now ?? Math.floor(Date.now() / 1000);
  const labels = options.label ? [options.label] : [...inputs.keys()];
  if (labels.length > MAX_SIGNATURES) {
    problems.push(problem('too_many_signatures', `Signature-Input defines ${labels.length} signatures; this verifier checks at most ${MAX_SIGNATURES}.`));
    return { valid: false, signatures: [], problems };
  }
  for (const label of signatures.keys()) {
    if (!inputs.has(label)) problems.push(problem('unknown_label', `Signature has a member "${label}" that Signature-Input does not define.`));
  }
  const results: SignatureResult[] = [];
  for (const label of labels) {
    const input = inputs.get(label);
    if (!input) {
      problems.push(problem('unknown_label', `No signature labelled "${label}"; the message has ${[...inputs.keys()].map((l) => `"${l}"`).join(', ') || 'none'}.`));
      continue;
    }
    if (!Array.isArray(input[0])) {
      problems.push(problem('malformed_signature_input', `Signature-Input member ${label} is not an inner list of components.`));
      continue;
    }
    const signature = signatures.get(label);
    if (!signature) {
      problems.push(problem('unknown_label', `Signature-Input defines "${label}" but Signature has no member with that label.`));
      continue;
    }
    results.push(verifyOne(message, label, input as InnerList, signature[0], options, now));
  }
  return { valid: results.length > 0 && results.every((r) => r.valid) && problems.length === 0, signatures: results, problems };
}
