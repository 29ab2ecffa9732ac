// Where sign-in returns to: the page the user asked for before it sent them to /signin (a link in
// a reminder e-mail, a bookmark). Only a path on this site is followed: "//evil.example" and
// "/\evil.example" are other hosts to a browser, so an open redirect would hide behind them.
const MAX_LENGTH = 2000;

/** The path to return to, or null when `value` is not a plain path on this site worth returning to. */
export function safeReturnPath(value: unknown): string | null {
  if (typeof value !== 'string' || value.length > MAX_LENGTH) return null;
  if (!value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\')) return null;
  // Controls and spaces have no place in a path we issued, and a browser strips some of them.
  if (/[\u0000-\u0020\u007f\\]/.test(value)) return null;
  if (value === '/' || /^\/(signin|setup|api\/)/.test(value)) return null;
  return value;
}

/** /signin, carrying the page to return to when there is one. */
export const signInPath = (returnTo: string | null | undefined): string => {
  const path = safeReturnPath(returnTo);
  return path ? `/signin?next=${encodeURIComponent(path)}` : '/signin';
};
