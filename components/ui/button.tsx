import type { ButtonHTMLAttributes } from 'react';

type Variant = 'primary' | 'secondary' | 'danger' | 'ghost';
// aria-disabled looks like disabled: a busy button keeps the focus (see Button).
const styles: Record<Variant, string> = {
  primary: 'bg-indigo-600 text-white hover:bg-indigo-500 disabled:bg-indigo-300 aria-disabled:bg-indigo-300',
  secondary: 'bg-white text-slate-800 ring-1 ring-inset ring-slate-300 hover:bg-slate-50 disabled:text-slate-400 aria-disabled:text-slate-400',
  danger: 'bg-red-600 text-white hover:bg-red-500 disabled:bg-red-300 aria-disabled:bg-red-300',
  ghost: 'text-slate-700 hover:bg-slate-100',
};

// The outline colour is set when not focused too: transition-colors animates outline-color, and
// from the default (currentColor: white on primary and danger) the ring would fade in from white.
const focusRing = 'outline-indigo-600 focus-visible:outline-2 focus-visible:outline-offset-2';

/** The button look, also for links that act as buttons (downloads). */
export const buttonClass = (variant: Variant = 'primary', className = '') =>
  `inline-flex items-center justify-center gap-2 rounded-md px-3.5 py-2 text-sm font-medium shadow-sm transition-colors disabled:cursor-not-allowed aria-disabled:cursor-progress ${focusRing} ${styles[variant]} ${className}`;

/**
 * `busy`: the action runs. The button is then aria-disabled, not disabled: Chromium takes the
 * focus from a focused button that becomes disabled, so a keyboard user who pressed it found
 * themselves back at the top of the page. A click or Enter meanwhile does nothing (and the
 * actions are single-flight besides: ui/use-action).
 */
export function Button({ variant = 'primary', className = '', busy, children, onClick, ...props }: ButtonHTMLAttributes<HTMLButtonElement> & { variant?: Variant; busy?: boolean }) {
  const waiting = Boolean(busy) && !props.disabled;
  return (
    <button
      {...props}
      aria-disabled={waiting || undefined}
      onClick={(e) => {
        if (waiting) { e.preventDefault(); return; } // also stops a submit button's form submission
        onClick?.(e);
      }}
      className={buttonClass(variant, className)}
    >
      {busy && <span className="size-3.5 animate-spin rounded-full border-2 border-current border-t-transparent" aria-hidden />}
      {children}
    </button>
  );
}
