// What the sign-in form may be told besides "no match": the error next-auth's authorize throws
// (./next-auth-options) and the browser reads back (components/auth/sign-in), written and read
// here alone, so that no server code is bundled for the page.
const THROTTLED = 'sign_in_throttled';

/** The error for a sign-in refused while its budget is spent (./sign-in-limit), with the seconds left. */
export const throttledError = (seconds: number): Error => new Error(`${THROTTLED}:${seconds}`);

/** The seconds left in a throttled sign-in's error, or null for any other error. */
export function throttledSeconds(error: string | null | undefined): number | null {
  const [kind, seconds] = error?.split(':') ?? [];
  return kind === THROTTLED && /^\d+$/.test(seconds ?? '') ? Number(seconds) : null;
}
