// What the sign-in form may be told besides "no match": shared by the server (next-auth's
// authorize, ./next-auth-options) and the browser (components/auth/sign-in), so no server code
// is bundled for the page.
export const SIGN_IN_THROTTLED = 'sign_in_throttled';

/** The seconds left in a throttled sign-in's error, or null for any other error. */
export function throttledSeconds(error: string | null | undefined): number | null {
  const match = error?.match(/^sign_in_throttled:(\d+)$/);
  return match ? Number(match[1]) : null;
}
