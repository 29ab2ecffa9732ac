// The dashboard and the mail outbox, on the data lifecycle.spec.ts leaves behind (this file's
// name sorts after it, and the suite runs one file at a time): its accounts, its certificate, and
// the invitation and approval mails waiting in the outbox (the e2e server has no SMTP_URL).
import { expect, test, type Page } from '@playwright/test';
import { consoleWatcher, open, opensslCsr, reload, shot, signIn } from './support';

const operator = { email: 'ops@provider.test', password: 'operator-password-1' };
const engineer = { email: 'dev@acme.test', password: 'engineer-password-1' };
const ORG = 'acme-corp';
const csrf = { 'x-trustgate-csrf': '1' };

test.describe.configure({ mode: 'serial' });

const { errors: consoleErrors, watch } = consoleWatcher();
test.afterAll(() => expect(consoleErrors).toEqual([]));

async function submitCsr(dev: Page, replacesCertificateId?: string): Promise<string> {
  const res = await dev.request.post('/api/v1/csrs', { headers: csrf, data: { csr: opensslCsr(ORG).csr, replacesCertificateId } });
  expect(res.status()).toBe(201);
  return (await res.json()).id;
}

async function approve(ops: Page, csrId: string, validityDays: number): Promise<string> {
  const res = await ops.request.post(`/api/v1/csrs/${csrId}/approve`, { headers: csrf, data: { validityDays } });
  expect(res.status()).toBe(200);
  return (await res.json()).certificate.id;
}

const stat = (page: Page, label: RegExp) => page.locator('dl[aria-label="Certificates by state"] > div', { hasText: label });
const card = (page: Page, title: string) => page.locator('section', { has: page.getByRole('heading', { name: title, exact: true }) });

test('dashboard: counts, what is due for rotation and expiries per week, for an engineer and an operator', async ({ browser }) => {
  const dev = watch(await signIn(browser, engineer));
  await expect(dev).toHaveURL(/\/dashboard$/);
  const ops = watch(await signIn(browser, operator));
  await expect(ops).toHaveURL(/\/dashboard$/);

  const before = (await (await dev.request.get('/api/v1/dashboard')).json()).certificates;
  // Two certificates inside the 30-day rotation window (weeks 1 and 3 of the chart), two after it
  // (weeks 6 and 11); the 12-day one gets a rotation CSR that stays pending.
  const first = await approve(ops, await submitCsr(dev), 12);
  for (const days of [26, 45, 80]) await approve(ops, await submitCsr(dev), days);
  await submitCsr(dev, first);

  await reload(dev);
  await expect(stat(dev, /^Total/)).toContainText(String(before.total + 4));
  await expect(stat(dev, /^Active/)).toContainText(String(before.valid + 2));
  await expect(stat(dev, /^Rotation due/)).toContainText(String(before.rotationDue + 2));
  const due = dev.getByRole('list', { name: 'Certificates due for rotation' }).getByRole('listitem');
  await expect(due).toHaveCount(before.rotationDue + 2);
  await expect(due.first()).toContainText('in 11 days');
  await expect(due.first().getByRole('link', { name: /^Rotate/ })).toHaveAttribute('href', `/csrs/new?replaces=${first}`);

  const weeks = dev.getByRole('list', { name: 'Certificates expiring per week' }).getByRole('listitem');
  await expect(weeks).toHaveCount(13);
  await expect(weeks.nth(1)).toContainText('1 certificate, within 30 days');
  await expect(weeks.nth(3)).toContainText('1 certificate, within 30 days');
  await expect(weeks.nth(6)).toHaveText(/: 1 certificate$/);
  await expect(weeks.nth(11)).toHaveText(/: 1 certificate$/);
  await expect(weeks.nth(0)).toHaveText(/: 0 certificates/);
  await expect(dev.getByText('4 certificates expire in the next 13 weeks, 2 of them within 30 days.')).toBeVisible();
  await shot(dev, '26-dashboard-engineer');

  const outbox = (await (await ops.request.get('/api/v1/mail-outbox')).json()).summary;
  await reload(ops);
  await expect(ops.getByRole('navigation').getByRole('link', { name: 'Dashboard' })).toHaveAttribute('aria-current', 'page');
  await expect(stat(ops, /^Rotation due/)).toContainText(String(before.rotationDue + 2));
  const queue = card(ops, 'Approval queue');
  await expect(queue).toContainText('1 pending CSR');
  await expect(queue).toContainText('1 rotation · 0 new');
  const mail = card(ops, 'Mail outbox');
  await expect(mail.locator('dt:text-is("Pending") + dd')).toHaveText(String(outbox.pending));
  await expect(mail.getByText('SMTP_URL is not set: mail waits in the outbox.')).toBeVisible();
  await expect(ops.getByRole('list', { name: 'Certificates due for rotation' })).toContainText('Acme Corp');
  await expect(ops.getByRole('link', { name: /^Rotate/ })).toHaveCount(0);
  await shot(ops, '27-dashboard-operator');

  await ops.getByRole('button', { name: /Acme Corp.*2 due/ }).click();
  await expect(ops).toHaveURL(/\/dashboard\?org=acme-corp$/);
  await expect(ops.getByLabel('Organization')).toHaveValue(ORG);
  await expect(ops.getByText('Certificates of Acme Corp')).toBeVisible();
  // The queue's card follows the choice: Acme's one rotation, and a link to Acme's part of the queue.
  await expect(queue).toContainText('1 rotation · 0 new');
  await expect(queue.getByRole('link', { name: 'Open the queue' })).toHaveAttribute('href', `/admin/queue?org=${ORG}`);
  await ops.getByLabel('Organization').selectOption({ label: 'All organizations' });
  await expect(ops).toHaveURL(/\/dashboard$/);
});

test('mail outbox: the waiting mails, a preview as the recipient sees it, retry', async ({ browser }) => {
  const ops = watch(await signIn(browser, operator));
  await ops.getByRole('navigation').getByRole('link', { name: 'Mail outbox' }).click();
  await expect(ops).toHaveURL(/\/admin\/outbox$/);
  await expect(ops.getByText('SMTP_URL is not set: mail waits in the outbox.')).toBeVisible();

  const rows = ops.getByRole('row');
  const invitation = rows.filter({ hasText: 'Invitation' });
  await expect(invitation).toContainText(engineer.email);
  await expect(invitation).toContainText('You are invited to Acme Corp on Trustgate');
  await expect(invitation).toContainText('Pending');
  const approvals = rows.filter({ hasText: 'CSR approved' });
  await expect(approvals).toHaveCount(5);
  for (const row of await approvals.all()) await expect(row).toContainText('Pending');

  await ops.getByRole('group', { name: 'State' }).getByRole('button', { name: 'Sent' }).click();
  await expect(ops.getByText('No sent messages')).toBeVisible();
  await ops.getByRole('group', { name: 'State' }).getByRole('button', { name: 'Pending' }).click();
  await expect(rows.filter({ hasText: 'CSR approved' })).toHaveCount(5);
  await shot(ops, '28-outbox');

  await invitation.getByRole('button', { name: 'You are invited to Acme Corp on Trustgate' }).click();
  const preview = ops.getByRole('dialog', { name: 'Message preview' });
  await expect(preview.getByRole('heading', { name: 'You are invited to Acme Corp on Trustgate' })).toBeVisible();
  await expect(preview.locator('iframe')).toHaveAttribute('sandbox', '');
  const frame = preview.frameLocator('iframe[title="The e-mail as HTML"]');
  await expect(frame.getByRole('heading', { name: 'Join Acme Corp on Trustgate' })).toBeVisible();
  await expect(frame.getByText('You are invited as engineer.')).toBeVisible();
  await expect(frame.getByRole('link', { name: 'Accept the invitation' })).toHaveAttribute('href', '[the invitation link: sealed until delivery]');

  await preview.getByRole('tab', { name: 'Plain text' }).click();
  await expect(preview.getByRole('tabpanel')).toContainText('Accept the invitation: [the invitation link: sealed until delivery]');
  await preview.getByRole('tab', { name: 'HTML' }).click();

  await preview.getByRole('button', { name: 'Retry now' }).click();
  await expect(preview.getByRole('status').filter({ hasText: 'Queued. Nothing is sent until SMTP_URL is set.' })).toBeVisible();
  await expect(preview.getByText('Pending', { exact: true })).toBeVisible();
  await expect(preview.locator('dt:text-is("Attempts") + dd')).toHaveText('0');
  await expect(frame.getByRole('heading', { name: 'Join Acme Corp on Trustgate' })).toBeVisible();
  await shot(ops, '29-outbox-preview');

  await ops.keyboard.press('Escape');
  await expect(preview).toBeHidden();
  await expect(invitation).toContainText('Pending');
});

// Last in the suite: its six new certificates and mails would change what the tests above count.
test('the queue approves several CSRs at once, with progress, and each gets its certificate', async ({ browser }) => {
  const dev = watch(await signIn(browser, engineer));
  const ids: string[] = [];
  for (let i = 0; i < 6; i += 1) ids.push(await submitCsr(dev));
  const ops = watch(await signIn(browser, operator));
  // The six, and the rotation CSR the dashboard test left pending.
  const pending = (await (await ops.request.get('/api/v1/csrs?status=pending')).json()).items.length;
  expect(pending).toBe(7);
  await open(ops, '/admin/queue');
  await expect(ops.getByRole('navigation').getByLabel('7 pending')).toBeVisible();
  // A validity typed in one row holds when that row is approved with the selection.
  await ops.locator(`#days-${ids[0]}`).fill('30');
  await ops.getByLabel('7 waiting').check();
  await expect(ops.getByText('7 selected')).toBeVisible();
  await shot(ops, '07b-queue-selected');
  await ops.getByRole('button', { name: 'Approve selected' }).click();
  await expect(ops.getByText('Nothing waiting')).toBeVisible();
  const validity: number[] = [];
  for (const id of ids) {
    const csr = await (await dev.request.get(`/api/v1/csrs/${id}`)).json();
    expect(csr).toMatchObject({ status: 'approved', certificateId: expect.stringMatching(/^[0-9a-f-]{36}$/) });
    const cert = await (await dev.request.get(`/api/v1/certificates/${csr.certificateId}`)).json();
    validity.push(Math.round((Date.parse(cert.notAfter) - Date.parse(cert.notBefore)) / 86_400_000));
  }
  expect(validity).toEqual([30, 365, 365, 365, 365, 365]);
});

// After the bulk approval, so that the queue it counts is as it left it.
test("a CSR's own page: an operator approves it there, rejects another, and sees a colleague's review win", async ({ browser }) => {
  const dev = watch(await signIn(browser, engineer));
  const [first, second, third] = [await submitCsr(dev), await submitCsr(dev), await submitCsr(dev)];
  const ops = watch(await signIn(browser, operator));
  await open(ops, '/admin/queue');
  // From the queue to the request's page, where its PEM and details are.
  await ops.getByRole('listitem').filter({ has: ops.locator(`#days-${first}`) }).getByRole('link', { name: 'Details and PEM' }).click();
  await ops.waitForURL(`**/csrs/${first}`);
  const review = card(ops, 'Review');
  await expect(review).toContainText('Approving signs the certificate at once');
  await expect(ops.getByRole('link', { name: 'Acme Corp' })).toHaveAttribute('href', `/admin/orgs/${ORG}`);
  await review.getByLabel('Validity in days').fill('45');
  await shot(ops, '07c-csr-review');
  await review.getByLabel('Validity in days').press('Enter');
  // The review's controls are gone; the focus is on the note that replaced them.
  await expect(ops.locator('#csr-approved')).toBeFocused();
  await expect(ops.locator('#csr-approved').getByRole('link', { name: 'Back to the approval queue' })).toBeVisible();
  await expect(ops.getByText(/^\d+ \w+ \d{4}, \d\d:\d\d UTC by ops@provider\.test$/)).toBeVisible();
  await expect(ops.getByRole('navigation').getByLabel('2 pending')).toBeVisible();
  await shot(ops, '07d-csr-reviewed');
  const approved = await (await dev.request.get(`/api/v1/csrs/${first}`)).json();
  const cert = await (await dev.request.get(`/api/v1/certificates/${approved.certificateId}`)).json();
  expect(Math.round((Date.parse(cert.notAfter) - Date.parse(cert.notBefore)) / 86_400_000)).toBe(45);
  await ops.getByRole('link', { name: 'Open the certificate and download client-cert.pem' }).click();
  await ops.waitForURL(`**/certificates/${approved.certificateId}`);

  // Rejecting asks for a reason, which the submitter sees.
  await open(ops, `/csrs/${second}`);
  await card(ops, 'Review').getByRole('button', { name: 'Reject…' }).click();
  await expect(ops.getByLabel('Reason')).toBeFocused();
  await ops.getByLabel('Reason').fill('Wrong environment');
  await ops.getByLabel('Reason').press('Enter');
  await expect(ops.getByRole('status').filter({ hasText: 'You rejected this request' })).toBeFocused();
  await shot(ops, '07e-csr-rejected');
  expect(await (await dev.request.get(`/api/v1/csrs/${second}`)).json()).toMatchObject({ status: 'rejected', rejectionReason: 'Wrong environment' });
  // The submitter's page of it says so, and leads to a new upload.
  await open(dev, `/csrs/${second}`);
  await expect(dev.getByText('An operator rejected this request: “Wrong environment”.')).toBeVisible();
  await expect(dev.getByRole('link', { name: 'Upload a new CSR' })).toHaveAttribute('href', '/csrs/new');
  await shot(dev, '07g-csr-rejected-engineer');
  // The engineer's own view of a pending request has no review, only their Cancel.
  await open(dev, `/csrs/${third}`);
  await expect(dev.getByRole('button', { name: 'Cancel request' })).toBeVisible();
  await expect(card(dev, 'Review')).toHaveCount(0);

  // Another operator approves while this page still offers the review: the refusal stays in view
  // with the request's new status. (A page of its own: the refused POST logs a 409 in its console.)
  const late = await signIn(browser, operator);
  await open(late, `/csrs/${third}`);
  await expect(card(late, 'Review')).toBeVisible();
  // On a phone the review wraps inside the page: nothing scrolls sideways.
  await late.setViewportSize({ width: 390, height: 844 });
  await shot(late, '07h-csr-review-phone');
  expect(await late.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await approve(ops, third, 30);
  await card(late, 'Review').getByRole('button', { name: 'Approve' }).click();
  await expect(late.getByRole('alert').filter({ hasText: 'This CSR is already approved.' })).toBeVisible();
  await expect(card(late, 'Review')).toHaveCount(0);
  await shot(late, '07f-csr-review-refused');
  await expect(late.getByRole('link', { name: 'Open the certificate and download client-cert.pem' })).toBeVisible();
  await late.context().close();
  await ops.context().close();
  await dev.context().close();
});
