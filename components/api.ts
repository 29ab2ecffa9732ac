// The portal's one way to call the JSON API. Cookie-authenticated writes carry the CSRF header
// the server requires (lib/http/authenticate.ts).

export class ApiError extends Error {
  /** `field`: the input a validation error is about (its path), so a form can show it there. */
  constructor(readonly code: string, message: string, readonly status: number, readonly field?: string) {
    super(message);
  }
}

// A proxy or a crashed worker may answer with HTML or nothing; that must read as a message, not a JSON parser error.
function parseJson(text: string) {
  if (!text) return null;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

type ErrorBody = { code?: string; message?: string; issues?: { path: string; message: string }[] };

/**
 * The server prefixes a validation message with the field's path ("validityDays: validity is …"):
 * a name from the code, not the form. Say it as a sentence; name the field in words only when the
 * message does not already mention it.
 */
export function readableMessage(error: ErrorBody): string | undefined {
  const issue = error.code === 'validation_failed' ? error.issues?.[0] : undefined;
  if (!issue?.path) return error.message;
  const field = issue.path.split('.').filter((part) => !/^\d+$/.test(part)).join(' ').replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
  const named = new RegExp(`\\b${field.split(' ')[0]}\\b`, 'i').test(issue.message);
  const text = named ? issue.message : `${field}: ${issue.message}`;
  return `${text.charAt(0).toUpperCase()}${text.slice(1)}${/[.!?]$/.test(text) ? '' : '.'}`;
}

const failure = (status: number) =>
  status >= 500 ? `The server could not answer (${status}). Try again in a moment.` : status === 405 ? 'This action is not available here (405).' : `Request failed (${status}).`;

async function request<T>(method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(path, {
    method,
    headers: { 'x-trustgate-csrf': '1', ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
    body: body !== undefined ? JSON.stringify(body) : undefined,
    credentials: 'same-origin',
  });
  const text = await res.text();
  const data = parseJson(text);
  if (!res.ok) throw new ApiError(data?.error?.code ?? 'error', (data?.error && readableMessage(data.error)) ?? failure(res.status), res.status, data?.error?.issues?.[0]?.path);
  if (text && data === undefined) throw new ApiError('bad_response', 'The server sent an answer the portal cannot read. Reload the page and try again.', res.status);
  return data as T;
}

export const apiGet = <T>(path: string) => request<T>('GET', path);
export const apiPost = <T>(path: string, body: unknown = {}) => request<T>('POST', path, body);
export const apiDelete = <T>(path: string) => request<T>('DELETE', path);
