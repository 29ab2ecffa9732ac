'use client';

import { useQuery } from '@tanstack/react-query';
import { apiGet } from '../api';
import { formatDateTime, timeAgo } from '../format';
import { ErrorNote } from '../ui/field';
import { Card, Skeleton } from '../ui/misc';

type Activity = { at: string; action: string; address: string | null };

// What each audit action means to the account's owner; `alert` marks what they should look at.
const LABELS: Record<string, { label: string; alert?: boolean }> = {
  'auth.sign_in': { label: 'Signed in' },
  'auth.sign_in_failed': { label: 'Failed sign-in (wrong password)', alert: true },
  'auth.sign_out': { label: 'Signed out' },
  'user.password_change': { label: 'Password changed' },
  'user.password_change_failed': { label: 'Password change refused (wrong current password)', alert: true },
  'user.password_set': { label: 'Password set by an operator' },
  'user.sessions_end': { label: 'Signed out everywhere' },
  'user.password_reset_request': { label: 'Password reset link requested' },
  'user.password_reset': { label: 'Password reset with a link' },
};

const describeActivity = (item: Activity) => LABELS[item.action] ?? { label: item.action };

/** The member's recent sign-ins and changes to their sign-in (GET /api/v1/me/activity), newest first. */
export function AccountActivity() {
  const activity = useQuery({ queryKey: ['activity'], queryFn: () => apiGet<{ items: Activity[] }>('/api/v1/me/activity') });
  return (
    <Card title="Recent sign-in activity">
      <p className="mb-4 text-sm text-slate-600">The last 20 sign-ins, sign-outs and changes to your password. Something you do not recognise? Change your password and sign out everywhere.</p>
      {activity.isPending ? <Skeleton rows={3} /> : activity.isError ? (
        <ErrorNote message={`Your sign-in activity could not be loaded: ${activity.error.message}`} onRetry={() => void activity.refetch()} />
      ) : activity.data.items.length ? (
        <ul className="divide-y divide-slate-100 text-sm" aria-label="Sign-in activity">
          {activity.data.items.map((item, i) => {
            const { label, alert } = describeActivity(item);
            return (
              <li key={`${item.at}-${i}`} className="flex flex-wrap items-baseline justify-between gap-x-4 gap-y-1 py-2">
                <span className={alert ? 'font-medium text-amber-800' : 'text-slate-900'}>{label}</span>
                <span className="text-xs text-slate-500">
                  <time dateTime={item.at} title={formatDateTime(item.at)}>{timeAgo(item.at)}</time>
                  {item.address && <> · from <span className="font-mono">{item.address}</span></>}
                </span>
              </li>
            );
          })}
        </ul>
      ) : <p className="text-sm text-slate-500">No sign-ins recorded yet.</p>}
    </Card>
  );
}
