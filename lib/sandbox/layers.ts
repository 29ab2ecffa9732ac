// The sandbox's three layers, in order (API.md "Sandbox"): the mTLS certificate, the Bearer
// token, the RFC 9421 signature. Each failure names its layer and the exact reason.
import type { EdgeRequest } from '../edge/http';
import { clientCertificateStatus } from '../edge/client-status';
import { verifyAccessToken, type AccessTokenClaims } from '../oauth/access-tokens';
import { tokenStillActive } from '../oauth/introspection';
import { verifyMessage, type Problem } from '../signatures/verify';
import type { Header, HttpRequest } from '../signatures/message';

export type Layer = 'mtls' | 'token' | 'signature';

export class LayerError extends Error {
  constructor(readonly layer: Layer, readonly code: string, message: string, readonly problems: Problem[] = []) {
    super(message);
  }
}

export type Caller = { orgId: string; clientId: string; certificateFingerprint: string; token: AccessTokenClaims };

/** RFC 9421 section 2.5 needs the message as sent: header lines in order, the target URI. */
export function asSignedMessage(req: EdgeRequest): HttpRequest {
  const headers: Header[] = [];
  for (let i = 0; i < req.rawHeaders.length; i += 2) headers.push([req.rawHeaders[i], req.rawHeaders[i + 1]]);
  const host = String(req.headers.host ?? 'localhost');
  return { kind: 'request', method: req.method, url: new URL(`https://${host}${req.url.pathname}${req.url.search}`), headers, body: req.body.length ? req.body : undefined };
}

export async function checkLayers(req: EdgeRequest, scope: string): Promise<Caller> {
  if (!req.clientCert) throw new LayerError('mtls', 'certificate_missing', 'No client certificate: call the sandbox over mTLS on MTLS_PORT.');
  const cert = await clientCertificateStatus(req.clientCert);
  if (!cert.ok) throw new LayerError('mtls', cert.code, cert.message);

  const authorization = String(req.headers.authorization ?? '');
  const [scheme, token] = authorization.split(' ');
  if (scheme?.toLowerCase() !== 'bearer' || !token) throw new LayerError('token', 'token_missing', 'Send Authorization: Bearer <access token> from /oauth/token.');
  const claims = await verifyAccessToken(token);
  if (!claims) throw new LayerError('token', 'token_invalid', 'The access token is not one we signed, or it has expired.');
  if (claims.org_id !== cert.orgId) throw new LayerError('token', 'token_wrong_organization', "The token belongs to another organization than the client certificate.");
  if (claims.cnf && claims.cnf['x5t#S256'] !== cert.thumbprint) {
    throw new LayerError('token', 'token_certificate_mismatch', 'The token is bound (cnf.x5t#S256) to another certificate than the one presented (RFC 8705 section 3).');
  }
  if (!claims.scope.split(' ').includes(scope)) throw new LayerError('token', 'insufficient_scope', `The token lacks the scope ${scope}.`);
  if (!(await tokenStillActive(claims))) throw new LayerError('token', 'token_inactive', 'The token was revoked, or its client is suspended or deleted.');

  const verdict = verifyMessage(asSignedMessage(req), {
    label: 'sig1',
    key: cert.publicKey,
    expectedKeyid: cert.fingerprintSha256,
    require: { components: ['@method', '@target-uri'], created: true, contentDigestWithBody: true },
  });
  if (!verdict.valid) {
    const problems = [...verdict.problems, ...verdict.signatures.flatMap((s) => s.problems)];
    const first = problems[0] ?? { code: 'signature_invalid', message: 'The signature does not verify.' };
    throw new LayerError('signature', first.code, first.message, problems);
  }
  return { orgId: cert.orgId, clientId: claims.client_id, certificateFingerprint: cert.fingerprintSha256, token: claims };
}
