import type { ReactNode } from 'react';

/** Shown while SMTP_URL is unset: nothing is lost, but nothing leaves either. */
export function SmtpWarning({ children }: { children?: ReactNode }) {
  return (
    <div role="status" className="rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-900">
      <p><b className="font-semibold"><code className="font-mono">SMTP_URL</code> is not set:</b> mail waits in the outbox.</p>
      {children && <p className="mt-1 text-amber-800">{children}</p>}
    </div>
  );
}
