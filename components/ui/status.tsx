import { statusLabel } from '../format';
import { Badge, type Tone } from './misc';

const csrTones: Record<string, Tone> = { pending: 'amber', approved: 'green', rejected: 'red', cancelled: 'slate' };
const certTones: Record<string, Tone> = { active: 'green', revoked: 'red', expired: 'slate' };

export const CsrStatus = ({ status }: { status: string }) => <Badge tone={csrTones[status] ?? 'slate'}>{statusLabel(status)}</Badge>;

export function CertificateStatus({ status, rotationDue, replaced }: { status: string; rotationDue?: boolean; replaced?: boolean }) {
  return (
    <span className="inline-flex flex-wrap gap-1">
      <Badge tone={certTones[status] ?? 'slate'}>{statusLabel(status)}</Badge>
      {rotationDue && <Badge tone="amber">Rotation due</Badge>}
      {replaced && <Badge tone="indigo">Replaced</Badge>}
    </span>
  );
}
