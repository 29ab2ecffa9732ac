'use client';

import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { useQuery } from '@tanstack/react-query';
import { signOut } from 'next-auth/react';
import { apiGet } from '../api';
import type { Me, Role } from '../types';

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

const roleLabel: Record<Role, string> = { operator: 'Operator', org_admin: 'Organization admin', engineer: 'Engineer' };

export function Nav({ email, role, orgName }: { email: string; role: Role; orgName: string | null }) {
  const pathname = usePathname();
  const me = useQuery({ queryKey: ['me'], queryFn: () => apiGet<Me>('/api/v1/me'), refetchInterval: role === 'operator' ? 15_000 : false });
  const pending = me.data?.pendingCsrs ?? 0;
  const active = (href: string) => pathname === href || (href !== '/csrs' && pathname.startsWith(href + '/')) || (href === '/csrs' && /^\/csrs\/(?!new)/.test(pathname));

  return (
    <nav className="flex h-full flex-col gap-1 p-4" aria-label="Main">
      <Link href="/dashboard" className="mb-6 flex items-center gap-2 px-2 text-lg font-semibold tracking-tight text-white">
        <span className="grid size-7 place-items-center rounded-md bg-indigo-500 text-sm">T</span> Trustgate
      </Link>
      {items.filter((i) => i.roles.includes(role)).map((item) => (
        <Link
          key={item.href}
          href={item.href}
          aria-current={active(item.href) ? 'page' : undefined}
          className={`flex items-center justify-between rounded-md px-3 py-2 text-sm font-medium ${active(item.href) ? 'bg-slate-800 text-white' : 'text-slate-300 hover:bg-slate-800/60 hover:text-white'}`}
        >
          {item.label}
          {item.badge === 'pending' && pending > 0 && (
            <span className="rounded-full bg-amber-400 px-2 py-0.5 text-xs font-semibold text-slate-900" aria-label={`${pending} pending`}>{pending}</span>
          )}
        </Link>
      ))}
      <div className="mt-auto border-t border-slate-800 px-2 pt-4 text-xs text-slate-400">
        <p className="truncate font-medium text-slate-200" title={email}>{email}</p>
        <p>{roleLabel[role]}{orgName ? ` · ${orgName}` : ''}</p>
        <button onClick={() => signOut({ callbackUrl: '/signin' })} className="mt-3 text-slate-300 underline-offset-2 hover:text-white hover:underline">
          Sign out
        </button>
      </div>
    </nav>
  );
}
