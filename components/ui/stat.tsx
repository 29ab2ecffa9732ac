import type { ReactNode } from 'react';

const tones = {
  slate: 'border-slate-200 bg-white text-slate-900',
  amber: 'border-amber-300 bg-amber-50 text-amber-800',
  red: 'border-red-200 bg-red-50 text-red-700',
};

/** A labelled figure; `tone` draws the eye to a number that asks for action. */
export function Stat({ label, value, hint, tone = 'slate' }: { label: string; value: number; hint?: ReactNode; tone?: keyof typeof tones }) {
  return (
    <div className={`rounded-lg border px-4 py-3 shadow-sm ${tones[tone]}`}>
      <dt className="text-xs font-medium uppercase tracking-wide opacity-80">{label}</dt>
      <dd className="mt-1 text-2xl font-semibold tabular-nums">{value}</dd>
      {hint && <dd className="mt-0.5 text-xs opacity-75">{hint}</dd>}
    </div>
  );
}
