import type { ReactNode } from 'react';
import { Nav } from './nav';
import type { Role } from '../types';

export function Shell({ user, children }: { user: { email: string; role: Role; orgName: string | null }; children: ReactNode }) {
  return (
    // minmax(0,1fr) and min-w-0: a wide table or command scrolls inside its own box instead of widening the page.
    <div className="min-h-screen md:grid md:grid-cols-[15rem_minmax(0,1fr)]">
      <aside className="sticky top-0 z-30 bg-slate-900 md:static">
        <div className="md:sticky md:top-0 md:h-screen">
          <Nav email={user.email} role={user.role} orgName={user.orgName} />
        </div>
      </aside>
      <main className="mx-auto w-full min-w-0 max-w-6xl px-4 py-6 sm:px-6 sm:py-8">{children}</main>
    </div>
  );
}
