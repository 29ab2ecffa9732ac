import { CopyButton } from '../ui/copy';
import { Card } from '../ui/misc';

type Meta = { issuer: string; token_endpoint: string; jwks_uri: string; introspection_endpoint: string; revocation_endpoint: string; mtls_endpoint_aliases: { token_endpoint: string } };

export function Endpoints({ meta }: { meta: Meta }) {
  const rows: [string, string][] = [
    ['Token endpoint', meta.token_endpoint],
    ['Token endpoint over mTLS', meta.mtls_endpoint_aliases.token_endpoint],
    ['Introspection', meta.introspection_endpoint],
    ['Revocation', meta.revocation_endpoint],
    ['JWKS', meta.jwks_uri],
    ['Server metadata (RFC 8414)', `${meta.issuer}/.well-known/oauth-authorization-server`],
  ];
  return (
    <Card title="Endpoints" className="self-start">
      <ul className="space-y-3">
        {rows.map(([label, url]) => (
          <li key={label}>
            <p className="text-xs font-medium text-slate-500">{label}</p>
            <div className="mt-0.5 flex items-center gap-2">
              <code className="min-w-0 flex-1 truncate font-mono text-xs text-slate-800" title={url}>{url}</code>
              <CopyButton text={url} />
            </div>
          </li>
        ))}
      </ul>
      <p className="mt-4 text-xs leading-relaxed text-slate-500">
        Access tokens are ES256 JWTs (RFC 9068), valid 30 minutes. Requested over mTLS they are bound to the certificate you presented (<code>cnf.x5t#S256</code>).
      </p>
    </Card>
  );
}
