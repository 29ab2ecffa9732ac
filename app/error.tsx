'use client';
// A page that failed on the server. The usual cause in operation is the database restarting or
// failing over: the page asks /api/health which it is, and while the database is away it checks
// again every few seconds and reloads itself once the database answers.
import { useRouter } from 'next/navigation';
import { startTransition, useEffect, useRef, useState } from 'react';
import { AuthFrame } from '@/components/shell/auth-frame';
import { Button } from '@/components/ui/button';

type Health = 'checking' | 'unavailable' | 'ok';
const RECHECK_MS = 3000;

export default function PageError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  const router = useRouter();
  const [health, setHealth] = useState<Health>('checking');
  const wasDown = useRef(false);
  const retry = () => startTransition(() => {
    router.refresh();
    reset();
  });

  useEffect(() => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const check = async () => {
      const ok = await fetch('/api/health', { cache: 'no-store' }).then((r) => r.ok).catch(() => false);
      if (stopped) return;
      setHealth(ok ? 'ok' : 'unavailable');
      // Back after an outage: load the page again by itself.
      if (ok && wasDown.current) retry();
      wasDown.current = !ok;
      if (!ok) timer = setTimeout(check, RECHECK_MS);
    };
    void check();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [error]);

  const down = health === 'unavailable';
  return (
    <AuthFrame
      title={down ? 'The database is not reachable' : 'This page could not be loaded'}
      subtitle={down
        ? 'Trustgate cannot reach its database right now, for example while it restarts. This page checks again every few seconds and reloads itself when the database is back.'
        : 'Something went wrong on our side while loading this page.'}
    >
      <div className="space-y-4">
        {down && (
          <p className="flex items-center gap-2 text-sm text-slate-600" role="status">
            <span className="size-3.5 animate-spin rounded-full border-2 border-indigo-500 border-t-transparent" aria-hidden /> Waiting for the database…
          </p>
        )}
        <Button onClick={retry}>Try again</Button>
        {error.digest && <p className="text-xs text-slate-500">Reference for your operator: <code className="font-mono">{error.digest}</code></p>}
      </div>
    </AuthFrame>
  );
}
