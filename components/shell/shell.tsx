import type { ReactNode } from 'react';
import { Nav } from './nav';
import type { Role } from '../types';

export function Shell({ user, children }: { user: { email: string; role: Role; orgName: string | null }; children: ReactNode }) {
  return (
    // minmax(0,1fr) and min-w-0: a wide table or command scrolls inside its own box instead of widening the page.
    <div className="min-h-screen md:grid md:grid-cols-[15rem_minmax(0,1fr)]">
      {/* First in the tab order: past a dozen navigation links to the page (WCAG 2.4.1). */}
      {/* Out of layout until focused (sr-only): moved off the top, it still showed in full-page screenshots. */}
      <a href="#main" className="sr-only rounded-md bg-white px-3 py-2 text-sm font-medium text-indigo-700 shadow-lg outline-indigo-600 focus:not-sr-only focus:fixed focus:top-3 focus:left-3 focus:z-50 focus:px-3 focus:py-2 focus-visible:outline-2">
        Skip to content
      </a>
      <aside className="sticky top-0 z-30 bg-slate-900 md:static">
        <div className="md:sticky md:top-0 md:h-screen">
          <Nav email={user.email} role={user.role} orgName={user.orgName} />
        </div>
      </aside>
      {/* tabIndex -1: the skip link's target, and where focus lands when the control that had it goes away. */}
      <main id="main" tabIndex={-1} className="mx-auto w-full min-w-0 max-w-6xl px-4 py-6 outline-none sm:px-6 sm:py-8">{children}</main>
    </div>
  );
}
