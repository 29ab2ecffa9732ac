'use client';

import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { apiGet, apiPost } from '../api';
import type { OAuthClient } from '../types';
import { Button } from '../ui/button';
import { ErrorNote, Field, Input } from '../ui/field';
import { Card, Empty, Skeleton } from '../ui/misc';
import { ClientRow } from './client-row';
import { SecretOnce, type TokenEndpoints } from './secret-once';
import { useAction } from '../ui/use-action';
import { refreshAfterWrite } from '../ui/refresh';

type Props = { canCreate: boolean; canManage: boolean; showOrg: boolean; scopes: string[]; endpoints: TokenEndpoints };
type Created = OAuthClient & { clientSecret: string };

export function OAuthClients({ canCreate, canManage, showOrg, scopes, endpoints }: Props) {
  const query = useQueryClient();
  const clients = useQuery({ queryKey: ['oauth-clients'], queryFn: () => apiGet<{ items: OAuthClient[] }>('/api/v1/oauth-clients') });
  const [name, setName] = useState('');
  const [chosen, setChosen] = useState<string[]>(scopes);
  const [bound, setBound] = useState(false);
  const [created, setCreated] = useState<Created | null>(null);
  const list = useRef<HTMLUListElement>(null);
  const create = useAction({
    mutationFn: () => apiPost<Created>('/api/v1/oauth-clients', { name: name.trim(), scopes: chosen, certificateBound: bound }),
    onSuccess: (out) => {
      setCreated(out);
      setName('');
      void refreshAfterWrite(query, ['oauth-clients']);
    },
  });
  const toggle = (scope: string) => setChosen((s) => (s.includes(scope) ? s.filter((x) => x !== scope) : [...s, scope]));
  const problem = !name.trim() ? 'Give the client a name.' : chosen.length === 0 ? 'Choose at least one scope.' : null;

  return (
    <div className="min-w-0 space-y-6">
      {canCreate && (
        <Card title="New OAuth client">
          <form
            className="space-y-4"
            onSubmit={(e) => {
              e.preventDefault();
              if (!problem) create.mutate();
            }}
          >
            <Field label="Name" htmlFor="client-name" hint="What calls the API with it, e.g. “payments-service (production)”.">
              <Input id="client-name" value={name} maxLength={100} onChange={(e) => setName(e.target.value)} placeholder="payments-service" />
            </Field>
            <fieldset>
              <legend className="text-sm font-medium text-slate-800">Scopes</legend>
              <div className="mt-2 flex flex-wrap gap-4">
                {scopes.map((scope) => (
                  <label key={scope} className="flex items-center gap-2 text-sm text-slate-700">
                    <input type="checkbox" className="size-4 rounded border-slate-300" checked={chosen.includes(scope)} onChange={() => toggle(scope)} />
                    <code className="font-mono text-xs">{scope}</code>
                  </label>
                ))}
              </div>
            </fieldset>
            <label className="flex items-start gap-3 text-sm">
              <input type="checkbox" className="mt-0.5 size-4 rounded border-slate-300" checked={bound} onChange={(e) => setBound(e.target.checked)} />
              <span>
                <span className="font-medium text-slate-900">Bound to our certificates</span>
                <br />
                <span className="text-slate-600">Tokens are only issued over mTLS with one of your organization’s active certificates (RFC 8705), and are bound to it. The client can then also authenticate with the certificate alone (<code>tls_client_auth</code>).</span>
              </span>
            </label>
            {create.isError && <ErrorNote message={create.error.message} />}
            <div className="flex items-center gap-3">
              <Button type="submit" busy={create.isPending} disabled={!!problem}>Create client</Button>
              {problem && name && <p className="text-xs text-slate-500">{problem}</p>}
            </div>
          </form>
          {created && (
            <div className="mt-5">
              <SecretOnce clientId={created.clientId} secret={created.clientSecret} endpoints={endpoints} certificateBound={created.certificateBound} onDone={() => { setCreated(null); list.current?.focus(); }} />
            </div>
          )}
        </Card>
      )}

      <Card title="Clients">
        {clients.isPending ? (
          <Skeleton rows={3} />
        ) : clients.isError ? (
          <ErrorNote message={`The clients could not be loaded: ${clients.error.message}`} onRetry={() => void clients.refetch()} />
        ) : clients.data.items.length === 0 ? (
          <Empty title="No OAuth clients yet">{canCreate ? 'Create one above; its secret is shown once.' : 'Organizations create their own clients.'}</Empty>
        ) : (
          <ul ref={list} tabIndex={-1} className="divide-y divide-slate-100 rounded-sm focus:outline-none" aria-label="OAuth clients">
            {clients.data.items.map((c) => (
              <ClientRow key={c.id} client={c} canRotate={canCreate} canManage={canManage} showOrg={showOrg} endpoints={endpoints} />
            ))}
          </ul>
        )}
      </Card>
    </div>
  );
}
