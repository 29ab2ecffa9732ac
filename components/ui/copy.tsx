'use client';

import { useEffect, useRef, useState, type RefObject } from 'react';

type Outcome = 'copied' | 'selected' | 'failed';
const messages: Record<Outcome, string> = { copied: 'Copied ✓', selected: 'Copy failed — text selected', failed: 'Copy failed' };

// navigator.clipboard is undefined outside a secure context (plain http from another host) and can reject.
async function copyText(text: string, near: HTMLElement): Promise<boolean> {
  try {
    if (navigator.clipboard) { await navigator.clipboard.writeText(text); return true; }
  } catch { /* fall back */ }
  return legacyCopy(text, near);
}

// Deprecated, but the one copy that works without a secure context. The textarea goes next to the
// button, not into <body>: inside a modal <dialog> the rest of the page is inert and cannot be selected.
function legacyCopy(text: string, near: HTMLElement): boolean {
  const area = document.createElement('textarea');
  area.value = text;
  area.readOnly = true;
  area.style.cssText = 'position:fixed;top:0;left:-9999px;opacity:0';
  near.after(area);
  area.select();
  try { return document.execCommand('copy'); } catch { return false; } finally { area.remove(); near.focus(); }
}

function selectContents(node: Node) {
  const range = document.createRange();
  range.selectNodeContents(node);
  window.getSelection()?.removeAllRanges();
  window.getSelection()?.addRange(range);
}

/** Says "Copied ✓" only when a copy happened; otherwise selects the text (`target`, or the nearest <pre>) for Ctrl+C. */
export function CopyButton({ text, label = 'Copy', target }: { text: string; label?: string; target?: RefObject<HTMLElement | null> }) {
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);
  useEffect(() => () => clearTimeout(timer.current), []);

  const copy = async (button: HTMLButtonElement) => {
    let next: Outcome = 'copied';
    if (!(await copyText(text, button))) {
      const selectable = target?.current ?? button.parentElement?.querySelector('pre');
      if (selectable) selectContents(selectable);
      next = selectable ? 'selected' : 'failed';
    }
    setOutcome(next);
    clearTimeout(timer.current);
    timer.current = setTimeout(() => setOutcome(null), next === 'copied' ? 1500 : 5000);
  };

  return (
    <>
      <button
        type="button"
        onClick={(e) => void copy(e.currentTarget)}
        className={`shrink-0 rounded-md bg-white px-2 py-1 text-xs font-medium ring-1 ring-inset hover:bg-slate-50 ${outcome && outcome !== 'copied' ? 'text-red-700 ring-red-300' : 'text-slate-700 ring-slate-300'}`}
        aria-label={`${label} to clipboard`}
      >
        {outcome ? messages[outcome] : label}
      </button>
      {/* The button's name stays "Copy to clipboard"; the outcome is announced here. */}
      <span aria-live="polite" className="sr-only">{outcome ? messages[outcome] : ''}</span>
    </>
  );
}

// A browser also breaks a line after a hyphen, which in a command splits an option ("-" / "pubin"):
// each word is kept whole, so the only breaks are the spaces (and the text copies unchanged).
const atSpacesOnly = (code: string) =>
  code.split(/(\s+)/).map((part, i) => (i % 2 ? part : <span key={i} className="whitespace-nowrap">{part}</span>));

const WRAP = { none: 'whitespace-pre', spaces: 'whitespace-pre-wrap', anywhere: 'whitespace-pre-wrap break-all' };

/**
 * A long line scrolls by default: in a signature base or an HTTP message a soft wrap would look like
 * a line break that is not there. `wrap="spaces"` breaks a one-line shell command at its spaces (in a
 * narrow column it showed a quarter of itself); `wrap="anywhere"` is for one long token (a link, a
 * secret), where seeing all of it matters more than where it breaks.
 */
export function CodeBlock({ code, label, wrap }: { code: string; label?: string; wrap?: 'spaces' | 'anywhere' }) {
  const pre = useRef<HTMLPreElement>(null);
  return (
    // inline-size containment: the longest line never sets the width of a grid column or the page.
    <div className="group relative contain-inline-size">
      {label && <p className="mb-1 text-xs font-medium text-slate-600">{label}</p>}
      <div className="flex items-start gap-2 rounded-md bg-slate-900 p-3">
        {/* tabIndex: the keyboard can scroll a line wider than the box. */}
        <pre ref={pre} tabIndex={0} className={`scroll-shadows-x min-w-0 flex-1 overflow-x-auto pb-1 font-mono ${WRAP[wrap ?? 'none']} text-xs leading-relaxed text-slate-100`}>
          {wrap === 'spaces' ? atSpacesOnly(code) : code}
        </pre>
        <CopyButton text={code} target={pre} />
      </div>
    </div>
  );
}
