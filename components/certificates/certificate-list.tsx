'use client';

import Link from 'next/link';
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { apiGet } from '../api';
import { formatDate, shortHash } from '../format';
import type { Certificate, Org } from '../types';
import { Button } from '../ui/button';
import { Input, Select } from '../ui/field';
import { Empty, Skeleton } from '../ui/misc';
import { CertificateStatus } from '../ui/status';
import { ErrorNote } from '../ui/field';

type Page = { items: Certificate[]; nextCursor: string | null };

export function CertificateList({ operator }: { operator: boolean }) {
  const [filters, setFilters] = useState({ status: '', rotationDue: false, q: '', orgId: '' });
  const query = new URLSearchParams({ limit: '25', ...(filters.status && { status: filters.status }), ...(filters.rotationDue && { rotationDue: 'true' }), ...(filters.q && { q: filters.q }), ...(filters.orgId && { orgId: filters.orgId }) });
  const list = useInfiniteQuery({
    queryKey: ['certificates', query.toString()],
    queryFn: ({ pageParam }) => apiGet<Page>(`/api/v1/certificates?${query}${pageParam ? `&cursor=${pageParam}` : ''}`),
    initialPageParam: '',
    getNextPageParam: (last) => last.nextCursor,
  });
  const orgs = useQuery({ queryKey: ['orgs'], queryFn: () => apiGet<{ items: Org[] }>('/api/v1/orgs'), enabled: operator });
  const items = list.data?.pages.flatMap((p) => p.items) ?? [];

  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center gap-3" role="search">
        <div className="w-72"><Input aria-label="Search serial, fingerprint or subject" placeholder="Search serial, fingerprint, subject…" value={filters.q} onChange={(e) => setFilters({ ...filters, q: e.target.value })} /></div>
        <div className="w-40"><Select aria-label="Status" value={filters.status} onChange={(e) => setFilters({ ...filters, status: e.target.value })}>
          <option value="">All statuses</option>
          <option value="active">Active</option>
          <option value="expired">Expired</option>
          <option value="revoked">Revoked</option>
        </Select></div>
        {operator && (
          <div className="w-52"><Select aria-label="Organization" value={filters.orgId} onChange={(e) => setFilters({ ...filters, orgId: e.target.value })}>
            <option value="">All organizations</option>
            {orgs.data?.items.map((o) => <option key={o.id} value={o.id}>{o.name}</option>)}
          </Select></div>
        )}
        <label className="flex items-center gap-2 text-sm text-slate-700">
          <input type="checkbox" className="size-4 rounded border-slate-300" checked={filters.rotationDue} onChange={(e) => setFilters({ ...filters, rotationDue: e.target.checked })} />
          Rotation due
        </label>
      </div>
      <ErrorNote message={list.error?.message} />
      {list.isPending ? <Skeleton rows={6} /> : items.length === 0 ? (
        <Empty title="No certificates here yet">
          {operator ? 'Approve a CSR in the queue and its certificate appears here.' : <>Create a key and a CSR, then <Link className="font-medium text-indigo-600 hover:underline" href="/csrs/new">upload it</Link>.</>}
        </Empty>
      ) : (
        <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white shadow-sm">
          <table className="min-w-full divide-y divide-slate-200 text-sm">
            <thead className="bg-slate-50 text-left text-xs font-semibold uppercase tracking-wide text-slate-500">
              <tr><th className="px-4 py-3">Serial</th>{operator && <th className="px-4 py-3">Organization</th>}<th className="px-4 py-3">Key</th><th className="px-4 py-3">Status</th><th className="px-4 py-3">Expires</th><th className="px-4 py-3 text-right">Days left</th></tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {items.map((c) => (
                <tr key={c.id} className="hover:bg-slate-50">
                  <td className="px-4 py-3 font-mono text-xs"><Link className="text-indigo-700 hover:underline" href={`/certificates/${c.id}`}>{shortHash(c.serialNumber, 10)}</Link></td>
                  {operator && <td className="px-4 py-3">{c.orgId}</td>}
                  <td className="px-4 py-3 text-slate-600">{c.keyAlgorithm}</td>
                  <td className="px-4 py-3"><CertificateStatus status={c.status} rotationDue={c.rotationDue} replaced={Boolean(c.replacedById)} /></td>
                  <td className="px-4 py-3 text-slate-600">{formatDate(c.notAfter)}</td>
                  <td className={`px-4 py-3 text-right tabular-nums ${c.status === 'active' && c.daysUntilExpiry <= 30 ? 'font-semibold text-amber-700' : 'text-slate-600'}`}>{c.status === 'active' ? (c.daysUntilExpiry < 1 ? '< 1' : c.daysUntilExpiry) : '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {list.hasNextPage && <Button variant="secondary" busy={list.isFetchingNextPage} onClick={() => list.fetchNextPage()}>Load more</Button>}
    </div>
  );
}
