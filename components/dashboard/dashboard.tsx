'use client';

import Link from 'next/link';
import { useSearchParams } from 'next/navigation';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { apiGet } from '../api';
import type { Dashboard as DashboardData, Org, Role } from '../types';
import { ErrorNote, Select } from '../ui/field';
import { PageHeader } from '../ui/misc';
import { CertificateCounts } from './certificate-counts';
import { DashboardSkeleton } from './dashboard-skeleton';
import { ExpiryChart } from './expiry-chart';
import { OutboxCard, PendingCsrsCard } from './operator-cards';
import { OrganizationsDue } from './organizations-due';
import { RotationDue } from './rotation-due';

// The operator's choice of organization lives in the URL (?org=), so a reload or a link keeps it.
function selectOrg(orgId: string) {
  window.history.replaceState(null, '', orgId ? `?org=${encodeURIComponent(orgId)}` : window.location.pathname);
}

export function Dashboard({ role, orgName }: { role: Role; orgName: string | null }) {
  const operator = role === 'operator';
  const params = useSearchParams();
  const orgId = operator ? params.get('org') ?? '' : '';
  const dashboard = useQuery({
    queryKey: ['dashboard', orgId],
    queryFn: () => apiGet<DashboardData>(`/api/v1/dashboard${orgId ? `?orgId=${encodeURIComponent(orgId)}` : ''}`),
    placeholderData: keepPreviousData,
    refetchInterval: 60_000,
  });
  const orgs = useQuery({ queryKey: ['orgs'], queryFn: () => apiGet<{ items: Org[] }>('/api/v1/orgs'), enabled: operator });
  const orgNames = new Map(orgs.data?.items.map((o) => [o.id, o.name]));
  const data = dashboard.data;
  // The same certificates on the list page (certificate-list reads these parameters).
  const rotationDueHref = `/certificates?rotationDue=1${orgId ? `&org=${encodeURIComponent(orgId)}` : ''}`;

  const scope = operator ? (orgId ? orgNames.get(orgId) ?? orgId : 'every organization') : orgName;
  const actions = operator ? (
    <div className="w-60">
      <Select aria-label="Organization" value={orgId} onChange={(e) => selectOrg(e.target.value)}>
        <option value="">All organizations</option>
        {orgs.data?.items.map((o) => <option key={o.id} value={o.id}>{o.name}</option>)}
      </Select>
    </div>
  ) : (
    <Link href="/csrs/new" className="rounded-md bg-indigo-600 px-3.5 py-2 text-sm font-medium text-white shadow-sm hover:bg-indigo-500">Upload a CSR</Link>
  );

  return (
    <>
      <PageHeader title="Dashboard" description={<>Certificates of <b className="font-semibold text-slate-800">{scope}</b>: what to rotate now and what expires in the coming weeks.</>} actions={actions} />
      <ErrorNote message={dashboard.error?.message} onRetry={() => void dashboard.refetch()} />
      {dashboard.isPending ? <DashboardSkeleton /> : data && (
        <div className="space-y-6">
          <CertificateCounts counts={data.certificates} rotationDueHref={rotationDueHref} />
          <div className={operator ? 'grid items-start gap-6 lg:grid-cols-[minmax(0,1fr)_20rem]' : ''}>
            <div className="space-y-6">
              <RotationDue items={data.rotationDue} total={data.certificates.rotationDue} canRotate={!operator} orgNames={operator ? orgNames : undefined} listHref={rotationDueHref} />
              <ExpiryChart weeks={data.expiringByWeek} generatedAt={data.generatedAt} />
            </div>
            {operator && (
              <div className="space-y-6">
                <PendingCsrsCard pending={data.pendingCsrs ?? 0} rotations={data.pendingRotations ?? 0} orgId={orgId} />
                {data.outbox && <OutboxCard outbox={data.outbox} />}
                <OrganizationsDue organizations={data.organizations ?? []} selected={orgId} onSelect={selectOrg} />
              </div>
            )}
          </div>
        </div>
      )}
    </>
  );
}
