import type { ReactNode } from 'react';
import { Nav } from './nav';
import type { Role } from '../types';

export function Shell({ user, children }: { user: { email: string; role: Role; orgName: string | null }; children: ReactNode }) {
  return (
    <div className="min-h-screen md:grid md:grid-cols-[15rem_1fr]">
      <aside className="bg-slate-900">
        <div className="md:sticky md:top-0 md:h-screen">
          <Nav email={user.email} role={user.role} orgName={user.orgName} />
        </div>
      </aside>
      <main className="mx-auto w-full max-w-6xl px-6 py-8">{children}</main>
    </div>
  );
}
