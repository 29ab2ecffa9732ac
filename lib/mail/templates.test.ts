import { beforeAll, describe, expect, it } from 'vitest';
import { resetConfig } from '../config';
import { carriesSealedLink, renderMail } from './templates';

beforeAll(() => {
  process.env.TRUSTGATE_SECRET = 'a'.repeat(43);
  process.env.PUBLIC_URL = 'https://portal.example.com/';
  resetConfig();
});

describe('mail templates', () => {
  it('name a revocation reason in words, not as its RFC 5280 identifier', () => {
    const mail = renderMail({ kind: 'certificate_revoked', certificateId: 'c1', serialNumber: '0a', subject: 'CN=acme', reason: 'cessationOfOperation' });
    expect(mail.text).toContain('Cessation of operation');
    expect(mail.text).not.toContain('cessationOfOperation');
  });

  it('escape what people typed in the HTML and keep it verbatim in the text', () => {
    const reason = 'Key <b>too</b> weak & "old"';
    const mail = renderMail({ kind: 'csr_rejected', csrId: 'c1', subject: 'CN=acme', reason });
    expect(mail.html).toContain('Key &lt;b&gt;too&lt;/b&gt; weak &amp; &quot;old&quot;');
    expect(mail.html).not.toContain('<b>too</b>');
    expect(mail.text).toContain(reason);
    expect(mail.text).toContain('https://portal.example.com/csrs/c1');
  });

  it('a reminder names the serial, expiry time, days left and the rotation link', () => {
    const mail = renderMail({
      kind: 'expiry_reminder', certificateId: 'id-1', serialNumber: '7f3a00112233445566778899', subject: 'CN=acme',
      notAfter: '2027-01-31T12:00:00.000Z', thresholdDays: 7, orgName: 'Acme',
    });
    expect(mail.subject).toBe('Certificate 7f3a001122334455 expires in 7 days');
    expect(mail.text).toContain('Expires: 2027-01-31 12:00:00 UTC');
    expect(mail.text).toContain('Days left: 7');
    expect(mail.text).toContain('https://portal.example.com/csrs/new?replaces=id-1');
    expect(mail.html).toContain('href="https://portal.example.com/csrs/new?replaces=id-1"');
    const expired = renderMail({ kind: 'expiry_reminder', certificateId: 'id-1', serialNumber: '7f', subject: 'CN=acme', notAfter: '2027-01-31T12:00:00.000Z', thresholdDays: 0, orgName: 'Acme' });
    expect(expired.subject).toBe('Certificate 7f has expired');
  });

  it('an invitation shows its link only when delivery opens the seal', () => {
    const payload = { kind: 'invitation' as const, orgName: 'Acme', role: 'org_admin', expiresAt: '2027-01-01T00:00:00.000Z', sealedUrl: 'SEALED' };
    expect(renderMail(payload).text).not.toContain('SEALED');
    expect(renderMail(payload, { reveal: (s) => `https://portal.example.com/invite/${s.toLowerCase()}` }).text).toContain('https://portal.example.com/invite/sealed');
    expect(renderMail(payload).text).toContain('invited as org admin');
  });

  it('an account notice says what happened, when and from where, and what to do if it was not you', () => {
    const changed = renderMail({ kind: 'account_security', event: 'password_changed', at: '2026-12-01T12:00:00.000Z', address: '203.0.113.5' });
    expect(changed.subject).toBe('Trustgate: your password was changed');
    expect(changed.text).toContain('When: 2026-12-01 12:00:00 UTC');
    expect(changed.text).toContain('From address: 203.0.113.5');
    expect(changed.text).toContain('If this was not you');
    expect(changed.text).toContain('https://portal.example.com/settings');
    const set = renderMail({ kind: 'account_security', event: 'password_set', at: '2026-12-01T12:00:00.000Z', address: null });
    expect(set.text).not.toContain('From address');
    expect(set.text).toContain('the password the operator gave you');
  });

  it('a reset link shows only when delivery opens the seal, and says who asked, for how long, and what to do if not you', () => {
    const asked = { kind: 'password_reset' as const, expiresAt: '2026-12-01T12:30:00.000Z', address: '203.0.113.7', sealedUrl: 'SEALED' };
    expect(carriesSealedLink(asked)).toBe(true);
    expect(renderMail(asked).text).not.toContain('SEALED');
    expect(renderMail(asked).html).toContain('sealed until delivery');
    const delivered = renderMail(asked, { reveal: (s) => `https://portal.example.com/reset-password/${s.toLowerCase()}` });
    expect(delivered.subject).toBe('Trustgate: choose a new password');
    expect(delivered.text).toContain('Choose a new password: https://portal.example.com/reset-password/sealed');
    expect(delivered.text).toContain('Asked from: 203.0.113.7');
    expect(delivered.text).toContain('until 2026-12-01 12:30:00 UTC');
    expect(delivered.text).toContain('If you did not ask for it, ignore this e-mail');
    const byOperator = renderMail({ ...asked, address: null });
    expect(byOperator.text).toContain('A Trustgate operator made a link');
    expect(byOperator.text).not.toContain('Asked from');
    expect(carriesSealedLink({ kind: 'account_security', event: 'password_reset', at: asked.expiresAt, address: null })).toBe(false);
    const notice = renderMail({ kind: 'account_security', event: 'password_reset', at: '2026-12-01T12:10:00.000Z', address: '203.0.113.7' });
    expect(notice.subject).toBe('Trustgate: your password was reset');
    expect(notice.text).toContain('someone can read your e-mail');
  });
});
