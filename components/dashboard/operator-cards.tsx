import Link from 'next/link';
import { plural } from '../format';
import type { OutboxSummary } from '../types';
import { Card } from '../ui/misc';
import { SmtpWarning } from '../admin/smtp-warning';

const more = 'text-sm font-medium text-indigo-600 hover:underline';

/** `orgId`: the dashboard's chosen organization, whose requests alone the figures and the link show. */
export function PendingCsrsCard({ pending, rotations, orgId }: { pending: number; rotations: number; orgId: string }) {
  const href = `/admin/queue${orgId ? `?org=${encodeURIComponent(orgId)}` : ''}`;
  return (
    <Card title="Approval queue" actions={<Link href={href} className={more}>Open the queue</Link>}>
      <p className="flex items-baseline gap-2">
        <span className={`text-3xl font-semibold tabular-nums ${pending ? 'text-amber-700' : 'text-slate-900'}`}>{pending}</span>{' '}
        <span className="text-sm text-slate-600">pending {pending === 1 ? 'CSR' : 'CSRs'}</span>
      </p>
      <p className="mt-1 text-sm text-slate-600">
        {pending === 0 ? 'Nothing is waiting for approval.' : `${plural(rotations, 'rotation')} · ${pending - rotations} new`}
      </p>
    </Card>
  );
}

export function OutboxCard({ outbox }: { outbox: OutboxSummary }) {
  const figures = [
    ['Pending', outbox.pending, outbox.pending ? 'text-amber-700' : 'text-slate-900'],
    ['Failed', outbox.failed, outbox.failed ? 'text-red-600' : 'text-slate-900'],
    ['Sent', outbox.sent, 'text-slate-900'],
  ] as const;
  return (
    <Card title="Mail outbox" actions={<Link href="/admin/outbox" className={more}>Open the outbox</Link>}>
      <dl className="grid grid-cols-3 gap-2 text-center">
        {figures.map(([label, value, color]) => (
          <div key={label} className="rounded-md bg-slate-50 py-2">
            <dt className="text-xs text-slate-500">{label}</dt>
            <dd className={`text-xl font-semibold tabular-nums ${color}`}>{value}</dd>
          </div>
        ))}
      </dl>
      {!outbox.smtpConfigured && <div className="mt-4"><SmtpWarning /></div>}
    </Card>
  );
}
