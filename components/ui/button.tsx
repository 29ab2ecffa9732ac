import type { ButtonHTMLAttributes } from 'react';

type Variant = 'primary' | 'secondary' | 'danger' | 'ghost';
const styles: Record<Variant, string> = {
  primary: 'bg-indigo-600 text-white hover:bg-indigo-500 disabled:bg-indigo-300',
  secondary: 'bg-white text-slate-800 ring-1 ring-inset ring-slate-300 hover:bg-slate-50 disabled:text-slate-400',
  danger: 'bg-red-600 text-white hover:bg-red-500 disabled:bg-red-300',
  ghost: 'text-slate-700 hover:bg-slate-100',
};

// The outline colour is set when not focused too: transition-colors animates outline-color, and
// from the default (currentColor: white on primary and danger) the ring would fade in from white.
const focusRing = 'outline-indigo-600 focus-visible:outline-2 focus-visible:outline-offset-2';

/** The button look, also for links that act as buttons (downloads). */
export const buttonClass = (variant: Variant = 'primary', className = '') =>
  `inline-flex items-center justify-center gap-2 rounded-md px-3.5 py-2 text-sm font-medium shadow-sm transition-colors disabled:cursor-not-allowed ${focusRing} ${styles[variant]} ${className}`;

export function Button({ variant = 'primary', className = '', busy, children, ...props }: ButtonHTMLAttributes<HTMLButtonElement> & { variant?: Variant; busy?: boolean }) {
  return (
    <button
      {...props}
      disabled={props.disabled || busy}
      className={buttonClass(variant, className)}
    >
      {busy && <span className="size-3.5 animate-spin rounded-full border-2 border-current border-t-transparent" aria-hidden />}
      {children}
    </button>
  );
}
