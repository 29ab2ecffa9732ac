import type { Metadata } from 'next';
import { OAuthClients } from '@/components/credentials/oauth-clients';
import { Endpoints } from '@/components/credentials/endpoints';
import { PageHeader } from '@/components/ui/misc';
import { requirePageActor } from '@/app/_server/session';
import { authorizationServerMetadata } from '@/lib/oauth/metadata';

export const metadata: Metadata = { title: 'API credentials' };

export default async function CredentialsPage() {
  const actor = await requirePageActor();
  const meta = authorizationServerMetadata();
  return (
    <>
      <PageHeader
        title="API credentials"
        description="OAuth 2.0 clients for machine-to-machine calls: your services exchange a client ID and secret (or one of your mTLS certificates) for short-lived access tokens."
      />
      <div className="grid grid-cols-1 gap-6 xl:grid-cols-[1fr_22rem]">
        <OAuthClients
          canCreate={actor.role !== 'operator'}
          canManage={actor.role !== 'engineer'}
          showOrg={actor.role === 'operator'}
          scopes={meta.scopes_supported}
          endpoints={{ plain: meta.token_endpoint, mtls: meta.mtls_endpoint_aliases.token_endpoint, caChain: `${meta.issuer}/pki/ca.pem` }}
        />
        <Endpoints meta={meta} />
      </div>
    </>
  );
}
