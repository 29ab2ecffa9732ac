// RFC 9068 JWT access tokens, ES256, with cnf.x5t#S256 (RFC 8705 section 3.1) when the client
// presented a certificate.
import { randomUUID } from 'node:crypto';
import { SignJWT, jwtVerify, type JWTPayload } from 'jose';
import { config } from '../config';
import { now } from '../clock';
import { signingKey, verificationKey } from './signing-keys';

export type AccessTokenClaims = JWTPayload & {
  client_id: string;
  scope: string;
  org_id: string;
  cnf?: { 'x5t#S256': string };
};

export type AccessTokenSubject = { clientId: string; orgId: string; scope: string[]; thumbprint?: string | null };

export async function signAccessToken(subject: AccessTokenSubject): Promise<{ token: string; expiresIn: number; jti: string }> {
  const cfg = config();
  const key = await signingKey();
  const iat = Math.floor(now().getTime() / 1000);
  const jti = randomUUID();
  const claims: AccessTokenClaims = {
    client_id: subject.clientId,
    scope: subject.scope.join(' '),
    org_id: subject.orgId,
    ...(subject.thumbprint ? { cnf: { 'x5t#S256': subject.thumbprint } } : {}),
  };
  const token = await new SignJWT(claims)
    .setProtectedHeader({ alg: 'ES256', typ: 'at+jwt', kid: key.kid })
    .setIssuer(cfg.publicUrl)
    .setSubject(subject.clientId)
    .setAudience(cfg.oauthAudience)
    .setIssuedAt(iat)
    .setExpirationTime(iat + cfg.ACCESS_TOKEN_TTL)
    .setJti(jti)
    .sign(key.privateKey());
  return { token, expiresIn: cfg.ACCESS_TOKEN_TTL, jti };
}

/** The claims of an access token we signed that has not expired, or null. Status is checked by the caller. */
export async function verifyAccessToken(token: string): Promise<AccessTokenClaims | null> {
  if (token.split('.').length !== 3) return null;
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
