import { formatDateTime, statusLabel, timeAgo } from '../format';
import type { MailMessage, MailState } from '../types';
import { Badge, type Tone } from '../ui/misc';

const tones: Record<MailState, Tone> = { pending: 'amber', sent: 'green', failed: 'red' };

export const MailStateBadge = ({ state }: { state: MailState }) => <Badge tone={tones[state]}>{statusLabel(state)}</Badge>;

/** What happens to a message next, or what happened last. */
export function deliveryNote(m: MailMessage, smtpConfigured: boolean): string {
  if (m.state === 'sent') return `Sent ${m.sentAt ? timeAgo(m.sentAt) : ''}`.trim();
  if (m.state === 'failed') return 'Gave up; retry to send again';
  if (!smtpConfigured) return 'Waits for SMTP_URL';
  if (!m.nextAttemptAt || new Date(m.nextAttemptAt).getTime() <= Date.now()) return 'Next attempt: now';
  return `Next attempt: ${formatDateTime(m.nextAttemptAt)}`;
}
