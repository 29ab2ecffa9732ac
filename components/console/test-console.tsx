'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { apiGet, apiPost } from '../api';
import { Button } from '../ui/button';
import { ErrorNote, Field, Input, Select, Textarea } from '../ui/field';
import { Card } from '../ui/misc';
import { useAction } from '../ui/use-action';
import { createdPaymentId, PAYMENTS, useLastPayment } from './last-payment';
import { RecentRuns } from './recent-runs';
import { TraceView } from './trace-view';
import type { Run, Trace } from './types';
import { refreshAfterWrite } from '../ui/refresh';

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

const isPaymentsPath = (path: string) => path === PAYMENTS || path.startsWith(`${PAYMENTS}/`);

function pathHint(method: string, path: string, lastPayment: string | null) {
  if (method !== 'GET') return undefined;
  if (lastPayment && path === `${PAYMENTS}/${lastPayment}`) return 'The payment you created last.';
  if (!path.trim()) return 'No payment created here yet: run a POST first, or enter a payment’s path.';
  return undefined;
}

export function TestConsole() {
  const query = useQueryClient();
  const [method, setMethod] = useState<'GET' | 'POST'>('POST');
  const [path, setPath] = useState(PAYMENTS);
  const [headers, setHeaders] = useState('');
  const [body, setBody] = useState(EXAMPLE);
  const [shown, setShown] = useState<Trace | null>(null);
  const [lastPayment, rememberPayment] = useLastPayment();
  const verdict = useRef<HTMLHeadingElement>(null);
  const [arrivals, setArrivals] = useState(0);
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
  const headersProblem = typeof parsedHeaders === 'string' ? parsedHeaders : null;
  const problem = headersProblem ?? bodyProblem ?? (path.trim() ? null : 'Enter a path.');
  const show = (trace: Trace) => {
    setShown(trace);
    setArrivals((n) => n + 1);
  };
  const run = useAction({
    mutationFn: () => apiPost<Trace>('/api/v1/console/requests', { method, path, headers: parsedHeaders, ...(method === 'POST' ? { body: JSON.parse(body) } : {}) }),
    onSuccess: (trace) => {
      const paymentId = createdPaymentId(trace);
      if (paymentId) rememberPayment(paymentId);
      show(trace);
      void refreshAfterWrite(query, ['console-runs']);
    },
  });
  const open = useMutation({ mutationFn: (id: string) => apiGet<Trace>(`/api/v1/console/requests/${id}`), onSuccess: show });

  // The result may be far below the form (on a phone, always): take keyboard and screen-reader users to it.
  useEffect(() => {
    if (!arrivals || !verdict.current) return;
    const reduce = window.matchMedia('(prefers-reduced-motion: reduce)').matches;
    verdict.current.scrollIntoView({ behavior: reduce ? 'auto' : 'smooth', block: 'start' });
    verdict.current.focus({ preventScroll: true });
  }, [arrivals]);

  const changeMethod = (m: 'GET' | 'POST') => {
    setMethod(m);
    // GET reads one payment: offer the one created last (none yet: the box shows what to enter); POST creates one on the collection.
    if (isPaymentsPath(path) || !path.trim()) setPath(m === 'POST' ? PAYMENTS : lastPayment ? `${PAYMENTS}/${lastPayment}` : '');
  };

  return (
    // minmax(0, …): a long token or snippet in the trace must not widen the page past a phone's screen.
    <div className="grid grid-cols-[minmax(0,1fr)] gap-6 xl:grid-cols-[26rem_minmax(0,1fr)]">
      <div className="min-w-0 space-y-6">
        <Card title="Request">
          <form className="space-y-4" onSubmit={(e) => { e.preventDefault(); if (!problem) run.mutate(); }}>
            <div className="grid grid-cols-[6rem_1fr] gap-3">
              <Field label="Method" htmlFor="method">
                <Select id="method" value={method} onChange={(e) => changeMethod(e.target.value as 'GET' | 'POST')}>
                  <option>POST</option><option>GET</option>
                </Select>
              </Field>
              <Field label="Path" htmlFor="path" hint={pathHint(method, path, lastPayment)}>
                <Input id="path" value={path} onChange={(e) => setPath(e.target.value)} placeholder={`${PAYMENTS}/{id}`} spellCheck={false} />
              </Field>
            </div>
            <Field label="Extra headers" htmlFor="headers" error={headersProblem} hint="One per line, Name: value. Authorization, Content-Digest and the signature are added for you; POSTs get an Idempotency-Key unless you set one.">
              <Textarea id="headers" rows={3} value={headers} onChange={(e) => setHeaders(e.target.value)} placeholder="Idempotency-Key: order-42" spellCheck={false} />
            </Field>
            {method === 'POST' && (
              <Field label="JSON body" htmlFor="body" error={bodyProblem}>
                <Textarea id="body" rows={7} value={body} onChange={(e) => setBody(e.target.value)} spellCheck={false} />
              </Field>
            )}
            {run.isError && <ErrorNote message={run.error.message} />}
            <Button type="submit" busy={run.isPending} disabled={!!problem}>{run.isPending ? 'Calling the sandbox over mTLS…' : 'Run'}</Button>
          </form>
        </Card>
        <RecentRuns runs={runs} onOpen={(id) => open.mutate(id)} />
      </div>
      <div className="min-w-0 space-y-4">
        {open.isError && <ErrorNote message={open.error.message} onRetry={() => open.variables && open.mutate(open.variables)} />}
        {shown ? <TraceView trace={shown} headingRef={verdict} /> : (
          <div className="rounded-lg border border-dashed border-slate-300 bg-white px-6 py-12 text-center text-sm text-slate-600">
            <p className="font-semibold text-slate-800">Each step appears here</p>
            <p className="mt-2">The TLS handshake, the token exchange, the Content-Digest, the signature base and headers, the response, and a verdict for each of the three layers.</p>
          </div>
        )}
      </div>
    </div>
  );
}
