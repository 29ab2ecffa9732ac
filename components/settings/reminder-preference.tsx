'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiGet, apiPost } from '../api';
import type { Me } from '../types';
import { ErrorNote } from '../ui/field';
import { Card } from '../ui/misc';

export function ReminderPreference() {
  const client = useQueryClient();
  const me = useQuery({ queryKey: ['me'], queryFn: () => apiGet<Me>('/api/v1/me') });
  const save = useMutation({
    mutationFn: (remindersEnabled: boolean) => apiPost('/api/v1/me/preferences', { remindersEnabled }),
    onSuccess: () => client.invalidateQueries({ queryKey: ['me'] }),
  });
  const enabled = me.data?.user.remindersEnabled ?? true;
  return (
    <Card title="E-mail">
      <label className="flex items-start gap-3 text-sm">
        <input type="checkbox" className="mt-0.5 size-4 rounded border-slate-300" checked={enabled} disabled={!me.data || save.isPending} onChange={(e) => save.mutate(e.target.checked)} />
        <span><span className="font-medium text-slate-900">Certificate expiry reminders</span><br /><span className="text-slate-600">E-mails 30, 14, 7 and 1 days before a certificate of your organization expires.</span></span>
      </label>
      <ErrorNote message={save.error?.message} />
    </Card>
  );
}
