// RFC 9068 JWT access tokens, ES256, with cnf.x5t#S256 (RFC 8705 section 3.1) when the client
// presented a certificate.
import { randomUUID, sign, type KeyObject } from 'node:crypto';
import { jwtVerify, type JWTPayload } from 'jose';
import { config } from '../config';
import { now } from '../clock';
import { cachedSigningKey, signingKey, verificationKey, type LoadedKey } from './signing-keys';

export type AccessTokenClaims = JWTPayload & {
  client_id: string;
  scope: string;
  org_id: string;
  cnf?: { 'x5t#S256': string };
};

export type AccessTokenSubject = { clientId: string; orgId: string; scope: string[]; thumbprint?: string | null };

const b64url = (text: string) => Buffer.from(text).toString('base64url');
const headers = new Map<string, string>();

/**
 * RFC 7515 compact JWS, ES256 (RFC 7518 section 3.4: the signature is r || s, not DER). Signed
 * here with node:crypto directly because this is the token endpoint's hot path; tests verify
 * the result with jose and an independent OAuth client.
 */
function signJwt(kid: string, key: KeyObject, claims: object): string {
  let header = headers.get(kid);
  if (!header) headers.set(kid, (header = b64url(JSON.stringify({ alg: 'ES256', typ: 'at+jwt', kid }))));
  const input = `${header}.${b64url(JSON.stringify(claims))}`;
  return `${input}.${sign('sha256', Buffer.from(input), { key, dsaEncoding: 'ieee-p1363' }).toString('base64url')}`;
}

export type SignedAccessToken = { token: string; expiresIn: number; jti: string };

export function signAccessToken(subject: AccessTokenSubject): SignedAccessToken | Promise<SignedAccessToken> {
  const key = cachedSigningKey();
  return key ? signWith(key, subject) : signingKey().then((loaded) => signWith(loaded, subject));
}

function signWith(key: LoadedKey, subject: AccessTokenSubject): SignedAccessToken {
  const cfg = config();
  const iat = Math.floor(now().getTime() / 1000);
  const jti = randomUUID();
  // RFC 9068 section 2.2 claims, plus our organization and RFC 8705 cnf when a certificate was presented.
  const claims: AccessTokenClaims = {
    iss: cfg.publicUrl,
    sub: subject.clientId,
    aud: cfg.oauthAudience,
    exp: iat + cfg.ACCESS_TOKEN_TTL,
    iat,
    jti,
    client_id: subject.clientId,
    scope: subject.scope.join(' '),
    org_id: subject.orgId,
    ...(subject.thumbprint ? { cnf: { 'x5t#S256': subject.thumbprint } } : {}),
  };
  return { token: signJwt(key.kid, key.privateKey(), claims), expiresIn: cfg.ACCESS_TOKEN_TTL, jti };
}

// A resource server sees the same token many times: a JWS that verified once verifies forever,
// so its claims are remembered until the token expires (revocation and client status are
// checked by the caller on every use, never cached here).
const verified = new Map<string, AccessTokenClaims>();
const MAX_VERIFIED = 10_000;

/** The claims of an access token we signed that has not expired, or null. Status is checked by the caller. */
export async function verifyAccessToken(token: string): Promise<AccessTokenClaims | null> {
  if (token.split('.').length !== 3) return null;
  const cached = verified.get(token);
  if (cached) {
    if (cached.exp! * 1000 > now().getTime()) return cached;
    verified.delete(token);
  }
  const claims = await verifyAccessTokenSignature(token);
  if (claims) {
    if (verified.size >= MAX_VERIFIED) verified.clear();
    verified.set(token, claims);
  }
  return claims;
}

async function verifyAccessTokenSignature(token: string): Promise<AccessTokenClaims | null> {
  try {
    const { payload } = await jwtVerify<AccessTokenClaims>(token, async (header) => (await verificationKey(header.kid)) ?? new Uint8Array(), {
      issuer: config().publicUrl,
      typ: 'at+jwt',
      algorithms: ['ES256'],
      currentDate: now(),
      requiredClaims: ['jti', 'exp', 'client_id', 'org_id'],
    });
    return payload;
  } catch {
    return null;
  }
}
