// A double click sends one request, not two: TanStack Query reports a mutation as pending a timer
// tick later, so before components/ui/use-action.ts the second click got through and made a second
// OAuth client (its secret never shown) and a second API token. Its organization and admin are its
// own (made with the CLI), so nothing the other specs count changes; it sorts after them because
// sign-in needs the first-run setup lifecycle.spec.ts does, and before workers.spec.ts.
import { execFileSync } from 'node:child_process';
import { expect, test, type Page } from '@playwright/test';
import { E2E_DATA_DIR } from '../playwright.config';
import { consoleWatcher, open, signIn } from './support';

const ORG = `double-${Date.now().toString(36)}`;
const admin = { email: `lead@${ORG}.test`, password: 'double-submit-password-1' };

const cli = (...args: string[]) =>
  execFileSync(process.execPath, ['--import', 'tsx', 'cli/index.ts', ...args], { env: { ...process.env, DATA_DIR: E2E_DATA_DIR, DATABASE_URL: '' }, stdio: 'pipe' });

const { errors: consoleErrors, watch } = consoleWatcher();
test.afterAll(() => expect(consoleErrors).toEqual([]));

test.beforeAll(() => {
  cli('org', 'create', '--id', ORG, '--name', 'Double Submit Ltd');
  cli('user', 'create', '--email', admin.email, '--password', admin.password, '--role', 'org_admin', '--org', ORG);
});

/** Every non-GET request to `path` while `act` runs and the page settles after the first answer. */
async function writesDuring(page: Page, path: RegExp, act: () => Promise<void>): Promise<string[]> {
  const seen: string[] = [];
  const watchRequest = (r: { method(): string; url(): string }) => { if (r.method() !== 'GET' && path.test(new URL(r.url()).pathname)) seen.push(`${r.method()} ${r.url()}`); };
  page.on('request', watchRequest);
  const answered = page.waitForResponse((r) => r.request().method() !== 'GET' && path.test(new URL(r.url()).pathname));
  await act();
  await answered;
  await page.waitForTimeout(1_000); // a second request would have left by now
  page.off('request', watchRequest);
  return seen;
}

/**
 * Holds the page's first GET of `path` (answered by the server at once) until a POST to it has
 * been answered: the list is still loading when the write completes, as on a slow server. The
 * list must show the new item all the same (components/ui/refresh; CI once showed it empty).
 */
async function holdFirstLoadUntilWritten(page: Page, path: RegExp) {
  let written!: () => void;
  const done = new Promise<void>((resolve) => (written = resolve));
  void page.waitForResponse((r) => r.request().method() === 'POST' && path.test(new URL(r.url()).pathname), { timeout: 120_000 }).then(() => written());
  let held = false;
  await page.route((url) => path.test(url.pathname), async (route) => {
    if (route.request().method() !== 'GET' || held) return route.continue();
    held = true;
    const response = await route.fetch();
    await done;
    await route.fulfill({ response });
  });
}

test('double-clicking "Create client" creates one OAuth client', async ({ browser }) => {
  const lead = watch(await signIn(browser, admin));
  await holdFirstLoadUntilWritten(lead, /^\/api\/v1\/oauth-clients$/);
  await open(lead, '/credentials');
  await lead.getByLabel('Name').fill('payments-service');
  const posts = await writesDuring(lead, /^\/api\/v1\/oauth-clients$/, () => lead.getByRole('button', { name: 'Create client' }).dblclick());
  expect(posts).toHaveLength(1);
  await expect(lead.getByText('Copy the secret now')).toBeVisible();
  await expect(lead.getByRole('list', { name: 'OAuth clients' }).getByRole('listitem')).toHaveCount(1);
});

test('double-clicking "Create token" creates one API token', async ({ browser }) => {
  const lead = watch(await signIn(browser, admin));
  await holdFirstLoadUntilWritten(lead, /^\/api\/v1\/tokens$/);
  await open(lead, '/settings');
  await lead.getByLabel('Name', { exact: true }).fill('deploy pipeline');
  const posts = await writesDuring(lead, /^\/api\/v1\/tokens$/, () => lead.getByRole('button', { name: 'Create token' }).dblclick());
  expect(posts).toHaveLength(1);
  await expect(lead.getByText('Copy this token now')).toBeVisible();
  await expect(lead.getByRole('list', { name: 'API tokens' }).getByRole('listitem')).toHaveCount(1);
});
