'use client';

import { useInfiniteQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { apiGet } from '../api';
import type { MailMessage, MailState, OutboxSummary } from '../types';
import { Button } from '../ui/button';
import { ErrorNote } from '../ui/field';
import { Empty, Skeleton } from '../ui/misc';
import { Stat } from '../ui/stat';
import { MailPreview } from './mail-preview';
import { OutboxTable } from './outbox-table';
import { SmtpWarning } from './smtp-warning';

const PAGE = 50;
type Page = { items: MailMessage[]; nextCursor: string | null; summary: OutboxSummary };
const filters: [MailState | '', string][] = [['', 'All'], ['pending', 'Pending'], ['failed', 'Failed'], ['sent', 'Sent']];

export function MailOutbox() {
  const [state, setState] = useState<MailState | ''>('');
  const [selected, setSelected] = useState<string | null>(null);
  const list = useInfiniteQuery({
    queryKey: ['outbox', state],
    queryFn: ({ pageParam }) => apiGet<Page>(`/api/v1/mail-outbox?limit=${PAGE}${state ? `&state=${state}` : ''}${pageParam ? `&cursor=${pageParam}` : ''}`),
    initialPageParam: '',
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    refetchInterval: 15_000,
  });
  const summary = list.data?.pages[0].summary;
  const items = list.data?.pages.flatMap((p) => p.items) ?? [];

  return (
    <div className="space-y-6">
      {summary && (
        <>
          <dl aria-label="Messages by state" className="grid grid-cols-3 gap-3">
            <Stat label="Pending" value={summary.pending} hint="waiting to be sent" tone={summary.pending ? 'amber' : 'slate'} />
            <Stat label="Failed" value={summary.failed} hint="gave up: retry to resend" tone={summary.failed ? 'red' : 'slate'} />
            <Stat label="Sent" value={summary.sent} hint="accepted by the mail server" />
          </dl>
          {!summary.smtpConfigured && (
            <SmtpWarning>Set <code className="font-mono">SMTP_URL</code> (smtp:// or smtps://) and restart Trustgate: everything waiting here is delivered then, oldest first. Nothing is lost meanwhile.</SmtpWarning>
          )}
        </>
      )}
      <div role="group" aria-label="State" className="inline-flex rounded-md bg-white p-0.5 shadow-sm ring-1 ring-inset ring-slate-300">
        {filters.map(([value, label]) => (
          <button
            key={label} type="button" aria-pressed={state === value} onClick={() => setState(value)}
            className={`rounded px-3 py-1.5 text-sm font-medium ${state === value ? 'bg-slate-900 text-white' : 'text-slate-700 hover:bg-slate-100'}`}
          >
            {label}
          </button>
        ))}
      </div>
      <ErrorNote message={list.error?.message} onRetry={() => list.refetch()} />
      {list.isPending ? <Skeleton rows={6} /> : list.isError && !items.length ? null : items.length === 0 ? (
        <Empty title={state ? `No ${state} messages` : 'No mail yet'}>Invitations, approvals, rejections, revocations and expiry reminders are written here first, then delivered.</Empty>
      ) : (
        <OutboxTable items={items} selected={selected} smtpConfigured={summary?.smtpConfigured ?? true} onSelect={setSelected} />
      )}
      {list.hasNextPage && <Button variant="secondary" busy={list.isFetchingNextPage} onClick={() => list.fetchNextPage()}>Load more</Button>}
      {selected && <MailPreview key={selected} id={selected} smtpConfigured={summary?.smtpConfigured ?? true} onClose={() => setSelected(null)} />}
    </div>
  );
}
