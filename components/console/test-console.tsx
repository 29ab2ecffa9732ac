'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { apiGet, apiPost } from '../api';
import { timeAgo } from '../format';
import { Button } from '../ui/button';
import { ErrorNote, Field, Input, Select, Textarea } from '../ui/field';
import { Badge, Card } from '../ui/misc';
import { TraceView } from './trace-view';
import type { Run, Trace } from './types';

const EXAMPLE = JSON.stringify({ amount: '12.50', currency: 'EUR', reference: 'invoice-2026-0042' }, null, 2);

function parseHeaders(text: string): Record<string, string> | string {
  const out: Record<string, string> = {};
  for (const line of text.split('\n').map((l) => l.trim()).filter(Boolean)) {
    const colon = line.indexOf(':');
    if (colon <= 0) return `Not a header line: "${line}" (use Name: value).`;
    out[line.slice(0, colon).trim()] = line.slice(colon + 1).trim();
  }
  return out;
}

export function TestConsole() {
  const query = useQueryClient();
  const [method, setMethod] = useState<'GET' | 'POST'>('POST');
  const [path, setPath] = useState('/sandbox/v1/payments');
  const [headers, setHeaders] = useState('');
  const [body, setBody] = useState(EXAMPLE);
  const [shown, setShown] = useState<Trace | null>(null);
  const runs = useQuery({ queryKey: ['console-runs'], queryFn: () => apiGet<{ items: Run[] }>('/api/v1/console/requests') });
  const parsedHeaders = parseHeaders(headers);
  let bodyProblem: string | null = null;
  if (method === 'POST') {
    try {
      JSON.parse(body);
    } catch {
      bodyProblem = 'The body is not valid JSON.';
    }
  }
  const problem = typeof parsedHeaders === 'string' ? parsedHeaders : bodyProblem;
  const run = useMutation({
    mutationFn: () => apiPost<Trace>('/api/v1/console/requests', { method, path, headers: parsedHeaders, ...(method === 'POST' ? { body: JSON.parse(body) } : {}) }),
    onSuccess: (trace) => { setShown(trace); void query.invalidateQueries({ queryKey: ['console-runs'] }); },
  });
  const open = useMutation({ mutationFn: (id: string) => apiGet<Trace>(`/api/v1/console/requests/${id}`), onSuccess: setShown });

  return (
    <div className="grid gap-6 xl:grid-cols-[26rem_1fr]">
      <div className="space-y-6">
        <Card title="Request">
          <form className="space-y-4" onSubmit={(e) => { e.preventDefault(); if (!problem) run.mutate(); }}>
            <div className="grid grid-cols-[6rem_1fr] gap-3">
              <Field label="Method" htmlFor="method">
                <Select id="method" value={method} onChange={(e) => { const m = e.target.value as 'GET' | 'POST'; setMethod(m); if (m === 'GET' && path === '/sandbox/v1/payments') setPath('/sandbox/v1/payments/'); }}>
                  <option>POST</option><option>GET</option>
                </Select>
              </Field>
              <Field label="Path" htmlFor="path"><Input id="path" value={path} onChange={(e) => setPath(e.target.value)} spellCheck={false} /></Field>
            </div>
            <Field label="Extra headers" htmlFor="headers" hint="One per line, Name: value. Authorization, Content-Digest and the signature are added for you; POSTs get an Idempotency-Key unless you set one.">
              <Textarea id="headers" rows={3} value={headers} onChange={(e) => setHeaders(e.target.value)} placeholder="Idempotency-Key: order-42" spellCheck={false} />
            </Field>
            {method === 'POST' && (
              <Field label="JSON body" htmlFor="body" error={bodyProblem}>
                <Textarea id="body" rows={7} value={body} onChange={(e) => setBody(e.target.value)} spellCheck={false} />
              </Field>
            )}
            {typeof parsedHeaders === 'string' && <ErrorNote message={parsedHeaders} />}
            {run.isError && <ErrorNote message={run.error.message} />}
            <Button type="submit" busy={run.isPending} disabled={!!problem}>{run.isPending ? 'Calling the sandbox over mTLS…' : 'Run'}</Button>
          </form>
        </Card>
        <Card title="Recent runs">
          {runs.data?.items.length ? (
            <ul className="divide-y divide-slate-100 text-sm" aria-label="Recent runs">
              {runs.data.items.map((r) => (
                <li key={r.id}>
                  <button type="button" onClick={() => open.mutate(r.id)} className="flex w-full items-center justify-between gap-3 py-2 text-left hover:bg-slate-50">
                    <span className="min-w-0 truncate font-mono text-xs">{r.method} {r.path}</span>
                    <span className="flex shrink-0 items-center gap-2 text-xs text-slate-500">
                      <Badge tone={r.verdict === 'passed' ? 'green' : 'red'}>{r.status ?? '—'}</Badge>{timeAgo(r.createdAt)}
                    </span>
                  </button>
                </li>
              ))}
            </ul>
          ) : (
            <p className="text-sm text-slate-500">{runs.isPending ? 'Loading…' : 'No runs yet.'}</p>
          )}
        </Card>
      </div>
      <div>
        {shown ? <TraceView trace={shown} /> : (
          <div className="rounded-lg border border-dashed border-slate-300 bg-white px-6 py-12 text-center text-sm text-slate-600">
            <p className="font-semibold text-slate-800">Each step appears here</p>
            <p className="mt-2">The TLS handshake, the token exchange, the Content-Digest, the signature base and headers, the response, and a verdict for each of the three layers.</p>
          </div>
        )}
      </div>
    </div>
  );
}
