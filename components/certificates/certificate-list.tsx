'use client';

import Link from 'next/link';
import { keepPreviousData, useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { apiGet } from '../api';
import { formatDate, shortHash } from '../format';
import type { Certificate, Org } from '../types';
import { Button } from '../ui/button';
import { ErrorNote } from '../ui/field';
import { Empty, Skeleton } from '../ui/misc';
import { CertificateStatus } from '../ui/status';
import { CertificateCards } from './certificate-cards';
import { CertificateFilters } from './certificate-filters';
import { hasFilters, useCertificateFilters, type CertificateFilters as Filters } from './use-certificate-filters';

type Page = { items: Certificate[]; nextCursor: string | null };

function apiQuery(f: Filters, operator: boolean): string {
  const params = new URLSearchParams({ limit: '25' });
  if (f.status) params.set('status', f.status);
  if (f.rotationDue) params.set('rotationDue', 'true');
  if (f.q) params.set('q', f.q);
  if (operator && f.orgId) params.set('orgId', f.orgId);
  return params.toString();
}

function CertificateTable({ items, operator }: { items: Certificate[]; operator: boolean }) {
  return (
    <div className="hidden overflow-x-auto rounded-lg border border-slate-200 bg-white shadow-sm sm:block">
      <table className="min-w-full divide-y divide-slate-200 text-sm">
        <thead className="bg-slate-50 text-left text-xs font-semibold uppercase tracking-wide text-slate-500">
          <tr><th className="px-4 py-3">Serial</th>{operator && <th className="px-4 py-3">Organization</th>}<th className="px-4 py-3">Key</th><th className="px-4 py-3">Status</th><th className="px-4 py-3">Expires</th><th className="px-4 py-3 text-right">Days left</th></tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {items.map((c) => (
            <tr key={c.id} className="hover:bg-slate-50">
              <td className="px-4 py-3 font-mono text-xs"><Link className="text-indigo-700 hover:underline" href={`/certificates/${c.id}`}>{shortHash(c.serialNumber, 10)}</Link></td>
              {operator && <td className="px-4 py-3">{c.orgId}</td>}
              <td className="whitespace-nowrap px-4 py-3 text-slate-600">{c.keyAlgorithm}</td>
              <td className="px-4 py-3"><CertificateStatus status={c.status} rotationDue={c.rotationDue} replaced={Boolean(c.replacedById)} /></td>
              <td className="whitespace-nowrap px-4 py-3 text-slate-600">{formatDate(c.notAfter)}</td>
              <td className={`px-4 py-3 text-right tabular-nums ${c.status === 'active' && c.daysUntilExpiry <= 30 ? 'font-semibold text-amber-700' : 'text-slate-600'}`}>{c.status === 'active' ? (c.daysUntilExpiry < 1 ? '< 1' : c.daysUntilExpiry) : '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function CertificateList({ operator }: { operator: boolean }) {
  const { filters, update, search, setSearch, clear } = useCertificateFilters();
  const query = apiQuery(filters, operator);
  const list = useInfiniteQuery({
    queryKey: ['certificates', query],
    // Keyset pages: the cursor continues the same filtered query.
    queryFn: ({ pageParam }) => apiGet<Page>(`/api/v1/certificates?${query}${pageParam ? `&cursor=${encodeURIComponent(pageParam)}` : ''}`),
    initialPageParam: '',
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    // The old list stays while a new filter loads, rather than flashing a skeleton.
    placeholderData: keepPreviousData,
  });
  const orgs = useQuery({ queryKey: ['orgs'], queryFn: () => apiGet<{ items: Org[] }>('/api/v1/orgs'), enabled: operator });
  const items = list.data?.pages.flatMap((p) => p.items) ?? [];
  const filtered = hasFilters({ ...filters, orgId: operator ? filters.orgId : '' });

  let body;
  if (list.isPending) body = <Skeleton rows={6} />;
  else if (list.isError && !list.isFetchingNextPage && !items.length) body = <ErrorNote message={list.error.message} onRetry={() => void list.refetch()} />;
  else if (!items.length && filtered) {
    body = (
      <Empty title="No certificate matches these filters">
        <Button variant="secondary" onClick={clear}>Clear filters</Button>
      </Empty>
    );
  } else if (!items.length) {
    body = (
      <Empty title="No certificates here yet">
        {operator ? 'Approve a CSR in the queue and its certificate appears here.' : <>Create a key and a CSR, then <Link className="font-medium text-indigo-600 hover:underline" href="/csrs/new">upload it</Link>.</>}
      </Empty>
    );
  } else body = <><CertificateTable items={items} operator={operator} /><CertificateCards items={items} operator={operator} /></>;

  return (
    <div className="space-y-4">
      <CertificateFilters filters={filters} search={search} onSearch={setSearch} onChange={update} orgs={operator ? orgs.data?.items ?? [] : undefined} />
      <div aria-busy={list.isPlaceholderData} className={list.isPlaceholderData ? 'opacity-60 transition-opacity' : ''}>{body}</div>
      {items.length > 0 && list.isError && <ErrorNote message={list.error.message} onRetry={() => void (list.isFetchNextPageError ? list.fetchNextPage() : list.refetch())} />}
      {list.hasNextPage && !list.isPlaceholderData && <Button variant="secondary" busy={list.isFetchingNextPage} onClick={() => list.fetchNextPage()}>Load more</Button>}
    </div>
  );
}
