// The headers every portal response carries: Next.js adds them to its own (next.config.ts), and
// the API routes served on the protocol edge (lib/edge/api.ts) add the same ones.
export const SECURITY_HEADERS: Record<string, string> = {
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'same-origin',
};
