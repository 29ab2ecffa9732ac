// Every page, as each role that sees it, checked by axe against WCAG 2.1 A and AA in the states
// that matter (empty lists, rows, a detail page, an error under a field, an open dialog or
// confirmation), and the core forms completed with the keyboard alone. The organization and its
// people are its own (made with the CLI and an invitation), so nothing the other specs count
// changes; it signs in the operator lifecycle.spec.ts sets up, so it sorts after that file.
import { execFileSync } from 'node:child_process';
import { expect, test, type Page } from '@playwright/test';
import { E2E_DATA_DIR } from '../playwright.config';
import { axeCheck, consoleWatcher, open, opensslCsr, shot, signIn, tabTo } from './support';

const ORG = `a11y-${Date.now().toString(36)}`;
const operator = { email: 'ops@provider.test', password: 'operator-password-1' };
const admin = { email: `lead@${ORG}.test`, password: 'a11y-admin-password-1' };
const engineer = { email: `dev@${ORG}.test`, password: 'a11y-engineer-password-1' };
const csrf = { 'x-trustgate-csrf': '1' };
// Another organization with a request in the queue, so that filtering the queue hides something.
const OTHER = `bystander-${Date.now().toString(36)}`;
const bystander = { email: `dev@${OTHER}.test`, password: 'a11y-bystander-password-1' };

const cli = (...args: string[]) =>
  execFileSync(process.execPath, ['--import', 'tsx', 'cli/index.ts', ...args], { env: { ...process.env, DATA_DIR: E2E_DATA_DIR, DATABASE_URL: '' }, stdio: 'pipe' });

test.describe.configure({ mode: 'serial' });

const { errors: consoleErrors, watch } = consoleWatcher();
const violations: string[] = [];
const expectAccessible = (page: Page, where: string, options?: { exclude?: string[] }) => axeCheck(violations, page, where, options);

test.afterAll(() => {
  expect(violations, 'WCAG 2.1 A/AA violations found by axe').toEqual([]);
  // The wrong password and the invalid invitation are refused on purpose; Chromium logs those loads.
  expect(consoleErrors.filter((e) => !/Failed to load resource: the server responded with a status of 4\d\d/.test(e))).toEqual([]);
});

test.beforeAll(() => {
  cli('org', 'create', '--id', ORG, '--name', 'Accessible Ltd');
  cli('user', 'create', '--email', admin.email, '--password', admin.password, '--role', 'org_admin', '--org', ORG);
  cli('org', 'create', '--id', OTHER, '--name', 'Bystander Ltd');
  cli('user', 'create', '--email', bystander.email, '--password', bystander.password, '--role', 'engineer', '--org', OTHER);
});

/** Types into whatever has the focus, as a keyboard does. */
const type = (page: Page, text: string) => page.keyboard.type(text);

test('signed-out pages: sign-in with its error, 404, invitations, accepted with the keyboard', async ({ browser }) => {
  const page = watch(await (await browser.newContext()).newPage());
  await open(page, '/signin');
  await expectAccessible(page, 'sign-in');
  // The e-mail box has the focus on arrival; Tab moves on, Enter submits.
  await expect(page.getByLabel('E-mail')).toBeFocused();
  await type(page, admin.email);
  await page.keyboard.press('Tab');
  await type(page, 'not-the-password');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('alert')).toBeVisible();
  await expectAccessible(page, 'sign-in, wrong password');

  // Ten wrong passwords for one e-mail (an account's or not): the form says how long, and what else to do.
  const locked = `locked@${ORG}.test`;
  const { csrfToken } = await (await page.request.get('/api/auth/csrf')).json();
  for (let i = 0; i < 10; i += 1) await page.request.post('/api/auth/callback/credentials', { form: { csrfToken, email: locked, password: `wrong-password-${i}`, json: 'true' } });
  await page.getByLabel('E-mail').fill(locked);
  await page.getByLabel('Password').fill('one-more-try');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'Too many failed sign-ins' })).toContainText('Try again in 15 minutes, or use “Forgot your password?” below');
  await expectAccessible(page, 'sign-in, too many failures');
  await shot(page, '41-sign-in-throttled');

  await open(page, '/no-such-page');
  await expect(page.getByRole('heading', { name: 'Not found' })).toBeVisible();
  await expectAccessible(page, '404');
  await open(page, '/invite/not-a-real-invitation');
  await expect(page.getByRole('heading', { name: 'This invitation is no longer valid' })).toBeVisible();
  await expectAccessible(page, 'invitation, invalid');

  const ops = await signIn(browser, operator);
  const invited = await ops.request.post(`/api/v1/orgs/${ORG}/invitations`, { headers: csrf, data: { email: engineer.email, role: 'engineer' } });
  expect(invited.status()).toBe(201);
  const invitation = new URL((await invited.json()).url).pathname;
  await ops.context().close();
  const dev = watch(await (await browser.newContext()).newPage());
  await open(dev, invitation);
  await expectAccessible(dev, 'invitation');
  await expect(dev.getByLabel('Password', { exact: true })).toHaveAccessibleDescription('At least 12 characters.');
  await tabTo(dev, dev.getByLabel('Password', { exact: true }));
  await type(dev, engineer.password);
  await dev.keyboard.press('Tab');
  await type(dev, 'something-else-entirely');
  await expect(dev.getByText('The passwords differ.')).toBeVisible();
  await expectAccessible(dev, 'invitation, passwords differ');
  await dev.getByLabel('Confirm password').fill('');
  await type(dev, engineer.password);
  await dev.keyboard.press('Enter');
  await expect(dev).toHaveURL(/\/csrs\/new$/);
  await dev.context().close();
});

test('a forgotten password: a link asked for, one made by an operator, used once, all with the keyboard', async ({ browser }) => {
  const before = await signIn(browser, engineer); // a session the reset must end
  const page = watch(await (await browser.newContext()).newPage());
  await open(page, '/signin');
  await tabTo(page, page.getByRole('link', { name: 'Forgot your password?' }));
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { name: 'Forgot your password?' })).toBeVisible();
  await page.locator('body[data-hydrated="true"]').waitFor();
  await expect(page.getByLabel('E-mail')).toBeFocused();
  await expectAccessible(page, 'forgot password');
  await shot(page, '37-forgot-password');
  await type(page, engineer.email);
  await page.keyboard.press('Enter');
  await expect(page.getByRole('status')).toContainText(`If ${engineer.email} has a Trustgate account, a link to choose a new password is on its way.`);
  await expect(page.getByText('This portal has no mail server set up yet')).toBeVisible(); // the e2e server has no SMTP_URL
  await expectAccessible(page, 'forgot password, asked');
  await shot(page, '38-forgot-password-asked');

  // Without mail, an operator makes the link with the CLI; it replaces the one just queued.
  const link = new URL(cli('user', 'reset-link', '--email', engineer.email).toString().trim()).pathname;
  expect(link).toMatch(/^\/reset-password\/[A-Za-z0-9_-]{43}$/);
  await open(page, link);
  await expect(page.getByRole('heading', { name: 'Choose a new password' })).toBeVisible();
  await expect(page.getByText(engineer.email)).toBeVisible();
  engineer.password = 'a11y-engineer-password-after-reset'; // what the tests below sign in with
  await tabTo(page, page.getByLabel('New password', { exact: true }));
  await type(page, engineer.password);
  await page.keyboard.press('Tab');
  await type(page, engineer.password);
  await expectAccessible(page, 'reset password');
  await shot(page, '39-reset-password');
  await page.keyboard.press('Enter');
  await page.waitForURL((url) => !/^\/(reset-password|signin)/.test(url.pathname)); // signed in with the new password
  await open(page, '/settings');
  await expect(page.getByRole('list', { name: 'Sign-in activity' }).getByText('Password reset with a link')).toBeVisible();
  await before.goto('/settings');
  await expect(before).toHaveURL(/\/signin/); // every other session ended

  await open(page, link);
  await expect(page.getByRole('heading', { name: 'This reset link is no longer valid' })).toBeVisible();
  await expectAccessible(page, 'reset password, link used');
  await shot(page, '40-reset-password-used');
  await page.context().close();
  await before.context().close();
});

test('engineer: empty pages, then a CSR uploaded with the keyboard', async ({ browser }) => {
  const dev = watch(await signIn(browser, engineer));
  for (const [path, where] of [
    ['/dashboard', 'dashboard, nothing yet'], ['/certificates', 'certificates, empty'], ['/csrs', 'CSRs, empty'], ['/credentials', 'API credentials, empty'],
    ['/console', 'test console, empty'], ['/signatures', 'signature verifier, empty'], ['/settings', 'settings, no tokens'], ['/csrs/new', 'upload CSR'],
  ]) {
    await open(dev, path);
    await dev.locator('[aria-busy="true"]').first().waitFor({ state: 'detached' });
    await expectAccessible(dev, `${where} (engineer)`);
  }
  // The first Tab offers to skip the navigation.
  await open(dev, '/dashboard');
  await dev.keyboard.press('Tab');
  await expect(dev.getByRole('link', { name: 'Skip to content' })).toBeFocused();
  await dev.keyboard.press('Enter');
  await expect(dev.getByRole('main')).toBeFocused();

  await open(dev, '/csrs/new');

  const { csr, key } = opensslCsr(ORG);
  const box = dev.getByLabel('CSR (PEM)');
  await tabTo(dev, box);
  await dev.keyboard.insertText(key); // a paste
  await expect(dev.getByRole('alert').filter({ hasText: 'That is a private key' })).toBeVisible();
  await expectAccessible(dev, 'upload CSR, private key refused');
  await expect(box).toBeFocused();
  await dev.keyboard.insertText(csr);
  await expect(dev.getByText('Looks good')).toBeVisible();
  await expectAccessible(dev, 'upload CSR, checked');
  await tabTo(dev, dev.getByRole('button', { name: 'Submit for approval' }));
  await dev.keyboard.press('Enter');
  await expect(dev).toHaveURL(/\/csrs\/[0-9a-f-]{36}\?submitted=1$/);
  await expect(dev.getByText('Submitted.')).toBeVisible();
  await expectAccessible(dev, 'CSR detail, pending');
  await tabTo(dev, dev.getByRole('button', { name: 'Cancel request' }));
  await dev.keyboard.press('Enter');
  await expect(dev.getByRole('alertdialog')).toHaveAccessibleDescription(/No operator can approve it afterwards/);
  await expect(dev.getByRole('button', { name: 'Keep' })).toBeFocused();
  await expectAccessible(dev, 'CSR detail, cancel confirmation');
  await dev.keyboard.press('Escape');
  await expect(dev.getByRole('alertdialog')).toHaveCount(0);
  await expect(dev.getByRole('button', { name: 'Cancel request' })).toBeFocused();

  // A second request, for the operator to reject.
  const second = await dev.request.post('/api/v1/csrs', { headers: csrf, data: { csr: opensslCsr(ORG).csr } });
  expect(second.status()).toBe(201);
  await open(dev, '/csrs');
  await expectAccessible(dev, 'CSRs, two pending (engineer)');

  // The small-screen menu: a disclosure that opens, takes the focus and closes on Escape.
  await dev.setViewportSize({ width: 390, height: 844 });
  await tabTo(dev, dev.getByRole('button', { name: 'Menu' }));
  await dev.keyboard.press('Enter');
  await expect(dev.getByRole('navigation', { name: 'Main' })).toBeVisible();
  await expectAccessible(dev, 'small-screen menu, open');
  await dev.keyboard.press('Escape');
  await expect(dev.getByRole('button', { name: 'Menu' })).toBeFocused();
  await dev.context().close();
});

test('operator: the queue approved and rejected with the keyboard, and every admin page', async ({ browser }) => {
  const other = await signIn(browser, bystander);
  const otherRes = await other.request.post('/api/v1/csrs', { headers: csrf, data: { csr: opensslCsr(OTHER).csr } });
  expect(otherRes.status()).toBe(201);
  const otherCsr = (await otherRes.json()).id as string;
  await other.context().close();
  const ops = watch(await signIn(browser, operator));
  await open(ops, '/admin/queue');
  const rows = ops.getByRole('listitem').filter({ hasText: `CN=${ORG}` });
  await expect(rows).toHaveCount(2);
  await expectAccessible(ops, 'approval queue, two rows');

  // A request's own page has the same review: its reason box opens and backs out with the keyboard.
  await tabTo(ops, rows.first().getByRole('link', { name: 'Details and PEM' }));
  await ops.keyboard.press('Enter');
  await expect(ops.getByRole('heading', { name: 'Review' })).toBeVisible();
  await expectAccessible(ops, 'CSR page, review');
  await tabTo(ops, ops.getByRole('button', { name: 'Reject…' }));
  await ops.keyboard.press('Enter');
  await expect(ops.getByLabel('Reason')).toBeFocused();
  await expectAccessible(ops, 'CSR page, reject reason open');
  await ops.keyboard.press('Escape');
  await expect(ops.getByRole('button', { name: 'Reject…' })).toBeFocused();
  await open(ops, '/admin/queue');
  await expect(rows).toHaveCount(2);

  // One organization's requests alone: the filter names each with its count, and the URL keeps it.
  const otherRows = ops.getByRole('listitem').filter({ hasText: `CN=${OTHER}` });
  await expect(otherRows).toHaveCount(1);
  await ops.getByLabel('Organization', { exact: true }).selectOption({ label: 'Accessible Ltd (2)' });
  await ops.waitForURL(`**/admin/queue?org=${ORG}`);
  await expect(otherRows).toHaveCount(0);
  await expect(rows).toHaveCount(2);
  await expectAccessible(ops, 'approval queue, one organization');
  await shot(ops, '07i-queue-one-organization');

  // Approve: the days box, then Enter.
  await tabTo(ops, rows.first().getByLabel('Validity in days'));
  await type(ops, '0');
  await ops.keyboard.press('Enter');
  await expect(rows.first().getByText(/Enter whole days/)).toBeVisible();
  await expectAccessible(ops, 'approval queue, invalid validity');
  await ops.keyboard.press('Backspace');
  await type(ops, '90');
  await ops.keyboard.press('Enter');
  // A reviewed row leaves the queue once it refreshes.
  await expect(rows).toHaveCount(1);
  // The approved row's controls went with it; the focus moved on to the next request's days box.
  await expect(ops.getByLabel('Validity in days').first()).toBeFocused();
  // Reject: "Reject…" opens the reason, Enter sends it.
  await tabTo(ops, rows.getByRole('button', { name: 'Reject…' }));
  await ops.keyboard.press('Enter');
  await expect(rows.getByLabel('Reason')).toBeFocused();
  await expectAccessible(ops, 'approval queue, reject reason open');
  await type(ops, 'Please use a new key');
  await ops.keyboard.press('Enter');
  await expect(rows).toHaveCount(0);
  await expect.poll(() => ops.evaluate(() => document.activeElement?.tagName)).toMatch(/^(INPUT|MAIN)$/);
  await expect(ops.getByText('Nothing waiting from Accessible Ltd')).toBeVisible();
  await expectAccessible(ops, 'approval queue, reviewed');
  await shot(ops, '07j-queue-one-organization-done');
  // Back to every organization: the other one's request was there all along.
  await ops.getByRole('button', { name: /^Show every organization \(\d+ waiting\)$/ }).click();
  await ops.waitForURL('**/admin/queue');
  await expect(otherRows).toHaveCount(1);
  expect((await ops.request.post(`/api/v1/csrs/${otherCsr}/reject`, { headers: csrf, data: { reason: 'Only here to be filtered out' } })).status()).toBe(200);
  // A link to an organization's part of the queue with nothing in it (the dashboard's card) names it too.
  await open(ops, `/admin/queue?org=${ORG}`);
  await expect(ops.getByText('Nothing waiting from Accessible Ltd')).toBeVisible();
  await expect(ops.getByLabel('Organization', { exact: true })).toHaveValue(ORG);

  await open(ops, '/admin/orgs');
  await expect(ops.getByRole('link', { name: new RegExp(ORG) })).toBeVisible();
  await tabTo(ops, ops.getByLabel('Organization ID'));
  await type(ops, 'Bad ID!');
  await expect(ops.getByText('3–64 characters')).toBeVisible();
  // The error is the field's description, not only text near it.
  await expect(ops.getByLabel('Organization ID')).toHaveAccessibleDescription(/^3–64 characters/);
  await expect(ops.getByLabel('Organization ID')).toHaveAttribute('aria-invalid', 'true');
  await expectAccessible(ops, 'organizations, invalid ID');

  await open(ops, `/admin/orgs/${ORG}`);
  await expect(ops.getByText(admin.email)).toBeVisible();
  // Where to go next from an organization: its queue, its certificates and its audit log, filtered.
  const links = ops.locator('section', { has: ops.getByRole('heading', { name: 'Requests and certificates' }) });
  await expect(links).toContainText('No CSR waiting for review');
  await expect(links.getByRole('link', { name: 'Audit log' })).toHaveAttribute('href', `/admin/audit?orgId=${ORG}`);
  await expect(links.getByRole('link', { name: '1 certificate' })).toHaveAttribute('href', `/certificates?org=${ORG}`);
  await expectAccessible(ops, 'organization detail');
  await shot(ops, '03b-organization-detail');
  await tabTo(ops, ops.getByLabel('E-mail'));
  await type(ops, `second@${ORG}.test`);
  await ops.keyboard.press('Enter');
  await expect(ops.locator('pre', { hasText: '/invite/' })).toBeVisible();
  await expectAccessible(ops, 'organization detail, invitation link shown');

  await open(ops, '/admin/outbox');
  await expect(ops.getByRole('table')).toBeVisible();
  await expectAccessible(ops, 'mail outbox');
  await tabTo(ops, ops.getByRole('table').getByRole('button').first());
  await ops.keyboard.press('Enter');
  const preview = ops.getByRole('dialog', { name: 'Message preview' });
  await expect(preview.getByText('Key')).toBeVisible();
  // The HTML mail is shown as its recipients get it, in an iframe sandboxed with no permissions:
  // axe cannot run scripts inside it, and its markup is the mail template's, not the portal's.
  // The frame itself is named (frame-title would otherwise be checked on it).
  await expect(preview.locator('iframe[sandbox]')).toHaveAttribute('title', /\S/);
  await expectAccessible(ops, 'mail outbox, preview open', { exclude: ['iframe[sandbox]'] });
  await ops.keyboard.press('Escape');
  await expect(preview).toHaveCount(0);
  await expect(ops.getByRole('table').getByRole('button').first()).toBeFocused();

  for (const [path, where, ready] of [
    ['/admin/audit', 'audit log', 'table'], ['/dashboard', 'dashboard', 'heading'], ['/certificates', 'certificates', 'table'],
    ['/credentials', 'API credentials', 'heading'], ['/signatures', 'signature verifier', 'heading'], ['/settings', 'settings', 'heading'],
  ] as const) {
    await open(ops, path);
    await ops.getByRole(ready).first().waitFor();
    await ops.locator('[aria-busy="true"]').first().waitFor({ state: 'detached' });
    await expectAccessible(ops, `${where} (operator)`);
  }
  await ops.context().close();
});

test('organization admin: members, a certificate revoked, a client, a token, the verifier and the console with the keyboard', async ({ browser }) => {
  const lead = watch(await signIn(browser, admin));
  await open(lead, '/members');
  await expect(lead.getByRole('list', { name: 'Members' }).getByText(engineer.email)).toBeVisible();
  await expectAccessible(lead, 'members');
  await tabTo(lead, lead.getByLabel('E-mail'));
  await type(lead, `third@${ORG}.test`);
  await lead.keyboard.press('Tab');
  await lead.keyboard.press('ArrowDown'); // organization admin
  await expect(lead.getByLabel('Role')).toHaveValue('org_admin');
  // Enter in a <select> does not submit a form (HTML's implicit submission is for text fields).
  await tabTo(lead, lead.getByRole('button', { name: 'Create invitation' }));
  await lead.keyboard.press('Enter');
  await expect(lead.locator('pre', { hasText: '/invite/' })).toBeVisible();
  await expectAccessible(lead, 'members, invitation link shown');
  await tabTo(lead, lead.getByRole('button', { name: 'Remove…' }));
  await lead.keyboard.press('Enter');
  await expect(lead.getByRole('alertdialog')).toBeVisible();
  await expectAccessible(lead, 'members, remove confirmation');
  await lead.keyboard.press('Escape');

  await open(lead, '/certificates');
  await expect(lead.getByRole('table')).toContainText('EC P-384');
  await expectAccessible(lead, 'certificates (organization admin)');
  await lead.getByRole('table').getByRole('link').first().click();
  await expect(lead.getByText('SHA-256 fingerprint')).toBeVisible();
  await lead.locator('body[data-hydrated="true"]').waitFor();
  await expectAccessible(lead, 'certificate detail');
  await tabTo(lead, lead.getByRole('button', { name: 'Revoke…' }));
  await lead.keyboard.press('Enter');
  const dialog = lead.getByRole('dialog', { name: 'Revoke certificate' });
  await expect(dialog.getByLabel('Reason (RFC 5280)')).toBeFocused();
  await expectAccessible(lead, 'certificate detail, revoke dialog');
  await lead.keyboard.press('ArrowDown'); // superseded
  await tabTo(lead, dialog.getByRole('button', { name: 'Revoke certificate' }));
  await lead.keyboard.press('Enter');
  await expect(dialog).toHaveCount(0);
  await expect(lead.locator(':focus')).toContainText('Serial');
  await expect(lead.getByText('Revoked', { exact: true }).first()).toBeVisible();
  await expect(lead.getByText(/Superseded/)).toBeVisible();
  await expectAccessible(lead, 'certificate detail, revoked');

  await open(lead, '/csrs');
  await expectAccessible(lead, 'CSRs with rows (organization admin)');
  await lead.getByRole('row').filter({ hasText: 'Rejected' }).getByRole('link').first().click();
  await expect(lead).toHaveURL(/\/csrs\/[0-9a-f-]{36}$/);
  await expect(lead.getByText('Please use a new key')).toBeVisible();
  await expectAccessible(lead, 'CSR detail, rejected');

  await open(lead, '/credentials');
  await tabTo(lead, lead.getByLabel('Name'));
  await type(lead, 'keyboard-client');
  await lead.keyboard.press('Enter');
  await expect(lead.getByText('shown only this once')).toBeVisible();
  await expectAccessible(lead, 'API credentials, secret shown');
  await tabTo(lead, lead.getByRole('button', { name: 'I have stored the secret' }));
  await lead.keyboard.press('Enter');
  await expect(lead.getByRole('list', { name: 'OAuth clients' })).toBeFocused();
  const row = lead.getByRole('list', { name: 'OAuth clients' }).getByRole('listitem').filter({ hasText: 'keyboard-client' });
  await tabTo(lead, row.getByRole('button', { name: 'Rotate secret' }));
  await lead.keyboard.press('Enter');
  await expectAccessible(lead, 'API credentials, rotate form open');
  await lead.keyboard.press('Escape');
  await tabTo(lead, row.getByRole('button', { name: 'Suspend', exact: true }));
  await lead.keyboard.press('Enter');
  await expect(row.getByRole('alertdialog')).toBeVisible();
  await expectAccessible(lead, 'API credentials, suspend confirmation');
  await lead.keyboard.press('Escape');

  await open(lead, '/settings');
  await tabTo(lead, lead.getByLabel('Name', { exact: true }));
  await type(lead, 'keyboard token');
  // The button is busy while the token is made, and keeps the focus meanwhile (a disabled one would lose it).
  const create = lead.getByRole('button', { name: 'Create token' });
  await tabTo(lead, create);
  await lead.keyboard.press('Enter');
  await expect(lead.getByText('Copy this token now')).toBeVisible();
  await expect(create).toBeFocused();
  const reminders = lead.getByRole('checkbox', { name: /Certificate expiry reminders/ });
  await tabTo(lead, reminders);
  await lead.keyboard.press('Space');
  await expect(reminders).not.toBeChecked();
  await expect(reminders).toBeFocused();
  await expectAccessible(lead, 'settings, token shown');

  await open(lead, '/signatures');
  await tabTo(lead, lead.getByRole('button', { name: 'Load an example' }));
  await lead.keyboard.press('Enter');
  await tabTo(lead, lead.getByRole('button', { name: 'Verify', exact: true }));
  await lead.keyboard.press('Enter');
  await expect(lead.getByRole('status').filter({ hasText: 'Valid: the signature verifies.' })).toBeVisible();
  await expectAccessible(lead, 'signature verifier, result');

  await open(lead, '/console');
  await tabTo(lead, lead.getByLabel('JSON body'));
  await lead.keyboard.press('ControlOrMeta+a');
  await lead.keyboard.insertText('{"amount": "lots"}');
  await tabTo(lead, lead.getByRole('button', { name: 'Run' }));
  await lead.keyboard.press('Enter');
  await expect(lead.getByRole('status').filter({ hasText: 'Failed: 422 from the sandbox.' })).toBeVisible();
  await expectAccessible(lead, 'test console, a run shown');
  await lead.getByLabel('JSON body').fill('{');
  await expect(lead.getByText('The body is not valid JSON.')).toBeVisible();
  await expectAccessible(lead, 'test console, invalid body');

  await open(lead, '/dashboard');
  await lead.getByRole('heading', { name: 'Dashboard' }).waitFor();
  await lead.locator('[aria-busy="true"]').first().waitFor({ state: 'detached' });
  await expectAccessible(lead, 'dashboard (organization admin)');
  await lead.context().close();
});
