export type Problem = { code: string; message: string };
export type DiffLine = { op: 'same' | 'ours' | 'theirs'; text: string };
export type SignatureResult = {
  label: string; valid: boolean; algorithm: string | null; keyid: string | null; created: number | null; expires: number | null;
  components: string[]; base: string | null; diff?: DiffLine[]; problems: Problem[];
};
export type Verification = {
  valid: boolean; signatures: SignatureResult[]; problems: Problem[];
  key: { source: string; description: string; expectedKeyid: string | null } | null;
  jws?: { valid: boolean; header: Record<string, unknown> | null; problem?: Problem };
  target: { method: string; uri: string };
};
