import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { errors, expect, type Browser, type Locator, type Page } from '@playwright/test';
import { E2E_DATA_DIR } from '../playwright.config';

export const SCREENSHOTS = path.join(import.meta.dirname, 'screenshots');
mkdirSync(SCREENSHOTS, { recursive: true });

/**
 * A full-page screenshot to look at. caret: 'initial' keeps Playwright from styling inputs, which
 * React would report as a hydration mismatch; animations disabled: settled colours, not
 * mid-transition. Chromium once left a screenshot taken just after a viewport change waiting for
 * its frame until the test's 3 minutes ran out (CI, 2026-12-02): each try is bounded, and a
 * second try is made before the test fails.
 */
export async function shot(page: Page, name: string): Promise<void> {
  const take = () => page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true, caret: 'initial', animations: 'disabled', timeout: 30_000 });
  try {
    await take();
  } catch (error) {
    if (!(error instanceof errors.TimeoutError)) throw error;
    console.warn(`screenshot ${name} timed out; taking it again`);
    await take();
  }
}

export function setupToken(): string {
  const log = readFileSync(path.join(E2E_DATA_DIR, 'server.log'), 'utf8');
  const token = /setup token:\s+(\S+)/.exec(log)?.[1];
  if (!token) throw new Error(`no setup token in the server log:\n${log}`);
  return token;
}

/** A P-384 key and a CSR for `cn`, made by openssl exactly as the onboarding commands say. */
export function opensslCsr(cn: string) {
  const dir = mkdtempSync(path.join(tmpdir(), 'tg-e2e-csr-'));
  execFileSync('openssl', ['ecparam', '-genkey', '-name', 'secp384r1', '-noout', '-out', 'client-key.pem'], { cwd: dir });
  execFileSync('openssl', ['req', '-new', '-key', 'client-key.pem', '-subj', `/CN=${cn}`, '-out', 'client.csr'], { cwd: dir });
  return { dir, csr: readFileSync(path.join(dir, 'client.csr'), 'utf8'), key: readFileSync(path.join(dir, 'client-key.pem'), 'utf8') };
}

/** Navigates and waits until React has hydrated, so a click is never lost to a half-loaded page. */
export async function open(page: Page, url: string) {
  await page.goto(url);
  await page.locator('body[data-hydrated="true"]').waitFor();
}

export async function reload(page: Page) {
  await page.reload();
  await page.locator('body[data-hydrated="true"]').waitFor();
}

/** A fresh browser context signed in as `who`, on the page sign-in lands on. */
export async function signIn(browser: Browser, who: { email: string; password: string }): Promise<Page> {
  const page = await (await browser.newContext({ acceptDownloads: true })).newPage();
  await open(page, '/signin');
  await page.getByLabel('E-mail').fill(who.email);
  await page.getByLabel('Password').fill(who.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL((url) => !url.pathname.startsWith('/signin'));
  await page.locator('body[data-hydrated="true"]').waitFor();
  return page;
}

/** Collects script errors from the pages it watches; a spec asserts on `errors` after its tests. */
export function consoleWatcher() {
  const errors: string[] = [];
  const watch = (page: Page) => {
    page.on('console', (m) => { if (m.type() === 'error') errors.push(`${page.url()}: ${m.text()}`); });
    page.on('pageerror', (e) => errors.push(`${page.url()}: ${e.message}`));
    return page;
  };
  return { errors, watch };
}

const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

/**
 * Runs axe (WCAG 2.1 A and AA) on the page as it is now and adds one line per offending element
 * to `found`: the rule, the state of the page it was seen in, its path, the element and what axe
 * says. A spec asserts `found` is empty after its tests, so one run lists every violation.
 */
export async function axeCheck(found: string[], page: Page, where: string, { exclude = [] }: { exclude?: string[] } = {}) {
  // Colours are judged as they settle: a button that has just stopped being busy is still fading
  // from its pale busy colour (transition-colors), and axe would measure the contrast mid-fade.
  await page.addStyleTag({ content: '*, *::before, *::after { transition: none !important; animation: none !important; }' });
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
  const axe = new AxeBuilder({ page }).withTags(process.env.A11Y_BEST_PRACTICE ? [...WCAG_TAGS, 'best-practice'] : WCAG_TAGS);
  for (const selector of exclude) axe.exclude(selector);
  const { violations } = await axe.analyze();
  for (const v of violations) {
    for (const n of v.nodes) found.push(`${v.id} on ${where} (${new URL(page.url()).pathname}): ${n.target.join(' > ')} — ${v.help}${n.failureSummary ? ` [${n.failureSummary.replace(/\s+/g, ' ')}]` : ''}`);
  }
}

/** Presses Tab until `target` has the focus: the keyboard alone reaches it, in the page's own order. */
export async function tabTo(page: Page, target: Locator, { max = 60, backwards = false } = {}) {
  await expect(target).toBeVisible();
  for (let i = 0; i <= max; i++) {
    if (await target.evaluate((el) => el === document.activeElement, undefined, { timeout: 5_000 })) return;
    await page.keyboard.press(backwards ? 'Shift+Tab' : 'Tab');
  }
  throw new Error(`${target} was not reached with ${max} presses of Tab`);
}
