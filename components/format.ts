const ROLE_LABELS: Record<string, string> = { operator: 'Operator', org_admin: 'Organization admin', engineer: 'Engineer' };
export const roleLabel = (role: string) => ROLE_LABELS[role] ?? role;

export const formatDate = (iso: string | null | undefined) =>
  iso ? new Date(iso).toLocaleDateString('en-GB', { year: 'numeric', month: 'short', day: 'numeric' }) : '—';

export const formatDateTime = (iso: string | null | undefined) =>
  iso ? new Date(iso).toLocaleString('en-GB', { year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' }) : '—';

export function timeAgo(iso: string): string {
  const seconds = Math.max(0, (Date.now() - new Date(iso).getTime()) / 1000);
  if (seconds < 60) return 'just now';
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min ago`;
  if (seconds < 86400) return `${Math.floor(seconds / 3600)} h ago`;
  return `${Math.floor(seconds / 86400)} d ago`;
}

export const shortHash = (hex: string, n = 12) => (hex.length > n * 2 ? `${hex.slice(0, n)}…${hex.slice(-6)}` : hex);
export const colonHex = (hex: string) => hex.toUpperCase().match(/../g)?.join(':') ?? hex;

/** "in 3 days", "within a day": daysUntilExpiry is floored, so 0 means less than 24 hours, never "0 days". */
export const expiresIn = (days: number) => (days < 1 ? 'within a day' : days === 1 ? 'in 1 day' : `in ${days} days`);
/** The same for a "left" column: "3 days left", "< 1 day left". */
export const daysLeft = (days: number) => (days < 1 ? '< 1 day left' : days === 1 ? '1 day left' : `${days} days left`);
