'use client';

import { useState, type KeyboardEvent } from 'react';
import type { MailPreview } from '../types';

const tabs = [['html', 'HTML'], ['text', 'Plain text']] as const;
type Tab = (typeof tabs)[number][0];

export function RenderedMail({ rendered }: { rendered: MailPreview['rendered'] }) {
  const [tab, setTab] = useState<Tab>('html');
  // WAI-ARIA tabs: arrow keys move between the two tabs.
  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key !== 'ArrowLeft' && e.key !== 'ArrowRight') return;
    const next = tab === 'html' ? 'text' : 'html';
    setTab(next);
    document.getElementById(`mail-tab-${next}`)?.focus();
  };
  return (
    <section>
      <div role="tablist" aria-label="Format" className="flex gap-1 border-b border-slate-200" onKeyDown={onKeyDown}>
        {tabs.map(([key, label]) => (
          <button
            key={key} id={`mail-tab-${key}`} type="button" role="tab" aria-selected={tab === key} aria-controls="mail-panel" tabIndex={tab === key ? 0 : -1}
            onClick={() => setTab(key)}
            className={`-mb-px border-b-2 px-3 py-2 text-sm font-medium ${tab === key ? 'border-indigo-600 text-indigo-700' : 'border-transparent text-slate-600 hover:text-slate-900'}`}
          >
            {label}
          </button>
        ))}
      </div>
      <div id="mail-panel" role="tabpanel" aria-labelledby={`mail-tab-${tab}`} className="pt-4">
        {tab === 'html' ? (
          // sandbox="" with no permissions: the message's markup can run nothing and reach nothing.
          <iframe sandbox="" srcDoc={rendered.html} title="The e-mail as HTML" className="h-[30rem] w-full rounded-md border border-slate-200 bg-slate-50" />
        ) : (
          <pre className="max-h-[30rem] overflow-auto whitespace-pre-wrap rounded-md bg-slate-50 p-4 font-mono text-xs leading-relaxed text-slate-800 ring-1 ring-inset ring-slate-200">{rendered.text}</pre>
        )}
      </div>
    </section>
  );
}
