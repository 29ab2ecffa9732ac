'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiGet, apiPost } from '../api';
import type { Me } from '../types';
import { ErrorNote } from '../ui/field';
import { Card, Skeleton } from '../ui/misc';

export function ReminderPreference() {
  const client = useQueryClient();
  const me = useQuery({ queryKey: ['me'], queryFn: () => apiGet<Me>('/api/v1/me') });
  const save = useMutation({
    mutationFn: (remindersEnabled: boolean) => apiPost('/api/v1/me/preferences', { remindersEnabled }),
    onSuccess: () => client.invalidateQueries({ queryKey: ['me'] }),
  });
  // Until the setting is known there is no checkbox: a guessed "on" would be a claim we cannot back.
  if (me.isPending) return <Card title="E-mail"><Skeleton rows={1} /></Card>;
  if (me.isError) {
    return <Card title="E-mail"><ErrorNote message={`Your reminder setting could not be loaded: ${me.error.message}`} onRetry={() => void me.refetch()} /></Card>;
  }
  return (
    <Card title="E-mail">
      <label className="flex items-start gap-3 text-sm">
        {/* aria-disabled while saving, not disabled: a disabled checkbox loses the focus Space gave it. */}
        <input
          type="checkbox" className="mt-0.5 size-4 rounded border-slate-300 aria-disabled:opacity-60" checked={me.data.user.remindersEnabled} aria-disabled={save.isPending || undefined}
          onChange={(e) => { if (!save.isPending) save.mutate(e.target.checked); }}
        />
        <span><span className="font-medium text-slate-900">Certificate expiry reminders</span><br /><span className="text-slate-600">E-mails 30, 14, 7 and 1 days before a certificate of your organization expires.</span></span>
      </label>
      <ErrorNote message={save.error?.message} />
    </Card>
  );
}
