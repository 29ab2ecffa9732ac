// Requests to next-auth (/api/auth/*) that it would answer with a 500 or a plain-text page: a
// `callbackUrl` it will not follow (query or cookie) makes it report "a problem with the server
// configuration" (500) on every action, a GET of the credentials callback throws (500), and an
// action it lacks is a text/plain 400. Bad input gets a 4xx in the API's error model instead,
// never a 5xx (API.md).
import { config } from '../config';
import { TrustgateError } from '../errors';
import { errorResponse } from './respond';
import { cookieValues } from './cookies';

// next-auth's own test (core/lib/assert.js): absolute http(s), or a path resolved against the base.
function followable(url: string, base: string): boolean {
  try {
    return /^https?:$/.test(new URL(url, url.startsWith('/') ? base : undefined).protocol);
  } catch {
    return false;
  }
}

const CALLBACK_COOKIES = ['next-auth.callback-url', '__Secure-next-auth.callback-url'];

const refuse = (error: TrustgateError, headers: Record<string, string> = {}): Response => {
  const res = errorResponse(error);
  for (const [k, v] of Object.entries(headers)) res.headers.append(k, v);
  return res;
};

/** The error-model answer for a request next-auth would fail on with a 5xx, or null to let it through. */
export function refuseBadAuthRequest(req: Request): Response | null {
  const url = new URL(req.url);
  const base = config().publicUrl;
  const asked = url.searchParams.get('callbackUrl');
  if (asked !== null && asked !== '' && !followable(asked, base)) {
    return refuse(new TrustgateError('bad_request', 'callbackUrl must be a path on this site or an http(s) URL.'));
  }
  // Only next-auth sets this cookie, and only to a URL it accepted; another value was planted, and
  // would fail every sign-in in this browser. Refused once, and cleared so that a retry works.
  for (const name of CALLBACK_COOKIES) {
    if (cookieValues(req.headers.get('cookie'), name).some((value) => value && !followable(value, base))) {
      const secure = name.startsWith('__Secure-') ? '; Secure' : '';
      return refuse(new TrustgateError('bad_request', 'The sign-in return address in a cookie is not valid; it has been cleared, try again.'), {
        'set-cookie': `${name}=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax${secure}`,
      });
    }
  }
  // The credentials provider is signed in with a POST; next-auth throws on any other method.
  if (/^\/api\/auth\/callback\/credentials\/?$/.test(url.pathname) && req.method !== 'POST') {
    return refuse(new TrustgateError('method_not_allowed', 'Sign in with a POST of the sign-in form.'), { allow: 'POST' });
  }
  return null;
}

/** next-auth's plain-text 400 (an action or method it does not have) as the API's error model. */
export function inErrorModel(res: Response): Response {
  if (res.status !== 400 || /json/i.test(res.headers.get('content-type') ?? '')) return res;
  return errorResponse(new TrustgateError('bad_request', 'Sign-in has no such action for this method.'));
}
