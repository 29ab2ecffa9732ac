'use client';

import { useUrlFilters, type FilterCodec } from '../use-url-filters';

export type CertificateFilters = { status: string; rotationDue: boolean; orgId: string; q: string };

// ?status=&rotationDue=1&org=&q= (the dashboard links here with the same parameters).
const codec: FilterCodec<CertificateFilters> = {
  read: (params) => ({
    status: params.get('status') ?? '',
    rotationDue: params.get('rotationDue') === '1',
    orgId: params.get('org') ?? '',
    q: params.get('q') ?? '',
  }),
  write: (f) => {
    const params = new URLSearchParams();
    if (f.status) params.set('status', f.status);
    if (f.rotationDue) params.set('rotationDue', '1');
    if (f.orgId) params.set('org', f.orgId);
    if (f.q) params.set('q', f.q);
    return params;
  },
};

export const hasFilters = (f: CertificateFilters) => Boolean(f.status || f.rotationDue || f.orgId || f.q);

/** The applied filters (from the URL), and the search text as typed, applied once typing pauses. */
export function useCertificateFilters() {
  const { filters, update, typed, setTyped, clear } = useUrlFilters(codec, ['q'] as const);
  return {
    filters,
    update,
    search: typed.q,
    setSearch: (q: string) => setTyped({ q }),
    clear: () => {
      clear();
      // The button that was clicked disappears with the empty state; focus goes where filtering starts again.
      document.getElementById('certificate-search')?.focus();
    },
  };
}
