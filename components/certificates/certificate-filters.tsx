'use client';

import type { Org } from '../types';
import { Input, Select } from '../ui/field';
import type { CertificateFilters as Filters } from './use-certificate-filters';

type Props = {
  filters: Filters;
  search: string;
  onSearch: (text: string) => void;
  onChange: (patch: Partial<Filters>) => void;
  /** Operators only: the organization filter. */
  orgs?: Org[];
};

export function CertificateFilters({ filters, search, onSearch, onChange, orgs }: Props) {
  return (
    <div className="flex flex-wrap items-center gap-3" role="search">
      <div className="w-full sm:w-72">
        <Input id="certificate-search" type="search" aria-label="Search serial, fingerprint or subject" placeholder="Search serial, fingerprint, subject…" value={search} onChange={(e) => onSearch(e.target.value)} />
      </div>
      <div className="w-40">
        <Select aria-label="Status" value={filters.status} onChange={(e) => onChange({ status: e.target.value })}>
          <option value="">All statuses</option>
          <option value="active">Active</option>
          <option value="expired">Expired</option>
          <option value="revoked">Revoked</option>
        </Select>
      </div>
      {orgs && (
        <div className="w-52">
          <Select aria-label="Organization" value={filters.orgId} onChange={(e) => onChange({ orgId: e.target.value })}>
            <option value="">All organizations</option>
            {orgs.map((o) => <option key={o.id} value={o.id}>{o.name}</option>)}
          </Select>
        </div>
      )}
      <label className="flex items-center gap-2 text-sm text-slate-700">
        <input type="checkbox" className="size-4 rounded border-slate-300 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600" checked={filters.rotationDue} onChange={(e) => onChange({ rotationDue: e.target.checked })} />
        Rotation due
      </label>
    </div>
  );
}
