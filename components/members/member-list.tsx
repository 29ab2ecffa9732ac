import { formatDate, formatDateTime, roleLabel } from '../format';
import { Badge } from '../ui/misc';
import type { Invitation, Member } from './types';

const RoleBadge = ({ role }: { role: string }) => <Badge tone={role === 'org_admin' ? 'indigo' : 'slate'}>{roleLabel(role)}</Badge>;

export function MemberList({ members, you }: { members: Member[]; you?: string }) {
  return (
    <ul className="divide-y divide-slate-100" aria-label="Members">
      {members.map((m) => (
        <li key={m.id} className="flex flex-wrap items-center justify-between gap-x-4 gap-y-1 py-2.5 text-sm">
          <span className="min-w-0 break-all text-slate-900">{m.email}{m.email === you && <span className="text-slate-500"> (you)</span>}</span>
          <span className="flex items-center gap-3 text-xs text-slate-500"><RoleBadge role={m.role} />since {formatDate(m.createdAt)}</span>
        </li>
      ))}
    </ul>
  );
}

export function InvitationList({ invitations }: { invitations: Invitation[] }) {
  return (
    <ul className="divide-y divide-slate-100" aria-label="Pending invitations">
      {invitations.map((i) => (
        <li key={i.id} className="flex flex-wrap items-center justify-between gap-x-4 gap-y-1 py-2.5 text-sm">
          <span className="min-w-0 break-all text-slate-900">{i.email}</span>
          <span className="flex items-center gap-3 text-xs text-slate-500"><RoleBadge role={i.role} />expires {formatDateTime(i.expiresAt)}</span>
        </li>
      ))}
    </ul>
  );
}
