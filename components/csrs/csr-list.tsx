'use client';

import Link from 'next/link';
import { useInfiniteQuery } from '@tanstack/react-query';
import { apiGet } from '../api';
import { formatDateTime, shortHash } from '../format';
import type { Csr } from '../types';
import { Button } from '../ui/button';
import { ErrorNote } from '../ui/field';
import { Empty, Skeleton } from '../ui/misc';
import { CsrStatus } from '../ui/status';
import { CancelCsr } from './cancel-csr';

const link = 'text-indigo-700 hover:underline focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600';

function Actions({ c }: { c: Csr }) {
  if (c.status === 'pending') return <CancelCsr id={c.id} label="Cancel" />;
  if (c.certificateId) return <Link className={`text-sm font-medium ${link}`} href={`/certificates/${c.certificateId}`}>Certificate →</Link>;
  return null;
}

const Key = ({ c }: { c: Csr }) => <>{c.keyAlgorithm}{c.replacesCertificateId && <span className="ml-2 text-xs text-indigo-700">rotation</span>}</>;
const Status = ({ c }: { c: Csr }) => <><CsrStatus status={c.status} />{c.rejectionReason && <p className="mt-1 text-xs text-red-700">{c.rejectionReason}</p>}</>;

function CsrTable({ items }: { items: Csr[] }) {
  return (
    <div className="hidden overflow-x-auto rounded-lg border border-slate-200 bg-white shadow-sm sm:block">
      <table className="min-w-full divide-y divide-slate-200 text-sm">
        <thead className="bg-slate-50 text-left text-xs font-semibold uppercase tracking-wide text-slate-500">
          <tr><th className="px-4 py-3">Submitted</th><th className="px-4 py-3">Subject</th><th className="px-4 py-3">Key</th><th className="px-4 py-3">Public key SHA-256</th><th className="px-4 py-3">By</th><th className="px-4 py-3">Status</th><th className="px-4 py-3"><span className="sr-only">Actions</span></th></tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {items.map((c) => (
            <tr key={c.id} className="align-top hover:bg-slate-50">
              <td className="whitespace-nowrap px-4 py-3"><Link className={link} href={`/csrs/${c.id}`}>{formatDateTime(c.createdAt)}</Link></td>
              <td className="px-4 py-3 font-mono text-xs text-slate-700">{c.subject}</td>
              <td className="whitespace-nowrap px-4 py-3 text-slate-600"><Key c={c} /></td>
              <td className="px-4 py-3 font-mono text-xs text-slate-600">{shortHash(c.publicKeySha256)}</td>
              <td className="px-4 py-3 text-slate-600">{c.submittedBy ?? '—'}</td>
              <td className="px-4 py-3"><Status c={c} /></td>
              <td className="px-4 py-3 text-right"><Actions c={c} /></td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

// Below sm a seven-column table only scrolls sideways; each CSR becomes a card instead.
function CsrCards({ items }: { items: Csr[] }) {
  return (
    <ul className="space-y-3 sm:hidden" aria-label="Certificate requests">
      {items.map((c) => (
        <li key={c.id} className="rounded-lg border border-slate-200 bg-white p-4 text-sm shadow-sm">
          <div className="flex items-start justify-between gap-3">
            <Link className={`min-w-0 break-all font-mono text-xs font-medium ${link}`} href={`/csrs/${c.id}`}>{c.subject}</Link>
            <span className="shrink-0"><CsrStatus status={c.status} /></span>
          </div>
          {c.rejectionReason && <p className="mt-1 text-xs text-red-700">{c.rejectionReason}</p>}
          <dl className="mt-3 grid grid-cols-[5.5rem_1fr] gap-x-3 gap-y-1 text-slate-600">
            <dt className="text-slate-500">Submitted</dt><dd>{formatDateTime(c.createdAt)}</dd>
            <dt className="text-slate-500">Key</dt><dd><Key c={c} /></dd>
          </dl>
          <div className="mt-3 empty:hidden"><Actions c={c} /></div>
        </li>
      ))}
    </ul>
  );
}

export function CsrList() {
  const csrs = useInfiniteQuery({
    queryKey: ['csrs'],
    queryFn: ({ pageParam }) => apiGet<{ items: Csr[]; nextCursor: string | null }>(`/api/v1/csrs?limit=50${pageParam ? `&cursor=${pageParam}` : ''}`),
    initialPageParam: '',
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  if (csrs.isPending) return <Skeleton rows={5} />;
  if (csrs.error) return <ErrorNote message={csrs.error.message} onRetry={() => void csrs.refetch()} />;
  const items = csrs.data.pages.flatMap((p) => p.items);
  if (!items.length) return <Empty title="No CSRs yet"><Link className="font-medium text-indigo-600 hover:underline" href="/csrs/new">Upload your first CSR</Link>.</Empty>;
  return (
    <div className="space-y-4">
      <CsrTable items={items} />
      <CsrCards items={items} />
      {csrs.hasNextPage && <Button variant="secondary" busy={csrs.isFetchingNextPage} onClick={() => csrs.fetchNextPage()}>Load more</Button>}
    </div>
  );
}
