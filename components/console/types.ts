export type Layer = { layer: 'mtls' | 'token' | 'signature'; passed: boolean; detail: { code: string; message: string } | null };
export type Trace = {
  id: string;
  createdAt: string;
  verdict: 'passed' | 'failed';
  tls?: { protocol: string | null; cipher: string | null; serverCertificate: string | null; clientCertificate: string | null };
  token: { request: string; status: number; ms: number; authMethod: string; accessToken: string | null; claims: Record<string, unknown> | null; error: string | null };
  request?: { method: string; url: string; headers: [string, string][]; body: string | null };
  signature?: { contentDigest: string | null; base: string; signatureInput: string; signature: string };
  response?: { status: number; headers: Record<string, unknown>; body: unknown; ms: number };
  layers?: Layer[];
  snippets?: { curl: string; node: string };
};
export type Run = { id: string; method: string; path: string; status: number | null; verdict: string; createdAt: string };
