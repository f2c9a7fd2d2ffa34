// Browser tests as a person meets the service: the real app listening on a loopback port over a
// real (embedded) test database, driven in Debian's Chromium, with axe checking every page.
// Nothing is downloaded: playwright-core only drives /usr/bin/chromium (scripts/test.sh installs
// it), and a missing browser fails the test rather than skipping it.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { AxeBuilder } from '@axe-core/playwright';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { buildApp } from '../../src/app.js';
import { loadConfig, type Config } from '../../src/config.js';
import type { AppContext, Clock } from '../../src/platform/context.js';
import { testDatabase, type TestDatabase } from './database.js';
import { freshTotpCode, type TestStaffAccount } from './staff.js';

export const CHROMIUM_PATH = '/usr/bin/chromium';

/**
 * Flags for headless Chromium on a machine with no network but loopback: background networking,
 * component updates and sync would only make refused connections; --no-sandbox because tests
 * run as root here.
 */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/**
 * Launches Debian's Chromium through playwright-core (a fresh, empty profile each time).
 * @throws Error when /usr/bin/chromium is missing: run `npm test`, which installs it.
 */
export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(`${CHROMIUM_PATH} is missing: install Debian's chromium package (npm test does so as root)`);
  }
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS });
}

export type RunningServer = {
  /** e.g. http://127.0.0.1:41237, no trailing slash */
  url: string;
  ctx: AppContext;
  database: TestDatabase;
  close(): Promise<void>;
};

/**
 * The real application listening on an ephemeral port on 127.0.0.1, over a fresh migrated
 * embedded database (PGlite in memory) with the reference data loaded.
 * @param options.env extra environment for loadConfig (NODE_ENV is always `test`)
 */
export async function startServer(options: { env?: Record<string, string>; clock?: Clock; config?: Partial<Config> } = {}): Promise<RunningServer> {
  const database = await testDatabase('pglite');
  const config = {
    ...loadConfig({ NODE_ENV: 'test', SESSION_SECRET: 'test-secret-test-secret-test-secret-0123', LOG_LEVEL: 'silent', ...options.env }),
    ...options.config,
  };
  const ctx: AppContext = { db: database.db, engine: database.engine, config, clock: options.clock ?? { now: () => new Date() } };
  const app = await buildApp({ ctx, logger: false });
  try {
    await app.listen({ port: 0, host: '127.0.0.1' });
  } catch (err) {
    await app.close();
    await database.close();
    throw err;
  }
  const address = app.server.address();
  if (!address || typeof address === 'string') throw new Error('the server has no TCP address');
  return {
    url: `http://127.0.0.1:${address.port}`,
    ctx,
    database,
    async close() {
      await app.close();
      await database.close();
    },
  };
}

/** WCAG 2.0, 2.1 and 2.2 at levels A and AA: what EN 301 549 (and so Greek law 4727/2020) requires. */
export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

export type AxeViolation = { id: string; impact?: string | null; help: string; helpUrl: string; targets: string[] };

// axe runs inside the page and waits on timers, which never fire where JavaScript is disabled
// (measured: analyze() hangs until the test times out). So axe checks a copy: the page's DOM
// served again, at the same address, to a page of a JavaScript-enabled context from
// browser.newContext(), with the same stylesheets and viewport. Our pages load no script, so the
// copy is the page a person sees, in the state they see it (an error summary, a confirmation).
const axeContexts = new WeakMap<Browser, Promise<BrowserContext>>();

/**
 * Runs axe with the WCAG 2.0/2.1/2.2 A and AA rules on the page as it is now.
 * @returns the violations, [] when there are none
 */
export async function checkAccessibility(page: Page): Promise<AxeViolation[]> {
  const browser = page.context().browser();
  if (!browser) throw new Error('checkAccessibility needs a page from browser.newContext()');
  let context = axeContexts.get(browser);
  if (!context) {
    context = browser.newContext({ javaScriptEnabled: true });
    axeContexts.set(browser, context);
  }
  const html = await page.content();
  const address = new URL(page.url());
  address.hash = '';
  const copy = await (await context).newPage();
  try {
    const viewport = page.viewportSize();
    if (viewport) await copy.setViewportSize(viewport);
    await copy.route(
      (u) => u.href === address.href,
      (route) => route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: html }),
    );
    await copy.goto(address.href, { waitUntil: 'load' });
    const results = await new AxeBuilder({ page: copy }).withTags(AXE_TAGS).analyze();
    return results.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      helpUrl: v.helpUrl,
      targets: v.nodes.map((n) => `${n.target.join(' ')}${n.failureSummary ? ` — ${n.failureSummary.replace(/\s+/g, ' ')}` : ''}`),
    }));
  } finally {
    await copy.close();
  }
}

/** Violations as readable lines, for an assertion's message. */
export function describeViolations(where: string, violations: AxeViolation[]): string {
  return [
    `axe found ${violations.length} violation(s) on ${where}:`,
    ...violations.flatMap((v) => [`- ${v.id} (${v.impact ?? 'n/a'}): ${v.help}`, ...v.targets.map((t) => `    ${t}`)]),
  ].join('\n');
}

/**
 * Fails with the violations listed when axe finds any on the page as it is now (WCAG 2.2 AA, AXE_TAGS).
 * @param where the page's name in the failure message
 */
export async function assertNoViolations(page: Page, where: string): Promise<void> {
  const violations = await checkAccessibility(page);
  assert.deepEqual(violations.map((v) => v.id), [], describeViolations(where, violations));
}

/**
 * Signs a staff member in through the real pages (password, then a TOTP code the server accepts
 * now — the next step's when this one was already used, see freshTotpCode) and waits until the
 * back office has answered past the sign-in pages.
 * @param account an account made by test/support/staff.ts, enrolled in TOTP
 */
export async function signInInBrowser(page: Page, server: RunningServer, account: TestStaffAccount): Promise<void> {
  await page.goto(`${server.url}/staff/sign-in?lang=en`);
  await page.locator('input[name="email"]').fill(account.email);
  await page.locator('input[name="password"]').fill(account.password);
  await page.locator('form[action="/staff/sign-in"] button[type="submit"]').click();
  await page.locator('input[name="code"]').fill(await freshTotpCode(server.ctx, account));
  await page.locator('input[name="code"]').press('Enter');
  await page.waitForURL((url) => !/^\/staff\/(sign-in|totp)/.test(url.pathname));
}
