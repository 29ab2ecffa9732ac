import { Children, cloneElement, isValidElement, type ComponentProps, type ReactElement, type ReactNode, type SelectHTMLAttributes, type TextareaHTMLAttributes } from 'react';

const control = 'block w-full rounded-md border-0 bg-white px-3 py-2 text-sm text-slate-900 shadow-sm ring-1 ring-inset ring-slate-300 placeholder:text-slate-400 focus:ring-2 focus:ring-inset focus:ring-indigo-600 aria-invalid:ring-red-400';

type Described = { 'aria-describedby'?: string; 'aria-invalid'?: boolean | 'true' | 'false' };

/**
 * A label, the control, and a hint or an error tied to the control (aria-describedby, and
 * aria-invalid with an error), so a screen reader reads them with the field, not only where
 * they sit on the page. A single control child is wired up; several are left as they are.
 */
export function Field({ label, hint, error, children, htmlFor }: { label: string; hint?: ReactNode; error?: string | null; children: ReactNode; htmlFor: string }) {
  const hintId = `${htmlFor}-hint`;
  const errorId = `${htmlFor}-error`;
  const described = error ? errorId : hint ? hintId : undefined;
  const only = Children.count(children) === 1 && isValidElement<Described>(children) ? (children as ReactElement<Described>) : null;
  return (
    <div className="space-y-1.5">
      <label htmlFor={htmlFor} className="block text-sm font-medium text-slate-800">{label}</label>
      {only ? cloneElement(only, { 'aria-describedby': only.props['aria-describedby'] ?? described, 'aria-invalid': only.props['aria-invalid'] ?? (error ? true : undefined) }) : children}
      {hint && !error && <p id={hintId} className="text-xs text-slate-500">{hint}</p>}
      {error && <p id={errorId} role="alert" className="text-xs font-medium text-red-600">{error}</p>}
    </div>
  );
}

// ComponentProps: React 19 passes `ref` as a prop, so a caller can focus the input.
export const Input = (props: ComponentProps<'input'>) => <input {...props} className={`${control} ${props.className ?? ''}`} />;
export const Select = (props: SelectHTMLAttributes<HTMLSelectElement>) => <select {...props} className={`${control} ${props.className ?? ''}`} />;
export const Textarea = (props: TextareaHTMLAttributes<HTMLTextAreaElement>) => <textarea {...props} className={`${control} font-mono text-xs ${props.className ?? ''}`} />;

/** An error where the user is looking; with `onRetry`, for a load that failed (never shown as an empty state). */
export function ErrorNote({ message, onRetry }: { message?: string | null; onRetry?: () => void }) {
  if (!message) return null;
  return (
    <div role="alert" className="flex flex-wrap items-center justify-between gap-3 rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800">
      <span className="min-w-0">{message}</span>
      {onRetry && (
        <button type="button" onClick={onRetry} className="shrink-0 rounded-md bg-white px-2.5 py-1 text-xs font-medium text-red-800 ring-1 ring-inset ring-red-300 hover:bg-red-100 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-red-600">
          Retry
        </button>
      )}
    </div>
  );
}
