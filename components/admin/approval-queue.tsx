'use client';

import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { apiGet } from '../api';
import type { Csr, PendingCounts } from '../types';
import { useUrlFilters, type FilterCodec } from '../use-url-filters';
import { Button } from '../ui/button';
import { ErrorNote, Select } from '../ui/field';
import { Empty, Skeleton } from '../ui/misc';
import { useSingleFlight } from '../ui/use-action';
import { QueueRow } from './queue-row';
import { approveBody, postReview, validityProblem, type Outcome } from './review-controls';

const BULK_IN_FLIGHT = 4;

// ?org=, as on the certificate list: an organization's page links here with it.
const orgFilter: FilterCodec<{ orgId: string }> = {
  read: (params) => ({ orgId: params.get('org') ?? '' }),
  write: (f) => new URLSearchParams(f.orgId ? { org: f.orgId } : {}),
};

const without = (set: Set<string>, ids: Iterable<string>) => { const n = new Set(set); for (const id of ids) n.delete(id); return n; };

/** `defaultDays`: the deployment's validity (CERT_VALIDITY_DAYS), used when a row's days box is empty. */
export function ApprovalQueue({ defaultDays }: { defaultDays: number }) {
  const client = useQueryClient();
  const { filters: { orgId }, update } = useUrlFilters(orgFilter, []);
  const query = new URLSearchParams({ status: 'pending', limit: '500', ...(orgId ? { orgId } : {}) });
  const queue = useQuery({ queryKey: ['queue', orgId], queryFn: () => apiGet<{ items: Csr[]; nextCursor: string | null }>(`/api/v1/csrs?${query}`), refetchInterval: 15_000 });
  const counts = useQuery({ queryKey: ['queue-counts'], queryFn: () => apiGet<PendingCounts>('/api/v1/csrs/pending-counts'), refetchInterval: 15_000 });
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [busy, setBusy] = useState<Set<string>>(new Set());
  // Reviewed here, until the refreshed list drops them: the row says so and offers nothing more.
  const [outcomes, setOutcomes] = useState<Record<string, Outcome>>({});
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [days, setDays] = useState<Record<string, string>>({});
  // Each row's typed validity, also when approved with the selection (empty: the default).
  const approvalOf = (id: string) => approveBody(days[id] ?? '');
  const [progress, setProgress] = useState<{ done: number; total: number } | null>(null);
  const inFlight = useRef(new Set<string>());
  const names = useRef(new Map<string, string>());
  const once = useSingleFlight();

  /** One review; false if it failed (the row shows why) or that row already had one in flight. */
  const act = async (id: string, outcome: Outcome, body: unknown): Promise<boolean> => {
    if (inFlight.current.has(id)) return false;
    inFlight.current.add(id);
    setBusy((b) => new Set(b).add(id));
    try {
      await postReview(id, outcome, body);
      setOutcomes((o) => ({ ...o, [id]: outcome }));
      setErrors(({ [id]: _, ...rest }) => rest);
      return true;
    } catch (error) {
      setErrors((e) => ({ ...e, [id]: (error as Error).message }));
      return false;
    } finally {
      inFlight.current.delete(id);
      setBusy((b) => without(b, [id]));
    }
  };
  const refresh = () => Promise.all(['queue', 'queue-counts', 'me'].map((key) => client.invalidateQueries({ queryKey: [key] })));
  const review = async (id: string, outcome: Outcome, body: unknown) => {
    if (!(await act(id, outcome, body))) {
      // The row says why; its controls, disabled while it ran, are back: so is the focus.
      requestAnimationFrame(() => document.getElementById(`days-${id}`)?.focus());
      return;
    }
    setSelected((s) => without(s, [id]));
    await refresh();
    // The reviewed row's controls are gone, and the keyboard focus with them: on to the next
    // request's days box (oldest first, as the queue is read), or the page once none is left.
    requestAnimationFrame(() => (document.querySelector<HTMLElement>('[data-queue-days]:not(:disabled)') ?? document.getElementById('main'))?.focus());
  };
  // Four approvals in flight: the server commits the ones that arrive together in one statement
  // (group commit), so a long selection finishes several times sooner than one by one. The
  // selection stays as it was until the end, so the count and the progress agree.
  const approveSelected = () => once(async () => {
    const ids = [...selected];
    const approved: string[] = [];
    setProgress({ done: 0, total: ids.length });
    const next = ids.values();
    await Promise.all(Array.from({ length: Math.min(BULK_IN_FLIGHT, ids.length) }, async () => {
      for (const id of next) {
        if (await act(id, 'approved', approvalOf(id))) approved.push(id);
        setProgress((p) => p && { ...p, done: p.done + 1 });
      }
    }));
    setSelected((s) => without(s, approved));
    setProgress(null);
    await refresh();
  });

  // Another organization's rows leave the list: so does their selection, which nothing would show.
  const chooseOrg = (id: string) => { setSelected(new Set()); update({ orgId: id }); };
  const chosen = counts.data?.items.find((o) => o.orgId === orgId);
  // The counts name only organizations with a CSR waiting: a name seen here stays known once the
  // last of its CSRs is reviewed; one never seen (a link to an empty part of the queue) is read once.
  for (const o of counts.data?.items ?? []) names.current.set(o.orgId, o.orgName);
  const known = names.current.get(orgId);
  const named = useQuery({
    queryKey: ['org', orgId], queryFn: () => apiGet<{ name: string }>(`/api/v1/orgs/${encodeURIComponent(orgId)}`),
    enabled: Boolean(orgId && counts.data && !known), retry: false,
  });
  const orgName = known ?? named.data?.name ?? orgId;
  const elsewhere = counts.data ? counts.data.total - (chosen?.pending ?? 0) : 0;
  const filter = <OrgFilter counts={counts.data} orgId={orgId} orgName={orgName} onChange={chooseOrg} />;
  if (queue.isPending) return <>{filter}<Skeleton rows={4} /></>;
  if (!queue.data) return <>{filter}<ErrorNote message={queue.error?.message ?? 'The queue did not load.'} onRetry={() => queue.refetch()} /></>;
  const items = queue.data.items;
  if (!items.length && orgId) return (
    <>
      {filter}
      <Empty title={`Nothing waiting from ${orgName}`}>
        <button type="button" className="font-medium text-indigo-700 hover:underline" onClick={() => chooseOrg('')}>
          Show every organization{elsewhere ? ` (${elsewhere} waiting)` : ''}
        </button>
      </Empty>
    </>
  );
  if (!items.length) return <Empty title="Nothing waiting">New certificate requests from every organization appear here, oldest first.</Empty>;
  const open = items.filter((c) => !outcomes[c.id]);
  const allSelected = open.length > 0 && open.every((c) => selected.has(c.id));
  const invalid = [...selected].filter((id) => validityProblem(days[id] ?? '')).length;
  const inBulk = (id: string) => Boolean(progress) && selected.has(id);

  return (
    <>
      {filter}
      <div className="rounded-lg border border-slate-200 bg-white shadow-sm">
        {/* A failed refresh keeps the last list on screen, said to be stale. */}
        {queue.error && <div className="p-3"><ErrorNote message={`Not refreshed: ${queue.error.message}`} onRetry={() => queue.refetch()} /></div>}
        <div className="flex flex-wrap items-center justify-between gap-x-4 gap-y-2 border-b border-slate-100 px-4 py-3">
          <label className="flex items-center gap-2 text-sm text-slate-700">
            <input type="checkbox" className="size-4 rounded border-slate-300" checked={allSelected} disabled={Boolean(progress) || !open.length} onChange={(e) => setSelected(e.target.checked ? new Set(open.map((c) => c.id)) : new Set())} />
            {selected.size ? `${selected.size} selected` : `${open.length}${queue.data.nextCursor ? '+' : ''} waiting`}
          </label>
          <div className="flex flex-wrap items-center gap-3">
            <span className="text-sm text-slate-600" role="status">
              {progress ? `Approving ${progress.done} of ${progress.total}…` : invalid ? `Fix the validity of ${invalid} selected row${invalid > 1 ? 's' : ''} first.` : ''}
            </span>
            <Button disabled={!selected.size || invalid > 0} busy={Boolean(progress)} onClick={() => void approveSelected()}>Approve selected</Button>
          </div>
        </div>
        <ul className="divide-y divide-slate-100">
          {items.map((csr) => (
            <QueueRow
              key={csr.id} csr={csr} selected={selected.has(csr.id)} busy={busy.has(csr.id)} locked={inBulk(csr.id)} outcome={outcomes[csr.id]} error={errors[csr.id]}
              onSelect={(on) => setSelected((s) => (on ? new Set(s).add(csr.id) : without(s, [csr.id])))}
              days={days[csr.id] ?? ''} defaultDays={defaultDays} onDays={(d) => setDays((all) => ({ ...all, [csr.id]: d }))}
              onApprove={() => review(csr.id, 'approved', approvalOf(csr.id))}
              onReject={(reason) => review(csr.id, 'rejected', { reason })}
            />
          ))}
        </ul>
        {queue.data.nextCursor && (
          <p className="border-t border-slate-100 px-4 py-3 text-sm text-slate-600">
            These are the oldest {items.length}; more are waiting and appear here as these are reviewed.
          </p>
        )}
      </div>
    </>
  );
}

/** The organizations with requests waiting, and the one chosen also when none of its is left (or before the counts load). */
function OrgFilter({ counts, orgId, orgName, onChange }: { counts?: PendingCounts; orgId: string; orgName: string; onChange: (orgId: string) => void }) {
  const items = counts?.items ?? [];
  return (
    <div className="mb-3 w-full sm:w-72" role="search">
      <Select aria-label="Organization" value={orgId} onChange={(e) => onChange(e.target.value)}>
        <option value="">All organizations{counts ? ` (${counts.total})` : ''}</option>
        {orgId && !items.some((o) => o.orgId === orgId) && <option value={orgId}>{counts ? `${orgName} (0)` : orgName}</option>}
        {items.map((o) => <option key={o.orgId} value={o.orgId}>{o.orgName} ({o.pending})</option>)}
      </Select>
    </div>
  );
}
