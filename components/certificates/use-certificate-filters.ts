'use client';

import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { useEffect, useRef, useState } from 'react';

export type CertificateFilters = { status: string; rotationDue: boolean; orgId: string; q: string };

// The filters live in the URL (?status=&rotationDue=1&org=&q=): a reload or a shared link shows the same list.
const fromUrl = (params: URLSearchParams): CertificateFilters => ({
  status: params.get('status') ?? '',
  rotationDue: params.get('rotationDue') === '1',
  orgId: params.get('org') ?? '',
  q: params.get('q') ?? '',
});

function toUrl(f: CertificateFilters): string {
  const params = new URLSearchParams();
  if (f.status) params.set('status', f.status);
  if (f.rotationDue) params.set('rotationDue', '1');
  if (f.orgId) params.set('org', f.orgId);
  if (f.q) params.set('q', f.q);
  const query = params.toString();
  return query ? `?${query}` : '';
}

export const hasFilters = (f: CertificateFilters) => Boolean(f.status || f.rotationDue || f.orgId || f.q);

const SEARCH_DELAY_MS = 300;

/** The applied filters (from the URL), and the search text as typed, applied once typing pauses. */
export function useCertificateFilters() {
  const router = useRouter();
  const pathname = usePathname();
  const filters = fromUrl(useSearchParams());
  // Replace rather than push: filtering is not a navigation the back button should step through.
  // Read the URL afresh, so a change made while a search was pending is not undone.
  const update = (patch: Partial<CertificateFilters>) =>
    router.replace(`${pathname}${toUrl({ ...fromUrl(new URLSearchParams(window.location.search)), ...patch })}`, { scroll: false });

  const [search, setSearch] = useState(filters.q);
  const applied = useRef(filters.q);
  // q changed from outside (a link, Clear filters): show it in the box.
  useEffect(() => {
    if (filters.q !== applied.current) {
      applied.current = filters.q;
      setSearch(filters.q);
    }
  }, [filters.q]);
  useEffect(() => {
    if (search === applied.current) return;
    const timer = setTimeout(() => {
      applied.current = search;
      update({ q: search });
    }, SEARCH_DELAY_MS);
    return () => clearTimeout(timer);
  }, [search]); // only typing restarts the wait

  const clear = () => {
    applied.current = '';
    setSearch('');
    router.replace(pathname, { scroll: false });
    // The button that was clicked disappears with the empty state; focus goes where filtering starts again.
    document.getElementById('certificate-search')?.focus();
  };
  return { filters, update, search, setSearch, clear };
}
