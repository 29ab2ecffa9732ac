'use client';

import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { useQuery } from '@tanstack/react-query';
import { signOut } from 'next-auth/react';
import { apiGet } from '../api';
import { roleLabel } from '../format';
import type { Me, Role } from '../types';
import { useMenu } from './use-menu';

type Item = { href: string; label: string; roles: Role[]; badge?: 'pending' };
const items: Item[] = [
  { href: '/dashboard', label: 'Dashboard', roles: ['operator', 'org_admin', 'engineer'] },
  { href: '/admin/queue', label: 'Approval queue', roles: ['operator'], badge: 'pending' },
  { href: '/certificates', label: 'Certificates', roles: ['operator', 'org_admin', 'engineer'] },
  { href: '/csrs/new', label: 'Upload CSR', roles: ['org_admin', 'engineer'] },
  { href: '/csrs', label: 'CSRs', roles: ['org_admin', 'engineer'] },
  { href: '/credentials', label: 'API credentials', roles: ['operator', 'org_admin', 'engineer'] },
  { href: '/console', label: 'Test console', roles: ['org_admin', 'engineer'] },
  { href: '/signatures', label: 'Signature verifier', roles: ['operator', 'org_admin', 'engineer'] },
  { href: '/admin/orgs', label: 'Organizations', roles: ['operator'] },
  { href: '/admin/outbox', label: 'Mail outbox', roles: ['operator'] },
  { href: '/admin/audit', label: 'Audit log', roles: ['operator'] },
  { href: '/members', label: 'Members', roles: ['org_admin'] },
  { href: '/settings', label: 'Settings', roles: ['operator', 'org_admin', 'engineer'] },
];

const Logo = ({ className = '' }: { className?: string }) => (
  <Link href="/dashboard" className={`flex items-center gap-2 px-2 text-lg font-semibold tracking-tight text-white ${className}`}>
    <span className="grid size-7 place-items-center rounded-md bg-indigo-500 text-sm">T</span> Trustgate
  </Link>
);

const PendingBadge = ({ count }: { count: number }) => (
  <span className="rounded-full bg-amber-400 px-2 py-0.5 text-xs font-semibold text-slate-900" aria-label={`${count} pending`}>{count}</span>
);

export function Nav({ email, role, orgName }: { email: string; role: Role; orgName: string | null }) {
  const pathname = usePathname();
  const menu = useMenu(pathname);
  const me = useQuery({ queryKey: ['me'], queryFn: () => apiGet<Me>('/api/v1/me'), refetchInterval: role === 'operator' ? 15_000 : false });
  const pending = me.data?.pendingCsrs ?? 0;
  const active = (href: string) => pathname === href || (href !== '/csrs' && pathname.startsWith(href + '/')) || (href === '/csrs' && /^\/csrs\/(?!new)/.test(pathname));

  return (
    <div ref={menu.root} className="relative md:h-full">
      {/* Below md the sidebar is a top bar; the same <nav> opens under it as a panel. */}
      <div className="flex items-center justify-between gap-3 px-3 py-2.5 md:hidden">
        <Logo className="px-1" />
        <div className="flex items-center gap-3">
          {role === 'operator' && pending > 0 && (
            <Link href="/admin/queue" aria-label={`Approval queue: ${pending} pending`} className="rounded-full"><PendingBadge count={pending} /></Link>
          )}
          <button
            ref={menu.button} type="button" onClick={menu.toggle} aria-expanded={menu.open} aria-controls="main-nav"
            className="rounded-md px-3 py-1.5 text-sm font-medium text-slate-100 ring-1 ring-inset ring-slate-600 hover:bg-slate-800"
          >
            Menu
          </button>
        </div>
      </div>
      <nav
        id="main-nav" ref={menu.panel} aria-label="Main"
        className={`${menu.open ? 'flex' : 'hidden'} absolute inset-x-0 top-full max-h-[calc(100dvh-3.5rem)] flex-col gap-1 overflow-y-auto border-t border-slate-800 bg-slate-900 p-4 shadow-xl md:static md:flex md:h-full md:max-h-none md:border-0 md:shadow-none`}
      >
        <Logo className="mb-6 hidden md:flex" />
        {items.filter((i) => i.roles.includes(role)).map((item) => (
          <Link
            key={item.href}
            href={item.href}
            onClick={menu.close}
            aria-current={active(item.href) ? 'page' : undefined}
            className={`flex items-center justify-between rounded-md px-3 py-2 text-sm font-medium ${active(item.href) ? 'bg-slate-800 text-white' : 'text-slate-300 hover:bg-slate-800/60 hover:text-white'}`}
          >
            {item.label}
            {item.badge === 'pending' && pending > 0 && <PendingBadge count={pending} />}
          </Link>
        ))}
        <div className="mt-auto border-t border-slate-800 px-2 pt-4 text-xs text-slate-400">
          <p className="truncate font-medium text-slate-200" title={email}>{email}</p>
          <p>{roleLabel(role)}{orgName ? ` · ${orgName}` : ''}</p>
          <button onClick={() => signOut({ callbackUrl: '/signin' })} className="mt-3 text-slate-300 underline-offset-2 hover:text-white hover:underline">
            Sign out
          </button>
        </div>
      </nav>
    </div>
  );
}
