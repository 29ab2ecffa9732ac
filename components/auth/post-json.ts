import { readableMessage } from '../api';

/** POSTs JSON to a public endpoint (no session); returns the error message, or null on success. */
export async function postJson(path: string, body: unknown, fallback: string): Promise<string | null> {
  const res = await fetch(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  if (res.ok) return null;
  const error = (await res.json().catch(() => null))?.error;
  return (error && readableMessage(error)) ?? fallback;
}
