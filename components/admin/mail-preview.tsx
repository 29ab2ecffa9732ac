'use client';

import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, type ReactNode } from 'react';
import { apiGet, apiPost } from '../api';
import { formatDateTime } from '../format';
import type { MailMessage, MailPreview as Preview } from '../types';
import { Button } from '../ui/button';
import { ErrorNote } from '../ui/field';
import { Skeleton } from '../ui/misc';
import { deliveryNote, MailStateBadge } from './mail-state';
import { RenderedMail } from './rendered-mail';
import { useAction } from '../ui/use-action';

type Props = { id: string; smtpConfigured: boolean; onClose: () => void };

/** A side panel over the outbox (a modal <dialog>: focus stays inside, Escape closes). */
export function MailPreview({ id, smtpConfigured, onClose }: Props) {
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => dialog.current?.showModal(), []);
  const client = useQueryClient();
  const mail = useQuery({ queryKey: ['mail', id], queryFn: () => apiGet<Preview>(`/api/v1/mail-outbox/${id}`) });
  const retry = useAction({
    mutationFn: () => apiPost<MailMessage>(`/api/v1/mail-outbox/${id}/retry`),
    onSuccess: () => Promise.all(['mail', 'outbox', 'dashboard'].map((key) => client.invalidateQueries({ queryKey: [key] }))),
  });
  const m = mail.data;

  return (
    <dialog
      ref={dialog}
      aria-label="Message preview"
      onClose={onClose}
      onClick={(e) => { if (e.target === e.currentTarget) dialog.current?.close(); }}
      className="fixed inset-y-0 right-0 left-auto m-0 h-dvh max-h-none w-full max-w-2xl bg-white text-slate-900 shadow-2xl backdrop:bg-slate-900/40"
    >
      <div className="flex h-full flex-col">
        <header className="flex items-start justify-between gap-4 border-b border-slate-200 px-6 py-4">
          <div className="min-w-0">
            <p className="text-xs font-medium uppercase tracking-wide text-slate-500">{m?.kindLabel ?? 'Message'}</p>
            <h2 className="mt-0.5 text-base font-semibold text-slate-900">{m?.subject ?? 'Loading…'}</h2>
          </div>
          <button type="button" aria-label="Close preview" onClick={() => dialog.current?.close()} className="-mr-2 rounded-md px-2 py-1 text-xl leading-none text-slate-500 hover:bg-slate-100 hover:text-slate-800">×</button>
        </header>
        <div className="flex-1 space-y-5 overflow-y-auto px-6 py-5">
          <ErrorNote message={mail.error?.message} onRetry={() => mail.refetch()} />
          {!m ? !mail.error && <Skeleton rows={6} /> : (
            <>
              <dl className="grid grid-cols-[8rem_1fr] gap-x-4 gap-y-2 text-sm">
                <Fact label="To">{m.recipient}</Fact>
                <Fact label="State"><MailStateBadge state={m.state} /> <span className="ml-1 text-slate-500">{deliveryNote(m, smtpConfigured)}</span></Fact>
                <Fact label="Attempts"><span className="tabular-nums">{m.attempts}</span></Fact>
                <Fact label="Created">{formatDateTime(m.createdAt)}</Fact>
                {m.lastError && <Fact label="Last error"><span className="text-red-700">{m.lastError}</span></Fact>}
                <Fact label="Key"><span className="break-all font-mono text-xs text-slate-600">{m.key}</span></Fact>
              </dl>
              {m.state !== 'sent' && (
                <div className="flex flex-wrap items-center gap-3 rounded-md bg-slate-50 px-4 py-3">
                  <Button variant="secondary" busy={retry.isPending} onClick={() => retry.mutate()}>Retry now</Button>
                  <p role="status" className="text-sm text-slate-600">
                    {retry.isSuccess
                      ? smtpConfigured ? 'Queued: it goes out with the next delivery run.' : 'Queued. Nothing is sent until SMTP_URL is set.'
                      : m.state === 'failed' ? 'Puts the message back in the queue, due at once.' : 'Makes it due now instead of at its next attempt.'}
                  </p>
                </div>
              )}
              <ErrorNote message={retry.error?.message} />
              <RenderedMail rendered={m.rendered} />
            </>
          )}
        </div>
      </div>
    </dialog>
  );
}

const Fact = ({ label, children }: { label: string; children: ReactNode }) => (
  <><dt className="text-slate-500">{label}</dt><dd className="min-w-0 text-slate-900">{children}</dd></>
);
