const block = 'animate-pulse rounded-lg bg-slate-200/70';

export function DashboardSkeleton() {
  return (
    <div className="space-y-6" role="status" aria-busy="true" aria-label="Loading">
      <div aria-hidden className="grid grid-cols-2 gap-3 sm:grid-cols-3 xl:grid-cols-6">
        {Array.from({ length: 6 }, (_, i) => <div key={i} className={`h-24 ${block}`} />)}
      </div>
      <div aria-hidden className={`h-56 ${block}`} />
      <div aria-hidden className={`h-72 ${block}`} />
    </div>
  );
}
