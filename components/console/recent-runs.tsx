'use client';

import type { UseQueryResult } from '@tanstack/react-query';
import { timeAgo } from '../format';
import { ErrorNote } from '../ui/field';
import { Badge, Card } from '../ui/misc';
import type { Run } from './types';

export function RecentRuns({ runs, onOpen }: { runs: UseQueryResult<{ items: Run[] }>; onOpen: (id: string) => void }) {
  return (
    <Card title="Recent runs">
      {runs.isError ? (
        <ErrorNote message={runs.error.message} onRetry={() => void runs.refetch()} />
      ) : runs.data?.items.length ? (
        <ul className="divide-y divide-slate-100 text-sm" aria-label="Recent runs">
          {runs.data.items.map((r) => (
            <li key={r.id}>
              <button type="button" onClick={() => onOpen(r.id)} className="flex w-full items-center justify-between gap-3 rounded py-2 text-left hover:bg-slate-50 focus-visible:outline-2 focus-visible:outline-indigo-600">
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
  );
}
