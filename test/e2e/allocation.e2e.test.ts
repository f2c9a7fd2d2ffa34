// A coordinator records a need and allocates an offer line to it in Debian's Chromium with
// JavaScript switched off: the needs list, the need form (once with a mistake), the need's page
// with its ranked matches, the allocation, the offer's page showing it, and the needs that line
// could serve — with axe (WCAG 2.2 AA) on every page seen.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser, BrowserContext } from 'playwright-core';
import { formatReference } from '../../src/modules/offers/index.js';
import { assertNoViolations, launchBrowser, signInInBrowser, startServer, type RunningServer } from '../support/browser.js';
import { insertOffer, type InsertedOffer } from '../support/factories.js';
import { createStaffMember, type TestStaffAccount } from '../support/staff.js';

let server: RunningServer;
let browser: Browser;
let context: BrowserContext;
let account: TestStaffAccount;
let near: InsertedOffer;
let far: InsertedOffer;

before(async () => {
  server = await startServer();
  account = await createStaffMember(server.ctx, 'coordinator', { name: 'Άννα Συντονίστρια', language: 'en' });
  near = await insertOffer(server.ctx.db, {
    organisation: { legal_name: 'Φιλόξενο Ηράκλειο' },
    offer: { status: 'verified' },
    lines: [{ kind: 'accommodation', category: 'apartment', places: 6, rooms: 3, region_code: 'GR-M', municipality_code: '7101', suitable_for: ['families'], step_free_access: true }],
  });
  far = await insertOffer(server.ctx.db, {
    organisation: { legal_name: 'Rooms of the Cyclades' },
    offer: { status: 'verified' },
    lines: [{ kind: 'accommodation', category: 'apartment', places: 20, rooms: 8, region_code: 'GR-L' }],
  });
  browser = await launchBrowser();
  context = await browser.newContext({ javaScriptEnabled: false, locale: 'en-GB', viewport: { width: 1024, height: 768 } });
  context.setDefaultTimeout(15_000);
});

after(async () => {
  await context?.close();
  await browser?.close();
  await server?.close();
});

test('a coordinator records a need and allocates places to it, on pages with no accessibility violations', { timeout: 180_000 }, async () => {
  const page = await context.newPage();
  const checkPage = (where: string) => assertNoViolations(page, where);

  await signInInBrowser(page, server, account);
  await page.waitForURL(/\/staff\/offers/);

  await page.getByRole('link', { name: 'Needs', exact: true }).first().click();
  await page.waitForURL(/\/staff\/needs$/);
  assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), 'Needs');
  await checkPage('the needs list, empty');

  await page.getByRole('link', { name: 'Record a need' }).click();
  await checkPage('the need form');
  await page.getByLabel('Accommodation').check();
  await page.getByLabel('Category or type').selectOption('apartment');
  await page.getByLabel('How much is needed').fill('8');
  await page.getByLabel('Region', { exact: true }).selectOption('GR-M');
  // the start date is left out on purpose: the form comes back with an error summary
  const refused = page.waitForResponse((r) => r.request().method() === 'POST' && r.url().endsWith('/staff/needs'));
  await page.getByRole('button', { name: 'Save need' }).click();
  assert.equal((await refused).status(), 422);
  assert.equal(await page.locator('.govgr-error-summary').getByRole('link', { name: 'Enter the date from which it is needed' }).count(), 1);
  assert.equal(await page.getByLabel('How much is needed').inputValue(), '8');
  await checkPage('the need form with an error');

  await page.locator('input[name="starts_on-day"]').fill('1');
  await page.locator('input[name="starts_on-month"]').fill('5');
  await page.locator('input[name="starts_on-year"]').fill('2026');
  await page.getByLabel('Municipality (optional)').selectOption('7101');
  await page.getByLabel('Families with children').check();
  await page.getByRole('button', { name: 'Save need' }).click();
  await page.getByText('The need was recorded.').waitFor();
  await checkPage('the need page with its matches');

  // The line in the need's municipality comes first, the one in a neighbouring region after it.
  const matches = page.locator('li.prosfero-match');
  assert.equal(await matches.count(), 2);
  assert.match((await matches.nth(0).textContent()) ?? '', new RegExp(`${formatReference(near.reference)}[\\s\\S]*In the same municipality[\\s\\S]*Covers 6 places of the 8 places still needed`));
  assert.match((await matches.nth(1).textContent()) ?? '', new RegExp(`${formatReference(far.reference)}[\\s\\S]*In a neighbouring region`));

  await matches.nth(0).getByRole('button', { name: 'Allocate' }).click();
  await page.getByText('The allocation was recorded and the offeror will be told by email.').waitFor();
  assert.match((await page.locator('#allocations-heading + ul').textContent()) ?? '', /Φιλόξενο Ηράκλειο[\s\S]*6 places/);
  assert.equal(await page.locator('li.prosfero-match').count(), 1);
  await checkPage('the need page after the allocation');

  await page.getByRole('link', { name: new RegExp(`${formatReference(near.reference)}, line 1`) }).click();
  await page.waitForURL(new RegExp(`/staff/offers/${near.reference}`));
  assert.equal(await page.locator('#offer-status').textContent(), 'Allocated');
  await checkPage('the offer page with the allocation');

  await page.getByRole('link', { name: 'Needs this line could serve' }).click();
  await page.getByRole('heading', { level: 1 }).waitFor();
  await checkPage('the needs a line could serve');
});
