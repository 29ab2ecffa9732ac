'use client';

import { useState } from 'react';
import { Button } from '../ui/button';
import { Field, Select } from '../ui/field';
import { useDismiss } from '../ui/use-dismiss';

const overlaps: [number, string][] = [
  [0, 'Immediately (the old secret stops now)'],
  [3600, 'After 1 hour'],
  [86_400, 'After 24 hours'],
  [7 * 86_400, 'After 7 days'],
];

export function RotateForm({ id, busy, onRotate, onCancel }: { id: string; busy: boolean; onRotate: (overlapSeconds: number) => void; onCancel: () => void }) {
  const [overlap, setOverlap] = useState(86_400);
  const { dismiss, onKeyDown } = useDismiss(onCancel);
  return (
    <form onKeyDown={onKeyDown} className="mt-4 flex flex-wrap items-end gap-3 rounded-md bg-slate-50 p-4" onSubmit={(e) => { e.preventDefault(); onRotate(overlap); }}>
      <div className="min-w-0 flex-1 basis-64">
        <Field label="The current secret stops working" htmlFor={`overlap-${id}`} hint="Give your deployments time to switch; choose “Immediately” if the secret leaked.">
          <Select id={`overlap-${id}`} autoFocus value={overlap} onChange={(e) => setOverlap(Number(e.target.value))}>
            {overlaps.map(([value, label]) => <option key={value} value={value}>{label}</option>)}
          </Select>
        </Field>
      </div>
      <Button type="submit" busy={busy}>Issue new secret</Button>
      <Button type="button" variant="ghost" onClick={dismiss}>Cancel</Button>
    </form>
  );
}
