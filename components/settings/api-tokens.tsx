'use client';

import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { apiGet, apiPost } from '../api';
import type { ApiToken } from '../types';
import { Button } from '../ui/button';
import { CodeBlock } from '../ui/copy';
import { ErrorNote, Field, Input } from '../ui/field';
import { Card, Skeleton } from '../ui/misc';
import { TokenRow } from './token-row';
import { useAction } from '../ui/use-action';
import { refreshAfterWrite } from '../ui/refresh';

const DEFAULT_NAME = 'API token';

export function ApiTokens() {
  const client = useQueryClient();
  const [name, setName] = useState('');
  const [fresh, setFresh] = useState<string | null>(null);
  const list = useRef<HTMLUListElement>(null);
  const tokens = useQuery({ queryKey: ['tokens'], queryFn: () => apiGet<{ items: ApiToken[] }>('/api/v1/tokens') });
  const refresh = () => void refreshAfterWrite(client, ['tokens']);
  const create = useAction({
    mutationFn: () => apiPost<{ token: string }>('/api/v1/tokens', { name: name.trim() || DEFAULT_NAME }),
    onSuccess: (out) => { setFresh(out.token); setName(''); refresh(); },
  });

  return (
    <Card title="Personal API tokens">
      <p className="mb-4 text-sm text-slate-600">Use a token as <code className="rounded bg-slate-100 px-1">Authorization: Bearer …</code> to call the JSON API as yourself from scripts and CI.</p>
      <form className="flex flex-wrap items-end gap-3" onSubmit={(e) => { e.preventDefault(); create.mutate(); }}>
        <div className="min-w-48 flex-1"><Field label="Name" htmlFor="token-name" hint="Tells your tokens apart, e.g. deploy pipeline. Left empty, it is “API token”."><Input id="token-name" placeholder={DEFAULT_NAME} maxLength={100} value={name} onChange={(e) => setName(e.target.value)} /></Field></div>
        <Button type="submit" busy={create.isPending}>Create token</Button>
      </form>
      <ErrorNote message={create.error?.message} />
      {fresh && (
        <div className="mt-4 space-y-2 rounded-md border border-amber-300 bg-amber-50 p-4">
          <p className="text-sm font-semibold text-amber-900">Copy this token now. It is shown only once; we keep just a hash of it.</p>
          <CodeBlock code={fresh} wrap="anywhere" />
          <Button variant="ghost" onClick={() => { setFresh(null); list.current?.focus(); }}>I have stored it</Button>
        </div>
      )}
      <div className="mt-6">
        {tokens.isPending ? <Skeleton rows={2} /> : tokens.isError ? (
          <ErrorNote message={`Your tokens could not be loaded: ${tokens.error.message}`} onRetry={() => void tokens.refetch()} />
        ) : tokens.data.items.length ? (
          <ul ref={list} tabIndex={-1} className="divide-y divide-slate-100 rounded-sm focus:outline-none" aria-label="API tokens">
            {tokens.data.items.map((t) => <TokenRow key={t.id} token={t} onRevoked={refresh} />)}
          </ul>
        ) : <p className="text-sm text-slate-500">No tokens yet.</p>}
      </div>
    </Card>
  );
}
