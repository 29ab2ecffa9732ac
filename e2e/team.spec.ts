// An organization admin's Members page, on the accounts lifecycle.spec.ts leaves behind (this
// file sorts after it and after outbox-dashboard.spec.ts, whose outbox counts it must not change).
import { expect, test } from '@playwright/test';
import { consoleWatcher, open, shot, signIn } from './support';

const operator = { email: 'ops@provider.test', password: 'operator-password-1' };
const engineer = { email: 'dev@acme.test', password: 'engineer-password-1' };
const admin = { email: 'lead@acme.test', password: 'admin-password-1' };
const ORG = 'acme-corp';
const csrf = { 'x-trustgate-csrf': '1' };

const { errors: consoleErrors, watch } = consoleWatcher();
// A refused wrong password is a 4xx the browser reports as a failed load; script errors still count.
test.afterAll(() => expect(consoleErrors.filter((e) => !/Failed to load resource: the server responded with a status of 4\d\d/.test(e))).toEqual([]));

test('an organization admin sees the members and invites one; inviting again replaces the link', async ({ browser }) => {
  // The operator invites the admin; the admin takes the link as the engineer did.
  const ops = await signIn(browser, operator);
  const invited = await ops.request.post(`/api/v1/orgs/${ORG}/invitations`, { headers: csrf, data: { email: admin.email, role: 'org_admin' } });
  expect(invited.status()).toBe(201);
  const accept = await ops.request.post(`/api/invitations/${(await invited.json()).url.split('/invite/')[1]}/accept`, { data: { password: admin.password } });
  expect(accept.status()).toBe(201);

  const lead = watch(await signIn(browser, admin));
  await lead.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Members' }).click();
  await expect(lead).toHaveURL(/\/members$/);
  const members = lead.getByRole('list', { name: 'Members' });
  await expect(members.getByText(engineer.email)).toBeVisible();
  await expect(members.getByText(`${admin.email} (you)`)).toBeVisible();
  // When each last signed in, for an access review: both have, the admin just now.
  await expect(members.getByRole('listitem').filter({ hasText: admin.email })).toContainText('signed in just now');
  await expect(members.getByRole('listitem').filter({ hasText: engineer.email })).toContainText(/signed in (just now|\d+ min ago)/);

  const newcomer = 'newcomer@acme.test';
  await lead.getByLabel('E-mail').fill(newcomer);
  await lead.getByRole('button', { name: 'Create invitation' }).click();
  await expect(lead.getByText(`Invitation link for ${newcomer} (Engineer)`)).toBeVisible();
  const first = (await lead.locator('pre', { hasText: '/invite/' }).textContent())!.trim();
  await expect(lead.getByRole('list', { name: 'Pending invitations' }).getByText(newcomer)).toBeVisible();
  await shot(lead, '32-members-invited');

  // Typing the next invitation takes the link off the screen; the new one replaces the old.
  await lead.getByLabel('E-mail').fill(newcomer);
  await expect(lead.locator('pre', { hasText: '/invite/' })).toHaveCount(0);
  await lead.getByLabel('Role').selectOption('org_admin');
  await lead.getByRole('button', { name: 'Create invitation' }).click();
  await expect(lead.getByText(`Invitation link for ${newcomer} (Organization admin)`)).toBeVisible();
  const second = (await lead.locator('pre', { hasText: '/invite/' }).textContent())!.trim();
  expect(second).not.toBe(first);
  await expect(lead.getByRole('list', { name: 'Pending invitations' }).getByText(newcomer)).toHaveCount(1);

  const visitor = watch(await (await browser.newContext()).newPage());
  await open(visitor, first);
  await expect(visitor.getByRole('heading', { name: 'This invitation is no longer valid' })).toBeVisible();
  await open(visitor, second);
  await expect(visitor.getByRole('heading', { name: 'Join Acme Corp' })).toBeVisible();

  // Engineers have no Members page.
  const dev = watch(await signIn(browser, engineer));
  await expect(dev.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Members' })).toHaveCount(0);
  await open(dev, '/members');
  await expect(dev).toHaveURL(/\/dashboard$/);
});

test('a member changes their password and stays signed in; other sessions end; sign out everywhere', async ({ browser }) => {
  const ops = await signIn(browser, operator);
  const member = { email: 'rotator@acme.test', password: 'first-password-1' };
  const invited = await ops.request.post(`/api/v1/orgs/${ORG}/invitations`, { headers: csrf, data: { email: member.email } });
  const accept = await ops.request.post(`/api/invitations/${(await invited.json()).url.split('/invite/')[1]}/accept`, { data: { password: member.password } });
  expect(accept.status()).toBe(201);

  const here = watch(await signIn(browser, member));
  const elsewhere = await signIn(browser, member);
  await open(here, '/settings');
  await here.getByLabel('Current password').fill('not-the-password');
  await here.getByLabel('New password', { exact: true }).fill('second-password-2');
  await here.getByLabel('Confirm new password').fill('second-password-2');
  await here.getByRole('button', { name: 'Change password' }).click();
  await expect(here.getByText('That is not your current password.')).toBeVisible();
  await expect(here.getByLabel('Current password')).toBeFocused();
  await shot(here, '34-settings-password-wrong');

  await here.getByLabel('Current password').fill(member.password);
  await here.getByRole('button', { name: 'Change password' }).click();
  await expect(here.getByText('Password changed. Your other sessions are signed out.')).toBeVisible();
  await expect(here.getByLabel('Current password')).toHaveValue('');
  const activity = here.getByRole('list', { name: 'Sign-in activity' });
  await expect(activity.getByText('Password changed')).toBeVisible();
  await expect(activity.getByText('Password change refused (wrong current password)')).toBeVisible();
  await shot(here, '35-settings-password-changed');
  // This browser signed in again with the new password; the other one is out.
  await open(here, '/settings');
  await expect(here.getByRole('heading', { name: 'Settings' })).toBeVisible();
  await elsewhere.goto('/settings');
  await expect(elsewhere).toHaveURL(/\/signin/);

  // The current password forgotten while signed in: the e-mailed link, asked for from here.
  await here.getByRole('button', { name: 'E-mail me a link to choose a new one' }).click();
  await expect(here.getByRole('status').filter({ hasText: `Sent to ${member.email}: it works once, for 30 minutes.` })).toBeVisible();
  const resetMails = async () => ((await (await ops.request.get('/api/v1/mail-outbox?state=pending&limit=200')).json()).items as { kind: string; recipient: string }[])
    .filter((m) => m.kind === 'password_reset' && m.recipient === member.email).length;
  await expect.poll(resetMails).toBe(1); // written just after the answer

  await here.getByRole('button', { name: 'Sign out everywhere' }).click();
  await expect(here.getByRole('alertdialog', { name: 'Sign out of every session?' })).toBeVisible();
  await shot(here, '36-settings-sign-out-everywhere');
  await here.getByRole('alertdialog').getByRole('button', { name: 'Sign out everywhere' }).click();
  await expect(here).toHaveURL(/\/signin/);
  await signIn(browser, { email: member.email, password: 'second-password-2' });
});
