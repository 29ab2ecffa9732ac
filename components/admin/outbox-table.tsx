import { formatDateTime } from '../format';
import type { MailMessage } from '../types';
import { deliveryNote, MailStateBadge } from './mail-state';

type Props = { items: MailMessage[]; selected: string | null; smtpConfigured: boolean; onSelect: (id: string) => void };

export function OutboxTable({ items, selected, smtpConfigured, onSelect }: Props) {
  return (
    <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white shadow-sm">
      <table className="min-w-full divide-y divide-slate-200 text-sm">
        <thead className="bg-slate-50 text-left text-xs font-semibold uppercase tracking-wide text-slate-500">
          <tr>
            <th className="px-4 py-3">Created</th><th className="px-4 py-3">Kind</th><th className="px-4 py-3">Recipient</th><th className="px-4 py-3">Subject</th>
            <th className="px-4 py-3">State</th><th className="px-4 py-3 text-right">Attempts</th><th className="px-4 py-3">Last error / next attempt</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {items.map((m) => (
            // The subject is the row's button (keyboard); a click anywhere on the row does the same.
            <tr key={m.id} onClick={() => onSelect(m.id)} className={`cursor-pointer ${selected === m.id ? 'bg-indigo-50' : 'hover:bg-slate-50'}`}>
              <td className="px-4 py-3 whitespace-nowrap text-slate-600">{formatDateTime(m.createdAt)}</td>
              <td className="px-4 py-3 whitespace-nowrap text-slate-700">{m.kindLabel}</td>
              <td className="max-w-48 truncate px-4 py-3 text-slate-700" title={m.recipient}>{m.recipient}</td>
              <td className="max-w-72 px-4 py-3">
                <button type="button" onClick={(e) => { e.stopPropagation(); onSelect(m.id); }} className="line-clamp-2 text-left font-medium text-indigo-700 hover:underline">
                  {m.subject}
                </button>
              </td>
              <td className="px-4 py-3"><MailStateBadge state={m.state} /></td>
              <td className="px-4 py-3 text-right tabular-nums text-slate-700">{m.attempts}</td>
              <td className="max-w-64 px-4 py-3 text-xs">
                {m.lastError && <p className="truncate font-medium text-red-700" title={m.lastError}>{m.lastError}</p>}
                <p className="text-slate-500">{deliveryNote(m, smtpConfigured)}</p>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
