const ROLE_LABELS: Record<string, string> = { operator: 'Operator', org_admin: 'Organization admin', engineer: 'Engineer' };
export const roleLabel = (role: string) => ROLE_LABELS[role] ?? role;

// The API's states (certificates: active, revoked, expired; CSRs: pending, approved, rejected, cancelled; mail), as every page names them.
const STATUS_LABELS: Record<string, string> = {
  active: 'Active', revoked: 'Revoked', expired: 'Expired',
  pending: 'Pending', approved: 'Approved', rejected: 'Rejected', cancelled: 'Cancelled',
  sent: 'Sent', failed: 'Failed',
};
export const statusLabel = (status: string) => STATUS_LABELS[status] ?? status;

/** The revocation reasons the API accepts (RFC 5280 §5.3.1 CRLReason names, lib/pki/crl.ts), in words. */
export const REVOCATION_REASONS = {
  keyCompromise: 'Key compromise',
  superseded: 'Superseded',
  cessationOfOperation: 'Cessation of operation',
  affiliationChanged: 'Affiliation changed',
  privilegeWithdrawn: 'Privilege withdrawn',
  certificateHold: 'Certificate hold',
  unspecified: 'Unspecified',
} as const satisfies Record<string, string>;
export const revocationReasonLabel = (reason: string | null | undefined) =>
  reason ? ((REVOCATION_REASONS as Record<string, string>)[reason] ?? reason) : '—';

/** "1 member", "3 members", "2 entries": the count and the noun that agrees with it. */
export const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

export const formatDate = (iso: string | null | undefined) =>
  iso ? new Date(iso).toLocaleDateString('en-GB', { year: 'numeric', month: 'short', day: 'numeric' }) : '—';

// With the zone: the e-mails say UTC, the browser shows local time, and a reader must be able to tell which.
export const formatDateTime = (iso: string | null | undefined) =>
  iso ? new Date(iso).toLocaleString('en-GB', { year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', timeZoneName: 'short' }) : '—';

export function timeAgo(iso: string): string {
  const seconds = Math.max(0, (Date.now() - new Date(iso).getTime()) / 1000);
  if (seconds < 60) return 'just now';
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min ago`;
  if (seconds < 86400) return `${Math.floor(seconds / 3600)} h ago`;
  return `${Math.floor(seconds / 86400)} d ago`;
}

export const shortHash = (hex: string, n = 12) => (hex.length > n * 2 ? `${hex.slice(0, n)}…${hex.slice(-6)}` : hex);
export const colonHex = (hex: string) => hex.toUpperCase().match(/../g)?.join(':') ?? hex;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** A UUID cut to its first 8 characters (enough to tell rows apart); any other ID, such as an organization's, whole. */
export const shortId = (id: string) => (UUID.test(id) ? `${id.slice(0, 8)}…` : id);

/** "in 3 days", "within a day": daysUntilExpiry is floored, so 0 means less than 24 hours, never "0 days". */
export const expiresIn = (days: number) => (days < 1 ? 'within a day' : `in ${plural(days, 'day')}`);
/** The same for a "left" column: "3 days left", "< 1 day left". */
export const daysLeft = (days: number) => (days < 1 ? '< 1 day left' : `${plural(days, 'day')} left`);
