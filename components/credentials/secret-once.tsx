'use client';

import { Button } from '../ui/button';
import { CodeBlock } from '../ui/copy';

/** Where a client gets its tokens: the portal port, or the mTLS listener (RFC 8705 §5 aliases). */
export type TokenEndpoints = { plain: string; mtls: string; caChain: string };

// A certificate-bound client is refused a token without its certificate (RFC 8705 §3), so its
// command goes to the mTLS listener; --cacert because that listener's certificate is from our CA.
export function tokenCurl(clientId: string, secret: string, endpoints: TokenEndpoints, certificateBound: boolean) {
  return certificateBound
    ? `curl -s --cacert ca.pem --cert client-cert.pem --key client-key.pem \\\n  -u '${clientId}:${secret}' \\\n  -d grant_type=client_credentials \\\n  ${endpoints.mtls}`
    : `curl -s -u '${clientId}:${secret}' \\\n  -d grant_type=client_credentials \\\n  ${endpoints.plain}`;
}

/** A freshly issued secret: shown once, with what to do with it. */
export function SecretOnce({ clientId, secret, endpoints, certificateBound, note, onDone }: {
  clientId: string; secret: string; endpoints: TokenEndpoints; certificateBound: boolean; note?: string; onDone: () => void;
}) {
  return (
    <div className="space-y-3 rounded-md border border-amber-300 bg-amber-50 p-4" role="status">
      <p className="text-sm font-semibold text-amber-900">Copy the secret now: it is shown only this once. Trustgate keeps only a keyed hash of it and cannot show it again.</p>
      {note && <p className="text-sm font-medium text-amber-900">{note}</p>}
      <CodeBlock label="Client ID" code={clientId} wrap="anywhere" />
      <CodeBlock label="Client secret" code={secret} wrap="anywhere" />
      <CodeBlock label={certificateBound ? 'Get a token (over mTLS, with one of your certificates)' : 'Get a token'} code={tokenCurl(clientId, secret, endpoints, certificateBound)} wrap="spaces" />
      {certificateBound && (
        <p className="text-xs text-amber-900">
          This client only gets tokens over mTLS: <code>client-cert.pem</code> and <code>client-key.pem</code> are an active certificate of your organization and its key; <code>ca.pem</code> is the CA chain from <a className="underline" href={endpoints.caChain}>{endpoints.caChain}</a>. The same request without the secret (<code>-d client_id=…</code> instead of <code>-u</code>) authenticates with the certificate alone.
        </p>
      )}
      <Button variant="secondary" onClick={onDone}>I have stored the secret</Button>
    </div>
  );
}
