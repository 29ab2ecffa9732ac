import type { Dashboard } from '../types';
import { Card } from '../ui/misc';

type Props = { organizations: NonNullable<Dashboard['organizations']>; selected: string; onSelect: (orgId: string) => void };

/** Operators: where rotation is most overdue; choosing one narrows the dashboard to it. */
export function OrganizationsDue({ organizations, selected, onSelect }: Props) {
  return (
    <Card title="Most due for rotation">
      {organizations.length === 0 ? (
        <p className="text-sm text-slate-600">No organization has a certificate due in the next 30 days.</p>
      ) : (
        <ol className="-my-2 divide-y divide-slate-100">
          {organizations.map((o) => (
            <li key={o.orgId}>
              <button
                type="button"
                aria-pressed={selected === o.orgId}
                onClick={() => onSelect(selected === o.orgId ? '' : o.orgId)}
                className={`-mx-2 flex w-[calc(100%+1rem)] items-center justify-between gap-3 rounded-md px-2 py-2 text-left hover:bg-slate-50 ${selected === o.orgId ? 'bg-indigo-50' : ''}`}
              >
                <span className="min-w-0">
                  <span className="block truncate text-sm font-medium text-slate-900">{o.name}</span>
                  <span className="block truncate font-mono text-xs text-slate-500">{o.orgId}</span>
                </span>
                <span className="shrink-0 rounded-full bg-amber-100 px-2 py-0.5 text-xs font-semibold tabular-nums text-amber-800">{o.rotationDue} due</span>
              </button>
            </li>
          ))}
        </ol>
      )}
    </Card>
  );
}
