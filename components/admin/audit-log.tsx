'use client';

import Link from 'next/link';
import { useInfiniteQuery, useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { apiGet } from '../api';
import { formatDateTime, plural, shortId } from '../format';
import type { AuditEntry } from '../types';
import { Button, buttonClass } from '../ui/button';
import { ErrorNote, Input } from '../ui/field';
import { Badge, Empty, Skeleton } from '../ui/misc';
import { useHydrated } from '../use-hydrated';
import { useUrlFilters, type FilterCodec } from '../use-url-filters';

type Page = { items: AuditEntry[]; nextBefore: string | null };
/** `since` and `until` are RFC 3339 times in UTC; the boxes show and take the browser's local time. */
type Filters = { action: string; orgId: string; actor: string; since: string; until: string; objectId: string };

// The API's own parameter names (?action=&orgId=&actor=&since=&until=&objectId=), so the page URL and the export links read alike.
const TYPED_KEYS = ['action', 'orgId', 'actor'] as const;
const ALL_KEYS = [...TYPED_KEYS, 'since', 'until', 'objectId'] as const;
const codec: FilterCodec<Filters> = {
  read: (params) => Object.fromEntries(ALL_KEYS.map((k) => [k, params.get(k) ?? ''])) as Filters,
  write: (f) => new URLSearchParams(ALL_KEYS.filter((k) => f[k]).map((k) => [k, f[k]])),
};

/** An RFC 3339 time as a datetime-local box shows it (local time, to the minute), and back. */
function toLocalInput(iso: string): string {
  const at = new Date(iso);
  return Number.isNaN(at.getTime()) ? '' : new Date(at.getTime() - at.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
}
const fromLocalInput = (local: string) => (local ? new Date(local).toISOString() : '');

export function AuditLog() {
  const { filters, update, typed, setTyped, clear } = useUrlFilters(codec, TYPED_KEYS);
  const filtered = ALL_KEYS.some((k) => filters[k]);
  const hydrated = useHydrated();
  const [open, setOpen] = useState<string | null>(null);
  const params = codec.write(filters);
  const log = useInfiniteQuery({
    queryKey: ['audit', params.toString()],
    queryFn: ({ pageParam }) => apiGet<Page>(`/api/v1/audit?limit=50&${params}${pageParam ? `&before=${pageParam}` : ''}`),
    initialPageParam: '',
    getNextPageParam: (last) => last.nextBefore,
  });
  const verify = useMutation({ mutationFn: () => apiGet<{ ok: boolean; entries: number; brokenAt: string | null; head: string }>('/api/v1/audit/verify') });
  const items = log.data?.pages.flatMap((p) => p.items) ?? [];

  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center gap-3">
        <div className="w-full sm:w-44"><Input aria-label="Action prefix" placeholder="Action, e.g. csr." value={typed.action} onChange={(e) => setTyped({ action: e.target.value })} /></div>
        <div className="w-full sm:w-44"><Input aria-label="Organization ID" placeholder="Organization ID" value={typed.orgId} onChange={(e) => setTyped({ orgId: e.target.value })} /></div>
        <div className="w-full sm:w-52"><Input aria-label="Actor e-mail" placeholder="Actor e-mail" value={typed.actor} onChange={(e) => setTyped({ actor: e.target.value })} /></div>
        {filters.objectId && (
          <span className="inline-flex items-center gap-1 rounded-full bg-indigo-50 py-1 pl-3 pr-1 text-sm text-indigo-900 ring-1 ring-inset ring-indigo-200">
            Objects <span className="font-mono text-xs">{filters.objectId.split(',').map(shortId).join(', ')}</span>
            <button type="button" aria-label="Show every object" className="rounded-full px-1.5 text-indigo-700 hover:bg-indigo-100 focus-visible:outline-2 focus-visible:outline-indigo-600" onClick={() => update({ objectId: '' })}>×</button>
          </span>
        )}
        <div className="flex flex-wrap items-center gap-3 whitespace-nowrap sm:ml-auto">
          {verify.data && (verify.data.ok
            ? <span title={`Last hash ${verify.data.head}`}><Badge tone="green">chain intact · {plural(verify.data.entries, 'entry', 'entries')}</Badge></span>
            : <Badge tone="red">chain broken at #{verify.data.brokenAt}</Badge>)}
          <Button variant="secondary" busy={verify.isPending} onClick={() => verify.mutate()}>Verify chain</Button>
        </div>
      </div>
      <div className="flex flex-wrap items-center gap-3">
        <TimeBox label="From" hint="entries at or after this time" value={hydrated ? filters.since : ''} onChange={(since) => update({ since })} />
        <TimeBox label="Before" hint="entries before this time" value={hydrated ? filters.until : ''} onChange={(until) => update({ until })} />
        {filtered && <button type="button" className="rounded text-sm font-medium text-slate-600 underline-offset-2 hover:underline focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600" onClick={clear}>Clear filters</button>}
        <div role="group" aria-label="Export the matching entries" className="flex flex-wrap gap-2 sm:ml-auto">
          <a className={buttonClass('secondary')} href={`/api/v1/audit/export?format=jsonl&${params}`} download>Export JSON Lines</a>
          <a className={buttonClass('secondary')} href={`/api/v1/audit/export?format=csv&${params}`} download>Export CSV</a>
        </div>
      </div>
      <p className="text-xs text-slate-500">
        Times are your browser&apos;s{hydrated && ` (${zoneName()})`}. Exports hold every entry matching the filters, oldest first, with both hashes. Check a
        JSON Lines export filtered by time alone (or not at all) offline with <code className="font-mono">npm run cli -- audit verify --file &lt;file&gt;</code>:
        it is one unbroken stretch of the chain. Compare the last hash of an export up to now with the one “Verify chain” shows.
      </p>
      <ErrorNote message={verify.error?.message} />
      <ErrorNote message={log.error?.message} onRetry={() => log.refetch()} />
      {log.isPending ? <Skeleton rows={8} /> : log.isError && !items.length ? null : !items.length ? <Empty title="No entries match" /> : (
        <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white shadow-sm">
          <table className="min-w-full divide-y divide-slate-200 text-sm">
            <thead className="bg-slate-50 text-left text-xs font-semibold uppercase tracking-wide text-slate-500">
              <tr><th className="px-4 py-3">#</th><th className="px-4 py-3">Time</th><th className="px-4 py-3">Action</th><th className="px-4 py-3">Actor</th><th className="px-4 py-3">Organization</th><th className="px-4 py-3">Address</th><th className="px-4 py-3">Object</th></tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {items.map((e) => (
                <FragmentRow key={e.seq} entry={e} open={open === e.seq} onToggle={() => setOpen(open === e.seq ? null : e.seq)} />
              ))}
            </tbody>
          </table>
        </div>
      )}
      {log.hasNextPage && <Button variant="secondary" busy={log.isFetchingNextPage} onClick={() => log.fetchNextPage()}>Older entries</Button>}
    </div>
  );
}

const zoneName = () => new Intl.DateTimeFormat('en-GB', { timeZoneName: 'short' }).formatToParts(new Date()).find((p) => p.type === 'timeZoneName')?.value ?? 'local time';

function TimeBox({ label, hint, value, onChange }: { label: string; hint: string; value: string; onChange: (iso: string) => void }) {
  return (
    <label className="flex w-full items-center gap-2 text-sm text-slate-600 sm:w-auto" title={hint}>
      <span className="w-14 shrink-0 sm:w-auto">{label}</span>
      <Input type="datetime-local" aria-label={`${label}: ${hint}`} value={toLocalInput(value)} onChange={(e) => onChange(fromLocalInput(e.target.value))} />
    </label>
  );
}

// The objects that have a page of their own, so an entry leads to what it is about.
const OBJECT_PAGES: Record<string, (id: string) => string> = {
  certificate: (id) => `/certificates/${id}`,
  csr: (id) => `/csrs/${id}`,
  organization: (id) => `/admin/orgs/${id}`,
};

function ObjectLink({ type, id }: { type: string | null; id: string }) {
  const page = type ? OBJECT_PAGES[type] : undefined;
  if (!page) return <span className="font-mono" title={id}>{shortId(id)}</span>;
  // The row opens its details on a click; the link only navigates.
  return <Link className="font-mono text-indigo-700 hover:underline" title={id} href={page(encodeURIComponent(id))} onClick={(ev) => ev.stopPropagation()}>{shortId(id)}</Link>;
}

function FragmentRow({ entry: e, open, onToggle }: { entry: AuditEntry; open: boolean; onToggle: () => void }) {
  return (
    <>
      <tr className="cursor-pointer hover:bg-slate-50" onClick={onToggle}>
        <td className="px-4 py-2.5 tabular-nums text-slate-500">
          <button type="button" aria-expanded={open} className="hover:underline" onClick={(ev) => { ev.stopPropagation(); onToggle(); }}>{e.seq}</button>
        </td>
        <td className="whitespace-nowrap px-4 py-2.5 text-slate-600">{formatDateTime(e.at)}</td>
        <td className="px-4 py-2.5"><Badge tone={e.action.includes('failed') || e.action.includes('revoke') ? 'red' : 'slate'}>{e.action}</Badge></td>
        <td className="px-4 py-2.5">{e.actorEmail ?? 'system'}</td>
        <td className="px-4 py-2.5 font-mono text-xs">{e.orgId ? <ObjectLink type="organization" id={e.orgId} /> : '—'}</td>
        <td className="px-4 py-2.5 font-mono text-xs text-slate-500">{e.address ?? '—'}</td>
        <td className="px-4 py-2.5 text-xs text-slate-600">{e.objectType} {e.objectId && <ObjectLink type={e.objectType} id={e.objectId} />}</td>
      </tr>
      {open && (
        <tr className="bg-slate-50">
          <td colSpan={7} className="px-4 py-3">
            <pre className="overflow-x-auto whitespace-pre-wrap break-all font-mono text-xs text-slate-700">{JSON.stringify({ details: e.details, objectId: e.objectId, hash: e.hash, prevHash: e.prevHash }, null, 2)}</pre>
          </td>
        </tr>
      )}
    </>
  );
}
