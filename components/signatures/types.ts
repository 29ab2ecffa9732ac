export type Problem = { code: string; message: string };
export type DiffLine = { op: 'same' | 'ours' | 'theirs'; text: string };
export type SignatureResult = {
  label: string; valid: boolean; algorithm: string | null; keyid: string | null; created: number | null; expires: number | null;
  components: string[]; signatureBase: string | null; diff?: DiffLine[]; problems: Problem[];
};
export type Verification = {
  valid: boolean; signatures: SignatureResult[]; problems: Problem[];
  /** What is true of a valid message and still worth fixing (a body no signature covers). */
  warnings: Problem[];
  /** RFC 9530: whether the message has Content-Digest, and whether it matches the body. */
  contentDigest: { present: boolean; valid: boolean };
  key: { source: string; description: string; expectedKeyid: string | null } | null;
  jws?: { valid: boolean; header: Record<string, unknown> | null; problem?: Problem };
  target: { method: string; uri: string };
};
