// The e-mails Trustgate sends, each as plain text and HTML from one payload. Rendering happens
// at delivery (and for the outbox preview), so the outbox row holds facts, not markup.
import { config } from '../config';

export type MailPayload =
  | { kind: 'expiry_reminder'; certificateId: string; serialNumber: string; subject: string; notAfter: string; thresholdDays: number; orgName: string }
  | { kind: 'operator_digest'; date: string; total: number; items: { orgId: string; certificateId: string; serialNumber: string; notAfter: string }[] }
  | { kind: 'csr_approved'; csrId: string; certificateId: string; serialNumber: string; subject: string; notAfter: string }
  | { kind: 'csr_rejected'; csrId: string; subject: string; reason: string }
  | { kind: 'certificate_revoked'; certificateId: string; serialNumber: string; subject: string; reason: string }
  // The link carries the invitation token: sealed in the outbox (lib/crypto/secret-box) and
  // erased once sent, so the database never holds a usable link in the clear.
  | { kind: 'invitation'; orgName: string; role: string; expiresAt: string; sealedUrl: string | null }
  // The same for a password reset's link. `address` asked for it (null: an operator, with the CLI).
  | { kind: 'password_reset'; expiresAt: string; address: string | null; sealedUrl: string | null }
  // To the account's owner, so that a change they did not make does not go unnoticed.
  | { kind: 'account_security'; event: AccountSecurityEvent; at: string; address: string | null };

export type AccountSecurityEvent = 'password_changed' | 'password_set' | 'password_reset' | 'sessions_ended';

/** The kinds whose payload carries a sealed one-time link, erased once the mail is sent. */
export const carriesSealedLink = (payload: MailPayload): payload is Extract<MailPayload, { sealedUrl: string | null }> =>
  payload.kind === 'invitation' || payload.kind === 'password_reset';
export type MailKind = MailPayload['kind'];
export type RenderedMail = { subject: string; text: string; html: string };

const escape = (value: unknown) =>
  String(value).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

const when = (iso: string) => new Date(iso).toISOString().replace('T', ' ').replace(/\.\d+Z$/, ' UTC');

type Block = { heading: string; lines: string[]; facts?: [string, string][]; action?: { label: string; url: string }; note?: string };

function compose(subject: string, block: Block): RenderedMail {
  const text = [
    block.heading,
    '',
    ...block.lines,
    ...(block.facts?.length ? ['', ...block.facts.map(([k, v]) => `${k}: ${v}`)] : []),
    ...(block.action ? ['', `${block.action.label}: ${block.action.url}`] : []),
    ...(block.note ? ['', block.note] : []),
    '',
    '— Trustgate',
  ].join('\n');
  const facts = block.facts?.length
    ? `<table style="border-collapse:collapse;margin:16px 0;font-size:14px">${block.facts
        .map(([k, v]) => `<tr><td style="padding:4px 16px 4px 0;color:#64748b">${escape(k)}</td><td style="padding:4px 0;font-family:ui-monospace,monospace">${escape(v)}</td></tr>`)
        .join('')}</table>`
    : '';
  const action = block.action
    ? `<p style="margin:24px 0"><a href="${escape(block.action.url)}" style="background:#4338ca;color:#fff;padding:10px 16px;border-radius:6px;text-decoration:none;font-weight:600">${escape(block.action.label)}</a></p>`
    : '';
  const html = `<!doctype html><html><body style="margin:0;background:#f8fafc;font-family:system-ui,-apple-system,Segoe UI,sans-serif;color:#0f172a">
<div style="max-width:560px;margin:0 auto;padding:32px 24px"><p style="font-weight:700;color:#4338ca;margin:0 0 24px">Trustgate</p>
<div style="background:#fff;border:1px solid #e2e8f0;border-radius:8px;padding:24px">
<h1 style="font-size:18px;margin:0 0 12px">${escape(block.heading)}</h1>
${block.lines.map((l) => `<p style="margin:0 0 8px;line-height:1.5">${escape(l)}</p>`).join('')}
${facts}${action}${block.note ? `<p style="margin:16px 0 0;color:#64748b;font-size:13px">${escape(block.note)}</p>` : ''}
</div></div></body></html>`;
  return { subject, text, html };
}

function daysLeftPhrase(thresholdDays: number): string {
  if (thresholdDays <= 0) return 'has expired';
  return thresholdDays === 1 ? 'expires in 1 day' : `expires in ${thresholdDays} days`;
}

/** An RFC 5280 CRLReason name in words: "keyCompromise" → "Key compromise". */
const reasonInWords = (reason: string) => {
  const words = reason.replace(/([A-Z])/g, ' $1').toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
};

/** Renders a payload. `reveal` opens sealed values (one-time links) for delivery only. */
export function renderMail(payload: MailPayload, opts: { reveal?: (sealed: string) => string } = {}): RenderedMail {
  const base = config().publicUrl;
  switch (payload.kind) {
    case 'expiry_reminder': {
      const phrase = daysLeftPhrase(payload.thresholdDays);
      return compose(`Certificate ${payload.serialNumber.slice(0, 16)} ${phrase}`, {
        heading: `Your client certificate ${phrase}`,
        lines: [
          payload.thresholdDays <= 0
            ? `The certificate below expired at ${when(payload.notAfter)}; connections that present it are refused.`
            : `The certificate below stops working at ${when(payload.notAfter)}. Rotate it before then: generate a new key, upload a CSR, and switch once it is approved. The old certificate keeps working until it expires.`,
        ],
        facts: [
          ['Organization', payload.orgName],
          ['Subject', payload.subject],
          ['Serial', payload.serialNumber],
          ['Expires', when(payload.notAfter)],
          ['Days left', String(Math.max(0, payload.thresholdDays))],
        ],
        action: { label: 'Rotate this certificate', url: `${base}/csrs/new?replaces=${payload.certificateId}` },
        note: 'You get this because you are a member of the organization. Turn reminders off in Settings.',
      });
    }
    case 'operator_digest':
      return compose(`Trustgate digest ${payload.date}: ${payload.total} certificate${payload.total === 1 ? '' : 's'} due for rotation`, {
        heading: `${payload.total} certificate${payload.total === 1 ? '' : 's'} due for rotation or expired`,
        lines: [
          `Across all organizations on ${payload.date}.${payload.items.length < payload.total ? ` The ${payload.items.length} most urgent:` : ''}`,
          ...payload.items.map((i) => `${i.orgId}  ${i.serialNumber.slice(0, 16)}  expires ${when(i.notAfter)}`),
        ],
        action: { label: 'Open the dashboard', url: `${base}/dashboard` },
      });
    case 'csr_approved':
      return compose(`Certificate issued for ${payload.subject}`, {
        heading: 'Your CSR was approved',
        lines: ['The certificate is ready. Download it with the CA chain from the portal.'],
        facts: [['Subject', payload.subject], ['Serial', payload.serialNumber], ['Valid until', when(payload.notAfter)]],
        action: { label: 'Download the certificate', url: `${base}/certificates/${payload.certificateId}` },
      });
    case 'csr_rejected':
      return compose(`CSR for ${payload.subject} was rejected`, {
        heading: 'Your CSR was rejected',
        lines: ['An operator rejected the certificate signing request with this reason:', payload.reason],
        facts: [['Subject', payload.subject]],
        action: { label: 'See the CSR', url: `${base}/csrs/${payload.csrId}` },
        note: 'Fix what the reason says and upload a new CSR made with a new key.',
      });
    case 'certificate_revoked':
      return compose(`Certificate ${payload.serialNumber.slice(0, 16)} was revoked`, {
        heading: 'A certificate of your organization was revoked',
        lines: ['Connections that present it are refused from now on.'],
        facts: [['Subject', payload.subject], ['Serial', payload.serialNumber], ['Reason', reasonInWords(payload.reason)]],
        action: { label: 'See the certificate', url: `${base}/certificates/${payload.certificateId}` },
      });
    case 'invitation': {
      const url = payload.sealedUrl && opts.reveal ? opts.reveal(payload.sealedUrl) : '[the invitation link: sealed until delivery]';
      return compose(`You are invited to ${payload.orgName} on Trustgate`, {
        heading: `Join ${payload.orgName} on Trustgate`,
        lines: [`You are invited as ${payload.role.replace('_', ' ')}. Choose a password to activate your account.`],
        action: { label: 'Accept the invitation', url },
        note: `The link works once and until ${when(payload.expiresAt)}.`,
      });
    }
    case 'password_reset': {
      const url = payload.sealedUrl && opts.reveal ? opts.reveal(payload.sealedUrl) : '[the reset link: sealed until delivery]';
      return compose('Trustgate: choose a new password', {
        heading: 'Choose a new password',
        lines: [
          payload.address
            ? 'Someone asked to reset the password of your Trustgate account, from the address below. If it was you, choose a new password with the link.'
            : 'A Trustgate operator made a link for you to choose a new password.',
          'Setting it signs out every browser signed in to your account. Your personal API tokens are unchanged.',
        ],
        facts: payload.address ? [['Asked from', payload.address]] : [],
        action: { label: 'Choose a new password', url },
        note: `The link works once and until ${when(payload.expiresAt)}. If you did not ask for it, ignore this e-mail: your password stays as it is.`,
      });
    }
    case 'account_security': {
      const what = {
        password_changed: 'Your password was changed', password_set: 'An operator set a new password for you',
        password_reset: 'Your password was reset', sessions_ended: 'You were signed out everywhere',
      }[payload.event];
      return compose(`Trustgate: ${what.charAt(0).toLowerCase()}${what.slice(1)}`, {
        heading: what,
        lines: [
          'Every browser that was signed in to your Trustgate account has been signed out. Your personal API tokens are unchanged.',
          {
            password_set: 'Sign in with the password the operator gave you, then choose your own under Settings.',
            password_changed: 'If this was not you, someone knows your password: tell your organization admin or a Trustgate operator at once.',
            password_reset: 'It was set with a reset link sent to this address. If this was not you, someone can read your e-mail: tell your organization admin or a Trustgate operator at once.',
            sessions_ended: 'If this was not you, someone had access to your account: change your password and tell your organization admin.',
          }[payload.event],
        ],
        facts: [['When', when(payload.at)], ...(payload.address ? [['From address', payload.address] as [string, string]] : [])],
        action: { label: 'Open Settings', url: `${base}/settings` },
      });
    }
  }
}

export const mailKindLabel: Record<MailKind, string> = {
  expiry_reminder: 'Expiry reminder',
  operator_digest: 'Operator digest',
  csr_approved: 'CSR approved',
  csr_rejected: 'CSR rejected',
  certificate_revoked: 'Certificate revoked',
  invitation: 'Invitation',
  password_reset: 'Password reset',
  account_security: 'Account security',
};
