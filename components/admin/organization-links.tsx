import Link from 'next/link';
import { plural } from '../format';
import { Card } from '../ui/misc';

const linkClass = 'font-medium text-indigo-700 hover:underline';

/** Where an operator goes next from an organization's page: its requests, certificates and history, already filtered. */
export function OrganizationLinks({ orgId, pendingCsrs, certificates }: { orgId: string; pendingCsrs: number; certificates: number }) {
  const org = encodeURIComponent(orgId);
  return (
    <Card title="Requests and certificates">
      <ul className="space-y-2 text-sm text-slate-700">
        <li>
          {pendingCsrs ? <Link className={linkClass} href={`/admin/queue?org=${org}`}>{plural(pendingCsrs, 'CSR')} waiting for review</Link> : 'No CSR waiting for review'}
        </li>
        <li>
          {certificates ? <Link className={linkClass} href={`/certificates?org=${org}`}>{plural(certificates, 'certificate')}</Link> : 'No certificates yet'}
        </li>
        <li><Link className={linkClass} href={`/admin/audit?orgId=${org}`}>Audit log</Link></li>
      </ul>
    </Card>
  );
}
