// Client authentication at the token, revocation and introspection endpoints:
// client_secret_basic and client_secret_post (RFC 6749 section 2.3.1) and tls_client_auth
// (RFC 8705 section 2.1, here: any active certificate of the client's organization, presented
// over mTLS and handed to us as RFC 9440 Client-Cert).
import { pool } from '../db/client';
import { now } from '../clock';
import type { EdgeRequest } from '../edge/http';
import { certificateDigests } from '../edge/client-cert';
import { oauthFail } from './errors';
import { matchesAny } from './secrets';
import { recordAuthFailure } from './rate-limit';
import { cachedClient, findClient, type ClientRecord } from './client-cache';

export type AuthMethod = 'client_secret_basic' | 'client_secret_post' | 'tls_client_auth';

export type PresentedCertificate = { id: string | null; fingerprintSha256: string; thumbprint: string };

export type AuthenticatedClient = {
  id: string;
  clientId: string;
  orgId: string;
  scopes: string[];
  certificateBound: boolean;
  method: AuthMethod;
  certificate: PresentedCertificate | null;
};

// A sandbox certificate (lib/sandbox/identity) authenticates its own sandbox client and no other.
const CERT_SQL = `SELECT id, "orgId", status::text AS status, "notBefore", "notAfter" FROM "Certificate" WHERE "fingerprintSha256" = $1
UNION ALL
SELECT NULL, "orgId", 'active', "createdAt" - interval '1 minute', "notAfter" FROM "SandboxIdentity" WHERE "fingerprintSha256" = $1 AND "oauthClientId" = $2`;

// RFC 6749 section 2.3.1: the Basic credentials are form-urlencoded before base64.
const formDecode = (value: string) => decodeURIComponent(value.replace(/\+/g, ' '));

type Credentials = { clientId: string | null; secret: string | null; method: AuthMethod | null; basic: boolean };

function readCredentials(req: EdgeRequest, params: URLSearchParams): Credentials {
  const header = req.headers.authorization;
  const bodyId = params.get('client_id');
  const bodySecret = params.get('client_secret');
  if (header) {
    const [scheme, value] = header.split(' ');
    if (scheme?.toLowerCase() !== 'basic' || !value) {
      return oauthFail('invalid_client', 'Only HTTP Basic client authentication is accepted in the Authorization header.', 401, { 'www-authenticate': 'Basic realm="trustgate"' });
    }
    const decoded = Buffer.from(value, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    let clientId: string | null = null;
    let secret: string | null = null;
    try {
      if (colon > 0) [clientId, secret] = [formDecode(decoded.slice(0, colon)), formDecode(decoded.slice(colon + 1))];
    } catch {
      clientId = null;
    }
    if (!clientId || secret === null || clientId.includes('\0')) {
      return oauthFail('invalid_client', 'The Basic credentials are not client_id:client_secret.', 401, { 'www-authenticate': 'Basic realm="trustgate"' });
    }
    if (bodySecret !== null) oauthFail('invalid_request', 'Use one client authentication method, not Basic and client_secret together (RFC 6749 section 2.3).');
    if (bodyId !== null && bodyId !== clientId) oauthFail('invalid_request', 'client_id in the body differs from the Basic credentials.');
    return { clientId, secret, method: 'client_secret_basic', basic: true };
  }
  if (bodySecret !== null) return { clientId: bodyId, secret: bodySecret, method: bodyId ? 'client_secret_post' : null, basic: false };
  if (bodyId !== null && req.clientCert) return { clientId: bodyId, secret: null, method: 'tls_client_auth', basic: false };
  return { clientId: bodyId, secret: null, method: null, basic: false };
}

async function presentedCertificate(der: Uint8Array, orgId: string, clientUuid: string): Promise<PresentedCertificate | string> {
  const { fingerprintSha256, thumbprint } = certificateDigests(der);
  const { rows } = await pool().query({ name: 'oauth_cert', text: CERT_SQL, values: [fingerprintSha256, clientUuid] });
  const cert = rows[0] as { id: string | null; orgId: string; status: string; notBefore: Date; notAfter: Date } | undefined;
  const t = now().getTime();
  if (!cert) return 'the presented certificate was not issued by this portal';
  if (cert.orgId !== orgId) return "the presented certificate belongs to another organization than the client";
  if (cert.status !== 'active') return 'the presented certificate is revoked';
  if (cert.notAfter.getTime() <= t || cert.notBefore.getTime() > t) return 'the presented certificate is not within its validity period';
  return { id: cert.id, fingerprintSha256, thumbprint };
}

/** Secrets whose overlap has not ended (the cached record may be older than an expiry). */
function liveSecretHashes(client: ClientRecord): string[] {
  const t = now().getTime();
  return client.secrets.filter((s) => !s.expiresAt || Date.parse(s.expiresAt) > t).map((s) => s.hash);
}

const lastUsedWritten = new Map<string, number>();

function touchLastUsed(client: ClientRecord): void {
  const t = Date.now();
  const last = Math.max(lastUsedWritten.get(client.id) ?? 0, client.lastUsedAt?.getTime() ?? 0);
  if (t - last < 60_000) return;
  lastUsedWritten.set(client.id, t);
  void pool().query('UPDATE "OAuthClient" SET "lastUsedAt" = $2 WHERE id = $1', [client.id, new Date(t)]).catch(() => undefined);
}

/**
 * The authenticated client, or an RFC 6749 error: invalid_client (401, counted against the
 * rate limit; 429 with Retry-After once the limit is reached), unauthorized_client for a
 * suspended client or a certificate-bound one without its certificate.
 */
export async function authenticateClient(req: EdgeRequest, params: URLSearchParams): Promise<AuthenticatedClient> {
  const creds = readCredentials(req, params);
  const failed = async (reason: string): Promise<never> => {
    const wait = await recordAuthFailure(creds.clientId, req.address);
    if (wait) oauthFail('invalid_client', `Too many failed client authentications; retry in ${wait} s.`, 429, { 'retry-after': String(wait) });
    // RFC 9110 §15.5.2: every 401 carries a challenge, whichever method the client tried.
    return oauthFail('invalid_client', `Client authentication failed: ${reason}.`, 401, { 'www-authenticate': 'Basic realm="trustgate"' });
  };
  if (!creds.method || !creds.clientId) return failed('no client credentials (use Basic, client_secret_post, or a client_id over mTLS)');

  const client = cachedClient(creds.clientId) ?? (await findClient(creds.clientId));
  if (!client || client.status === 'deleted') return failed('unknown client');
  if (creds.method === 'tls_client_auth' && !client.certificateBound) return failed('this client is not registered for tls_client_auth');
  if (creds.secret !== null && !matchesAny(creds.secret, liveSecretHashes(client))) return failed('wrong client secret');

  let certificate: PresentedCertificate | null = null;
  if (req.clientCert) {
    const checked = await presentedCertificate(req.clientCert, client.orgId, client.id);
    if (typeof checked === 'string') return failed(checked);
    certificate = checked;
  }
  if (client.status !== 'active' || !client.orgActive) oauthFail('unauthorized_client', `This client is ${client.orgActive ? client.status : 'in an inactive organization'}.`);
  if (client.certificateBound && !certificate) {
    oauthFail('unauthorized_client', "This client is bound to its organization's certificates: request tokens over mTLS with one of them.");
  }
  touchLastUsed(client);
  return {
    id: client.id, clientId: client.clientId, orgId: client.orgId, scopes: client.scopes, certificateBound: client.certificateBound,
    method: creds.method, certificate,
  };
}
