'use client';

import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { apiGet, apiPost } from '../api';
import type { Csr } from '../types';
import { Button } from '../ui/button';
import { ErrorNote } from '../ui/field';
import { Empty, Skeleton } from '../ui/misc';
import { QueueRow } from './queue-row';

const BULK_IN_FLIGHT = 4;

export function ApprovalQueue() {
  const client = useQueryClient();
  const queue = useQuery({ queryKey: ['queue'], queryFn: () => apiGet<{ items: Csr[]; nextCursor: string | null }>('/api/v1/csrs?status=pending&limit=500'), refetchInterval: 15_000 });
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [busy, setBusy] = useState<Set<string>>(new Set());
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [days, setDays] = useState<Record<string, string>>({});
  // Each row's typed validity, also when approved with the selection (empty: the default).
  const approveBody = (id: string) => (days[id] ? { validityDays: Number(days[id]) } : {});
  const [progress, setProgress] = useState<{ done: number; total: number } | null>(null);

  const act = async (id: string, path: string, body: unknown) => {
    setBusy((b) => new Set(b).add(id));
    try {
      await apiPost(`/api/v1/csrs/${id}/${path}`, body);
      setSelected((s) => { const n = new Set(s); n.delete(id); return n; });
      setErrors(({ [id]: _, ...rest }) => rest);
    } catch (error) {
      setErrors((e) => ({ ...e, [id]: (error as Error).message }));
    } finally {
      setBusy((b) => { const n = new Set(b); n.delete(id); return n; });
    }
  };
  const refresh = () => Promise.all([client.invalidateQueries({ queryKey: ['queue'] }), client.invalidateQueries({ queryKey: ['me'] })]);
  // Four approvals in flight: the server commits the ones that arrive together in one statement
  // (group commit), so a long selection finishes several times sooner than one by one.
  const approveSelected = async () => {
    const ids = [...selected];
    let done = 0;
    setProgress({ done, total: ids.length });
    const next = ids.values();
    await Promise.all(Array.from({ length: Math.min(BULK_IN_FLIGHT, ids.length) }, async () => {
      for (const id of next) {
        await act(id, 'approve', approveBody(id));
        done += 1;
        setProgress({ done, total: ids.length });
      }
    }));
    await refresh();
    setProgress(null);
  };

  if (queue.isPending) return <Skeleton rows={4} />;
  if (!queue.data) return <ErrorNote message={queue.error?.message ?? 'The queue did not load.'} onRetry={() => queue.refetch()} />;
  const items = queue.data.items;
  if (!items.length) return <Empty title="Nothing waiting">New certificate requests from every organization appear here, oldest first.</Empty>;
  const allSelected = selected.size === items.length;

  return (
    <div className="rounded-lg border border-slate-200 bg-white shadow-sm">
      {/* A failed refresh keeps the last list on screen, said to be stale. */}
      {queue.error && <div className="p-3"><ErrorNote message={`Not refreshed: ${queue.error.message}`} onRetry={() => queue.refetch()} /></div>}
      <div className="flex items-center justify-between gap-4 border-b border-slate-100 px-4 py-3">
        <label className="flex items-center gap-2 text-sm text-slate-700">
          <input type="checkbox" className="size-4 rounded border-slate-300" checked={allSelected} onChange={(e) => setSelected(e.target.checked ? new Set(items.map((c) => c.id)) : new Set())} />
          {selected.size ? `${selected.size} selected` : `${items.length}${queue.data.nextCursor ? '+' : ''} waiting`}
        </label>
        <div className="flex items-center gap-3">
          {progress && <span className="text-sm text-slate-600" role="status">Approving {progress.done} / {progress.total}…</span>}
          <Button disabled={!selected.size} busy={Boolean(progress)} onClick={approveSelected}>Approve selected</Button>
        </div>
      </div>
      <ul className="divide-y divide-slate-100">
        {items.map((csr) => (
          <QueueRow
            key={csr.id} csr={csr} selected={selected.has(csr.id)} busy={busy.has(csr.id)} error={errors[csr.id]}
            onSelect={(on) => setSelected((s) => { const n = new Set(s); if (on) n.add(csr.id); else n.delete(csr.id); return n; })}
            days={days[csr.id] ?? ''} onDays={(d) => setDays((all) => ({ ...all, [csr.id]: d }))}
            onApprove={async () => { await act(csr.id, 'approve', approveBody(csr.id)); await refresh(); }}
            onReject={async (reason) => { await act(csr.id, 'reject', { reason }); await refresh(); }}
          />
        ))}
      </ul>
      {queue.data.nextCursor && (
        <p className="border-t border-slate-100 px-4 py-3 text-sm text-slate-600">
          These are the oldest {items.length}; more are waiting and appear here as these are reviewed.
        </p>
      )}
    </div>
  );
}
