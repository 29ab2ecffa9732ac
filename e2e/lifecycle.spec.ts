// The whole certificate lifecycle as people do it, in Chromium: first-run setup, an organization
// and an invitation, the engineer's CSR made by openssl, approval in the queue, and the
// downloaded client-cert.pem verified by openssl against /pki/ca.pem.
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { createPrivateKey } from 'node:crypto';
import { axeCheck, consoleWatcher, open, opensslCsr, reload, setupToken, shot, signIn } from './support';
import { contentDigest } from '../lib/signatures/content-digest';
import { request } from '../lib/signatures/message';
import { signMessage } from '../lib/signatures/sign';
import { verifyExportedChain } from '../lib/audit/verify-audit-chain';

const operator = { email: 'ops@provider.test', password: 'operator-password-1' };
const engineer = { email: 'dev@acme.test', password: 'engineer-password-1' };
const ORG = 'acme-corp';
// The engineer's key from the first test (made by openssl), used again to sign requests.
let engineerKeyDir = '';

test.describe.configure({ mode: 'serial' });

const { errors: consoleErrors, watch } = consoleWatcher();
// The setup page exists only before this file's first test; ui-accessibility.spec.ts checks the rest.
const violations: string[] = [];

test.afterAll(() => {
  expect(violations, 'WCAG 2.1 A/AA violations found by axe').toEqual([]);
  // No script error or hydration mismatch on any page. API refusals the test provokes on purpose
  // (a wrong setup token) are shown in the page and also logged by Chromium as failed loads.
  expect(consoleErrors.filter((e) => !/Failed to load resource: the server responded with a status of 4\d\d/.test(e))).toEqual([]);
});

test('setup → organization → invitation → CSR → approval → verified client-cert.pem', async ({ browser }) => {
  const ops = watch(await (await browser.newContext()).newPage());
  await open(ops, '/');
  await expect(ops).toHaveURL(/\/setup$/);
  await shot(ops, '01-setup');
  await axeCheck(violations, ops, 'setup');
  await ops.getByLabel('Setup token').fill('wrong-token');
  await ops.getByLabel('Your e-mail').fill(operator.email);
  await ops.getByLabel('Password', { exact: true }).fill(operator.password);
  await ops.getByLabel('Confirm password').fill(operator.password);
  await ops.getByRole('button', { name: 'Create the operator account' }).click();
  await expect(ops.getByRole('alert').filter({ hasText: 'setup token does not match' })).toBeVisible();
  await axeCheck(violations, ops, 'setup, wrong token');
  await ops.getByLabel('Setup token').fill(setupToken());
  await ops.getByRole('button', { name: 'Create the operator account' }).click();
  await expect(ops).toHaveURL(/\/admin\/orgs$/);

  await ops.getByLabel('Name').fill('Acme Corp');
  await ops.getByLabel('Organization ID').fill('Bad ID!');
  await expect(ops.getByText('3–64 characters')).toBeVisible();
  await ops.getByLabel('Organization ID').fill(ORG);
  await ops.getByRole('button', { name: 'Create organization' }).click();
  await expect(ops.getByRole('link', { name: /Acme Corp/ })).toBeVisible();
  await shot(ops, '02-organizations');
  await ops.getByRole('link', { name: /Acme Corp/ }).click();
  await ops.getByLabel('E-mail').fill(engineer.email);
  await ops.getByRole('button', { name: 'Create invitation' }).click();
  const inviteUrl = (await ops.locator('pre', { hasText: '/invite/' }).textContent())!.trim();
  await shot(ops, '03-organization-invite');

  const dev = watch(await (await browser.newContext({ acceptDownloads: true })).newPage());
  await open(dev, inviteUrl);
  await expect(dev.getByRole('heading', { name: 'Join Acme Corp' })).toBeVisible();
  await shot(dev, '04-invitation');
  await dev.getByLabel('Password', { exact: true }).fill(engineer.password);
  await dev.getByLabel('Confirm password').fill(engineer.password);
  await dev.getByRole('button', { name: 'Create my account' }).click();
  await expect(dev).toHaveURL(/\/csrs\/new$/);
  await expect(dev.getByText(`-subj "/CN=${ORG}"`)).toBeVisible();

  const { csr, dir } = opensslCsr(ORG);
  engineerKeyDir = dir;
  await dev.getByLabel('CSR (PEM)').fill(csr);
  await expect(dev.getByText('Looks good')).toBeVisible();
  await expect(dev.getByText('EC P-384 (384 bits)')).toBeVisible();
  await expect(dev.getByRole('button', { name: 'Submit for approval' })).toBeEnabled();
  await shot(dev, '05-upload-parsed');
  await expectCommandsWhole(dev);
  await dev.getByRole('button', { name: 'Submit for approval' }).click();
  await expect(dev).toHaveURL(/\/csrs\/[0-9a-f-]{36}\?submitted=1$/);
  await expect(dev.getByText('Submitted. An operator will review it')).toBeVisible();
  await shot(dev, '06-csr-pending');

  await open(ops, '/admin/queue');
  await expect(ops.getByText(`CN=${ORG}`)).toBeVisible();
  await expect(ops.getByRole('navigation').getByLabel('1 pending')).toBeVisible();
  await shot(ops, '07-queue');
  await ops.getByRole('button', { name: 'Approve', exact: true }).click();
  await expect(ops.getByText('Nothing waiting')).toBeVisible();
  await shot(ops, '08-queue-empty');

  await reload(dev);
  await dev.getByRole('link', { name: /Open the certificate/ }).click();
  await expect(dev).toHaveURL(/\/certificates\/[0-9a-f-]{36}$/);
  await expect(dev.getByText('SHA-256 fingerprint')).toBeVisible();
  await shot(dev, '09-certificate');
  await expectCommandsWhole(dev);
  const [download] = await Promise.all([dev.waitForEvent('download'), dev.getByRole('link', { name: 'Download client-cert.pem', exact: true }).click()]);
  expect(download.suggestedFilename()).toBe('client-cert.pem');
  const certFile = path.join(dir, 'client-cert.pem');
  await download.saveAs(certFile);
  const chain = await (await dev.request.get('/pki/ca.pem')).text();
  writeFileSync(path.join(dir, 'ca.pem'), chain);
  const verified = execFileSync('openssl', ['verify', '-x509_strict', '-purpose', 'sslclient', '-CAfile', 'ca.pem', 'client-cert.pem'], { cwd: dir }).toString();
  expect(verified).toContain('client-cert.pem: OK');
  const keyHash = execFileSync('sh', ['-c', 'openssl pkey -in client-key.pem -pubout -outform DER | openssl dgst -sha256'], { cwd: dir }).toString();
  const certHash = execFileSync('sh', ['-c', 'openssl x509 -in client-cert.pem -pubkey -noout | openssl pkey -pubin -outform DER | openssl dgst -sha256'], { cwd: dir }).toString();
  expect(keyHash.split('= ')[1]).toBe(certHash.split('= ')[1]);

  await open(dev, '/certificates');
  await expect(dev.getByRole('table')).toContainText('EC P-384');
  await shot(dev, '10-certificates');
  await open(dev, '/csrs');
  await shot(dev, '11-csrs');
  await open(dev, '/settings');
  await dev.getByLabel('Name').fill('ci');
  await dev.getByRole('button', { name: 'Create token' }).click();
  await expect(dev.getByText('shown only once')).toBeVisible();
  await shot(dev, '12-settings');

  await open(ops, '/admin/audit');
  await ops.getByRole('button', { name: 'Verify chain' }).click();
  await expect(ops.getByText(/chain intact/)).toBeVisible();
  await ops.getByLabel('Organization ID').fill(ORG);
  // The filter applies (and reaches the URL and the export links) once typing pauses.
  await expect(ops).toHaveURL(/[?&]orgId=acme-corp\b/);
  await expect(ops.getByRole('table')).toContainText('csr.approve');
  await shot(ops, '13-audit');
  const [exported] = await Promise.all([ops.waitForEvent('download'), ops.getByRole('link', { name: 'Export JSON Lines' }).click()]);
  expect(exported.suggestedFilename()).toMatch(/^trustgate-audit-\d{4}-\d{2}-\d{2}\.jsonl$/);
  const exportFile = path.join(dir, 'audit.jsonl');
  await exported.saveAs(exportFile);
  const exportText = readFileSync(exportFile, 'utf8');
  const exportedEntries = exportText.trim().split('\n').map((line) => JSON.parse(line));
  expect(exportedEntries.every((e) => e.orgId === ORG)).toBe(true);
  expect(exportedEntries.map((e) => e.action)).toEqual(expect.arrayContaining(['csr.submit', 'csr.approve']));
  expect(verifyExportedChain(exportText, { filtered: true })).toMatchObject({ ok: true, entries: exportedEntries.length });

  // By time: the boxes take the browser's local time; the URL and the export carry UTC.
  await ops.getByRole('button', { name: 'Clear filters' }).click();
  await expect(ops).toHaveURL(/\/admin\/audit$/);
  const localMinute = (iso: string, shiftMs = 0) => ops.evaluate(([at, shift]) => {
    const d = new Date(Date.parse(at as string) + (shift as number));
    return new Date(d.getTime() - d.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
  }, [iso, shiftMs] as const);
  await ops.getByLabel(/^From:/).fill(await localMinute(new Date().toISOString(), 3_600_000));
  await expect(ops).toHaveURL(/[?&]since=\d{4}-\d{2}-\d{2}T/);
  await expect(ops.getByText('No entries match')).toBeVisible();
  const approvedAt = exportedEntries.find((e) => e.action === 'csr.approve').at as string;
  await ops.getByLabel(/^From:/).fill(await localMinute(approvedAt));
  await expect(ops.getByRole('table')).toContainText('csr.approve');
  await shot(ops, '13b-audit-by-time');
  const [stretch] = await Promise.all([ops.waitForEvent('download'), ops.getByRole('link', { name: 'Export JSON Lines' }).click()]);
  await stretch.saveAs(exportFile);
  const stretchText = readFileSync(exportFile, 'utf8');
  const since = new URL(ops.url()).searchParams.get('since')!;
  const stretchEntries = stretchText.trim().split('\n').map((line) => JSON.parse(line));
  expect(stretchEntries.every((e) => e.at >= since)).toBe(true);
  expect(stretchEntries.map((e) => e.action)).toContain('csr.approve');
  // Filtered by time alone, the export is one unbroken stretch of the chain: checked link by link.
  expect(verifyExportedChain(stretchText)).toMatchObject({ ok: true, entries: stretchEntries.length });
  await open(ops, '/certificates');
  await expect(ops.getByRole('table')).toContainText('acme-corp');
  await shot(ops, '14-operator-certificates');

  // From a certificate to its history: its approval and its CSR's submission, nothing else.
  await ops.getByRole('table').locator('a[href^="/certificates/"]').first().click();
  await expect(ops.getByRole('link', { name: 'Audit trail' })).toBeVisible();
  await shot(ops, '14a-operator-certificate');
  const certificateUrl = ops.url();
  await ops.getByRole('link', { name: 'Audit trail' }).click();
  await expect(ops).toHaveURL(/\/admin\/audit\?objectId=[0-9a-f-]{36}%2C[0-9a-f-]{36}$/);
  const trail = ops.getByRole('table').locator('tbody tr');
  await expect(trail).toHaveCount(2);
  await expect(trail.nth(0)).toContainText('csr.approve');
  await expect(trail.nth(1)).toContainText('csr.submit');
  await shot(ops, '14b-audit-trail');
  // And back: an entry's object and organization lead to their pages.
  await expect(trail.nth(1).locator('a[href="/admin/orgs/acme-corp"]')).toBeVisible();
  await trail.nth(0).locator('a[href^="/certificates/"]').click();
  await expect(ops).toHaveURL(certificateUrl);
  await ops.goBack();
  await ops.getByRole('button', { name: 'Show every object' }).click();
  await expect(ops).toHaveURL(/\/admin\/audit$/);
  await expect(trail.first()).toBeVisible();
  expect(await trail.count()).toBeGreaterThan(2);
});

test('sign-in returns to the page asked for, and never to another host', async ({ browser }) => {
  const page = watch(await (await browser.newContext()).newPage());
  await page.goto('/csrs/new?from=mail');
  await page.waitForURL(/\/signin\?next=/);
  await page.locator('body[data-hydrated="true"]').waitFor();
  await page.getByLabel('E-mail').fill(engineer.email);
  await page.getByLabel('Password').fill(engineer.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL((url) => url.pathname === '/csrs/new' && url.search === '?from=mail');

  const other = watch(await (await browser.newContext()).newPage());
  await open(other, `/signin?next=${encodeURIComponent('//evil.example/x')}`);
  await other.getByLabel('E-mail').fill(engineer.email);
  await other.getByLabel('Password').fill(engineer.password);
  await other.getByRole('button', { name: 'Sign in' }).click();
  await other.waitForURL((url) => !url.pathname.startsWith('/signin'));
  expect(new URL(other.url()).host).toBe(new URL(page.url()).host);
});

test('a pasted private key is refused in the browser and never sent', async ({ browser }) => {
  const dev = await signIn(browser, engineer);
  const posts: string[] = [];
  dev.on('request', (r) => { if (r.method() === 'POST' && r.url().includes('/api/v1/csrs')) posts.push(r.url()); });
  await open(dev, '/csrs/new');
  const { key } = opensslCsr(ORG);
  await dev.getByLabel('CSR (PEM)').fill(key);
  await expect(dev.getByRole('alert').filter({ hasText: 'That is a private key. It was not sent' })).toBeVisible();
  await expect(dev.getByLabel('CSR (PEM)')).toHaveValue('');
  await expect(dev.getByRole('button', { name: 'Submit for approval' })).toBeDisabled();
  await shot(dev, '15-private-key-refused');
  expect(posts).toEqual([]);
});

test('API credentials: a client, its secret once, a token with it, rotation with overlap, suspension', async ({ browser }) => {
  const dev = watch(await signIn(browser, engineer));
  await open(dev, '/credentials');
  await expect(dev.getByText('No OAuth clients yet')).toBeVisible();
  await shot(dev, '16-credentials-empty');

  await dev.getByLabel('Name').fill('payments-service');
  await dev.getByLabel('Bound to our certificates').check();
  await dev.getByLabel('Bound to our certificates').uncheck();
  await dev.getByRole('button', { name: 'Create client' }).click();
  await expect(dev.getByText('shown only this once')).toBeVisible();
  const clientId = (await dev.locator('pre', { hasText: /^cli_/ }).first().textContent())!.trim();
  const secret = (await dev.locator('pre', { hasText: /^tgs_/ }).textContent())!.trim();
  await expect(dev.locator('pre', { hasText: /^curl -s -u/ })).toContainText('grant_type=client_credentials');
  await shot(dev, '17-credentials-secret');

  const token = (s: string) =>
    dev.request.post('/oauth/token', { headers: { authorization: `Basic ${Buffer.from(`${clientId}:${s}`).toString('base64')}` }, form: { grant_type: 'client_credentials' } });
  const first = await token(secret);
  expect(first.status()).toBe(200);
  expect((await first.json()).token_type).toBe('Bearer');

  await dev.getByRole('button', { name: 'I have stored the secret' }).click();
  await expect(dev.locator('pre', { hasText: /^tgs_/ })).toHaveCount(0);
  const row = dev.getByRole('list', { name: 'OAuth clients' }).getByRole('listitem').filter({ hasText: 'payments-service' });
  await expect(row).toContainText(clientId);
  await expect(row).toContainText('payments:write');

  await row.getByRole('button', { name: 'Rotate secret' }).click();
  await row.getByLabel('The current secret stops working').selectOption({ label: 'After 1 hour' });
  await row.getByRole('button', { name: 'Issue new secret' }).click();
  await expect(row.getByText(/The previous secret keeps working until/)).toBeVisible();
  const rotated = (await row.locator('pre', { hasText: /^tgs_/ }).textContent())!.trim();
  expect(rotated).not.toBe(secret);
  await shot(dev, '18-credentials-rotated');
  expect((await token(secret)).status()).toBe(200);
  expect((await token(rotated)).status()).toBe(200);

  const ops = watch(await signIn(browser, operator));
  await open(ops, '/credentials');
  const opsRow = ops.getByRole('list', { name: 'OAuth clients' }).getByRole('listitem').filter({ hasText: 'payments-service' });
  await expect(opsRow).toContainText(ORG);
  await opsRow.getByRole('button', { name: 'Suspend', exact: true }).click();
  await opsRow.getByRole('alertdialog').getByRole('button', { name: 'Suspend client' }).click();
  await expect(opsRow.getByText('suspended', { exact: true })).toBeVisible();
  await shot(ops, '19-credentials-operator');
  const refused = await token(rotated);
  expect(refused.status()).toBe(400);
  expect((await refused.json()).error).toBe('unauthorized_client');
});

test('signature verifier: the RFC example, then a request signed with our certificate, then a tampered one', async ({ browser }) => {
  const dev = watch(await signIn(browser, engineer));
  await open(dev, '/signatures');
  await expect(dev.getByText('The verdict appears here')).toBeVisible();
  await shot(dev, '20-verifier-empty');
  await dev.getByRole('button', { name: 'Load an example' }).click();
  await dev.getByRole('button', { name: 'Verify', exact: true }).click();
  await expect(dev.getByRole('status').filter({ hasText: 'Valid: the signature verifies.' })).toBeVisible();
  await expect(dev.getByText('"@signature-params": ("date" "@authority" "content-type")')).toBeVisible();
  await shot(dev, '21-verifier-example');

  const certs = await (await dev.request.get('/api/v1/certificates?status=active')).json();
  const cert = certs.items[0];
  const body = '{"amount":"10.00","currency":"EUR"}';
  const m = request('POST', 'https://localhost:8443/sandbox/v1/payments', { Host: 'localhost:8443', 'Content-Type': 'application/json', 'Content-Digest': contentDigest(body) }, body);
  const key = createPrivateKey(readFileSync(path.join(engineerKeyDir, 'client-key.pem')));
  signMessage(m, { components: ['@method', '@target-uri', 'content-digest'], params: { created: Math.floor(Date.now() / 1000), keyid: cert.fingerprintSha256 }, key, algorithm: 'ecdsa-p384-sha384' });
  const raw = `POST /sandbox/v1/payments HTTP/1.1\n${m.headers.map(([k, v]) => `${k}: ${v}`).join('\n')}\n\n${body}`;

  await dev.getByLabel('Signed request').fill(raw);
  await dev.getByLabel('One of our certificates').check();
  await dev.getByLabel('Certificate', { exact: true }).selectOption(cert.id);
  await dev.getByLabel('Check as of (epoch seconds)').fill('');
  await dev.getByRole('button', { name: 'Verify', exact: true }).click();
  await expect(dev.getByRole('status').filter({ hasText: 'Valid: the signature verifies.' })).toBeVisible();
  await expect(dev.getByText('checked with an EC P-384 key')).toBeVisible();

  await dev.getByLabel('Signed request').fill(raw.replace('10.00', '99.00'));
  await dev.getByRole('button', { name: 'Verify', exact: true }).click();
  await expect(dev.getByRole('status').filter({ hasText: 'Not valid.' })).toBeVisible();
  await expect(dev.getByText('content_digest_mismatch')).toBeVisible();
  await shot(dev, '22-verifier-tampered');
});

test('test console: a live sandbox payment through mTLS, every step shown', async ({ browser }) => {
  const dev = watch(await signIn(browser, engineer));
  await open(dev, '/console');
  await expect(dev.getByText('Each step appears here')).toBeVisible();
  await shot(dev, '23-console-empty');
  await dev.getByRole('button', { name: 'Run' }).click();
  await expect(dev.getByRole('status').filter({ hasText: 'Passed: 201 from the sandbox.' })).toBeVisible();
  const layers = dev.getByRole('list', { name: 'Layers' });
  for (const layer of ['mtls', 'token', 'signature']) await expect(layers.getByText(`✓ ${layer}`)).toBeVisible();
  await expect(dev.getByText('TLSv1.3').first()).toBeVisible();
  await expect(dev.getByText('"@signature-params": ("@method" "@target-uri" "content-digest" "idempotency-key")', { exact: false })).toBeVisible();
  await expect(dev.getByText('--cert client-cert.pem --key client-key.pem', { exact: false })).toBeVisible();
  await expect(dev.getByRole('list', { name: 'Recent runs' }).getByText('POST /sandbox/v1/payments')).toBeVisible();
  await shot(dev, '24-console-trace');

  await dev.getByLabel('JSON body').fill('{"amount": "lots"}');
  await dev.getByRole('button', { name: 'Run' }).click();
  await expect(dev.getByRole('status').filter({ hasText: 'Failed: 422 from the sandbox.' })).toBeVisible();
  await shot(dev, '25-console-failed');
});

/**
 * The copy-paste commands are readable whole where they stand: none scrolls sideways (in the
 * certificate page's narrow column a pipeline showed a quarter of itself), and each line breaks
 * only at a space, never after an option's hyphen.
 */
async function expectCommandsWhole(page: Page) {
  const commands = page.locator('pre', { hasText: /^(openssl|curl) / });
  expect(await commands.count()).toBeGreaterThan(1);
  for (const pre of await commands.all()) {
    const [scroll, client] = await pre.evaluate((el) => [el.scrollWidth, el.clientWidth]);
    expect(scroll, await pre.textContent() ?? '').toBeLessThanOrEqual(client);
    // One box per word: each is kept on one line (a word split across two lines has two).
    const words = await pre.locator('span').evaluateAll((spans) => spans.map((w) => w.getClientRects().length));
    expect(words.length).toBe(((await pre.textContent()) ?? '').trim().split(/\s+/).length);
    expect(words.every((boxes) => boxes === 1)).toBe(true);
  }
}
