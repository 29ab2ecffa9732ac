import { plural } from '../format';
import type { Dashboard } from '../types';
import { Card } from '../ui/misc';

const DAY_MS = 86_400_000;
const ROTATION_DAYS = 30;
const weekLabel = (iso: string) => new Date(iso).toLocaleDateString('en-GB', { day: 'numeric', month: 'short' });
const certificates = (n: number) => plural(n, 'certificate');

function Legend() {
  return (
    <span className="flex items-center gap-4 text-xs text-slate-600">
      <span className="flex items-center gap-1.5"><span aria-hidden className="size-2.5 rounded-sm bg-amber-400" />within 30 days</span>
      <span className="flex items-center gap-1.5"><span aria-hidden className="size-2.5 rounded-sm bg-indigo-500" />later</span>
    </span>
  );
}

export function ExpiryChart({ weeks, generatedAt }: { weeks: Dashboard['expiringByWeek']; generatedAt: string }) {
  const windowEnd = new Date(generatedAt).getTime() + ROTATION_DAYS * DAY_MS;
  const inWindow = (weekStart: string) => new Date(weekStart).getTime() < windowEnd;
  const max = Math.max(1, ...weeks.map((w) => w.count));
  const total = weeks.reduce((sum, w) => sum + w.count, 0);
  const soon = weeks.filter((w) => inWindow(w.weekStart)).reduce((sum, w) => sum + w.count, 0);

  return (
    <Card title="Expiring per week" actions={<Legend />}>
      <p className="mb-5 text-sm text-slate-600">
        {total === 0 ? 'No certificate expires in the next 13 weeks.' : <>{certificates(total)} {total === 1 ? 'expires' : 'expire'} in the next 13 weeks{soon > 0 && <>, <span className="font-semibold text-amber-700">{soon} of them within 30 days</span></>}.</>}
      </p>
      <ol aria-label="Certificates expiring per week" className="grid h-52" style={{ gridTemplateColumns: `repeat(${weeks.length}, minmax(0, 1fr))` }}>
        {weeks.map((w, i) => {
          const label = weekLabel(w.weekStart);
          const early = inWindow(w.weekStart);
          return (
            <li key={w.weekStart} className="flex flex-col items-center">
              <div aria-hidden className="flex w-full flex-1 flex-col items-center justify-end border-b border-slate-300 px-1.5">
                <span className={`mb-1 text-xs tabular-nums ${w.count ? 'font-semibold text-slate-800' : 'text-slate-400'}`}>{w.count}</span>
                <div
                  title={`${certificates(w.count)} in the week of ${label}`}
                  className={`w-full max-w-12 rounded-t ${w.count === 0 ? 'bg-slate-200' : early ? 'bg-amber-400' : 'bg-indigo-500'}`}
                  style={{ height: w.count ? `calc((100% - 1.5rem) * ${w.count / max})` : '2px' }}
                />
              </div>
              {/* 13 labels do not fit a phone: there, every other week is labelled (the bars stay). */}
              <span aria-hidden className={`pt-2 text-xs whitespace-nowrap text-slate-500 ${i % 2 ? 'max-sm:invisible' : ''}`}>{label}</span>
              <span className="sr-only">Week of {label}: {certificates(w.count)}{early ? ', within 30 days' : ''}</span>
            </li>
          );
        })}
      </ol>
    </Card>
  );
}
