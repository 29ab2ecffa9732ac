import type { ReactNode } from 'react';

// Each tone's label and hint in a colour of their own: dimming the figure's colour with opacity
// dropped the amber hint to 4.0:1 on its tint, under WCAG's 4.5:1 for small text.
const tones = {
  slate: { box: 'border-slate-200 bg-white text-slate-900', label: 'text-slate-600', hint: 'text-slate-600' },
  amber: { box: 'border-amber-300 bg-amber-50 text-amber-900', label: 'text-amber-800', hint: 'text-amber-800' },
  red: { box: 'border-red-200 bg-red-50 text-red-800', label: 'text-red-700', hint: 'text-red-700' },
};

/** A labelled figure; `tone` draws the eye to a number that asks for action. */
export function Stat({ label, value, hint, tone = 'slate' }: { label: string; value: number; hint?: ReactNode; tone?: keyof typeof tones }) {
  const t = tones[tone];
  return (
    <div className={`rounded-lg border px-4 py-3 shadow-sm ${t.box}`}>
      <dt className={`text-xs font-medium uppercase tracking-wide ${t.label}`}>{label}</dt>
      <dd className="mt-1 text-2xl font-semibold tabular-nums">{value}</dd>
      {hint && <dd className={`mt-0.5 text-xs ${t.hint}`}>{hint}</dd>}
    </div>
  );
}
