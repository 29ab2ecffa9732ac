import type { ReactNode } from 'react';

export function AuthFrame({ title, subtitle, children }: { title: string; subtitle?: ReactNode; children: ReactNode }) {
  return (
    <main className="grid min-h-screen place-items-center bg-gradient-to-b from-slate-900 to-slate-800 px-4 py-12">
      <div className="w-full max-w-md">
        <p className="mb-6 flex items-center justify-center gap-2 text-lg font-semibold text-white">
          <span className="grid size-8 place-items-center rounded-md bg-indigo-500">T</span> Trustgate
        </p>
        <div className="rounded-xl bg-white p-8 shadow-xl">
          <h1 className="text-xl font-semibold text-slate-900">{title}</h1>
          {subtitle && <p className="mt-1 text-sm text-slate-600">{subtitle}</p>}
          <div className="mt-6">{children}</div>
        </div>
      </div>
    </main>
  );
}
