'use client';

import Link from 'next/link';
import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { apiGet, apiPost } from '../api';
import { formatDateTime, shortHash } from '../format';
import type { Csr } from '../types';
import { Button } from '../ui/button';
import { ErrorNote } from '../ui/field';
import { Empty, Skeleton } from '../ui/misc';
import { CsrStatus } from '../ui/status';

export function CsrList() {
  const client = useQueryClient();
  const csrs = useInfiniteQuery({
    queryKey: ['csrs'],
    queryFn: ({ pageParam }) => apiGet<{ items: Csr[]; nextCursor: string | null }>(`/api/v1/csrs?limit=50${pageParam ? `&cursor=${pageParam}` : ''}`),
    initialPageParam: '',
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const cancel = useMutation({
    mutationFn: (id: string) => apiPost(`/api/v1/csrs/${id}/cancel`),
    onSuccess: () => client.invalidateQueries({ queryKey: ['csrs'] }),
  });
  if (csrs.isPending) return <Skeleton rows={5} />;
  if (csrs.error) return <ErrorNote message={csrs.error.message} />;
  const items = csrs.data.pages.flatMap((p) => p.items);
  if (!items.length) return <Empty title="No CSRs yet"><Link className="font-medium text-indigo-600 hover:underline" href="/csrs/new">Upload your first CSR</Link>.</Empty>;
  return (
    <div className="space-y-4">
      <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white shadow-sm">
        <ErrorNote message={cancel.error?.message} />
        <table className="min-w-full divide-y divide-slate-200 text-sm">
          <thead className="bg-slate-50 text-left text-xs font-semibold uppercase tracking-wide text-slate-500">
            <tr><th className="px-4 py-3">Submitted</th><th className="px-4 py-3">Key</th><th className="px-4 py-3">Public key SHA-256</th><th className="px-4 py-3">By</th><th className="px-4 py-3">Status</th><th className="px-4 py-3" /></tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {items.map((c) => (
              <tr key={c.id} className="hover:bg-slate-50">
                <td className="px-4 py-3"><Link className="text-indigo-700 hover:underline" href={`/csrs/${c.id}`}>{formatDateTime(c.createdAt)}</Link></td>
                <td className="px-4 py-3 text-slate-600">{c.keyAlgorithm}{c.replacesCertificateId && <span className="ml-2 text-xs text-indigo-700">rotation</span>}</td>
                <td className="px-4 py-3 font-mono text-xs text-slate-600">{shortHash(c.publicKeySha256)}</td>
                <td className="px-4 py-3 text-slate-600">{c.submittedBy ?? '—'}</td>
                <td className="px-4 py-3"><CsrStatus status={c.status} />{c.rejectionReason && <p className="mt-1 text-xs text-red-700">{c.rejectionReason}</p>}</td>
                <td className="px-4 py-3 text-right">
                  {c.status === 'pending' && <Button variant="ghost" busy={cancel.isPending && cancel.variables === c.id} onClick={() => cancel.mutate(c.id)}>Cancel</Button>}
                  {c.certificateId && <Link className="text-sm font-medium text-indigo-700 hover:underline" href={`/certificates/${c.certificateId}`}>Certificate →</Link>}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {csrs.hasNextPage && <Button variant="secondary" busy={csrs.isFetchingNextPage} onClick={() => csrs.fetchNextPage()}>Load more</Button>}
    </div>
  );
}
