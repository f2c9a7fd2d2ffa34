// A coordinator works the review queue in Debian's Chromium with JavaScript switched off:
// searches, filters with the GET form (its values kept), follows a status link and a page link
// (the filters kept), mistypes a date on purpose, and opens an offer — axe (WCAG 2.2 AA) on
// every page seen.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser, BrowserContext } from 'playwright-core';
import { formatReference } from '../../src/modules/offers/index.js';
import { assertNoViolations, launchBrowser, signInInBrowser, startServer, type RunningServer } from '../support/browser.js';
import type { InsertedOffer } from '../support/factories.js';
import { createStaffMember, type TestStaffAccount } from '../support/staff.js';
import { insertQueueOffers, insertSearchableOffer, type Letter } from '../review/support.js';

let server: RunningServer;
let browser: Browser;
let context: BrowserContext;
let account: TestStaffAccount;
let offers: Record<Letter, InsertedOffer>;

before(async () => {
  server = await startServer();
  account = await createStaffMember(server.ctx, 'coordinator', { language: 'en' });
  offers = await insertQueueOffers(server.ctx.db);
  // 55 more in Crete, so the filtered list has a second page.
  for (let i = 0; i < 55; i++) {
    await insertSearchableOffer(server.ctx.db, {
      submittedAt: new Date(Date.UTC(2026, 1, 1, 8, i)),
      organisation: { legal_name: `Κρητικό Σπίτι ${i}` },
      lines: [{ kind: 'accommodation', category: 'house', places: 3, region_code: 'GR-M', municipality_code: '7301' }],
    });
  }
  browser = await launchBrowser();
  context = await browser.newContext({ javaScriptEnabled: false, locale: 'en-GB', viewport: { width: 1024, height: 768 } });
  context.setDefaultTimeout(15_000);
});

after(async () => {
  await context?.close();
  await browser?.close();
  await server?.close();
});

test('a coordinator searches and filters the queue on pages with no accessibility violations', { timeout: 180_000 }, async () => {
  const page = await context.newPage();
  const checkPage = (where: string) => assertNoViolations(page, where);
  const listed = () => page.locator('tbody .prosfero-reference').allTextContents();

  await signInInBrowser(page, server, account);
  await page.waitForURL(/\/staff\/offers/);
  await page.goto(`${server.url}/staff/offers`);
  assert.equal(await page.locator('#offers-total').textContent(), '65 offers in total');
  await checkPage('the queue');

  // The search box, in capitals without accents, finds «Τρόφιμα Θεσσαλονίκης».
  await page.getByLabel('Search', { exact: true }).fill('ΘΕΣΣΑΛΟΝΙΚΗΣ');
  await page.getByRole('button', { name: 'Apply filters' }).click();
  await page.waitForURL(/q=/);
  assert.deepEqual(await listed(), [offers.D.reference]);
  assert.equal(await page.getByLabel('Search', { exact: true }).inputValue(), 'ΘΕΣΣΑΛΟΝΙΚΗΣ');
  await checkPage('the queue searched');

  // Filters through the form: the details open without a script, the values stay chosen.
  await page.getByLabel('Search', { exact: true }).fill('');
  await page.locator('summary').filter({ hasText: 'Filters' }).click();
  await page.getByLabel('Region', { exact: true }).selectOption('GR-M');
  await page.getByLabel('Kind of help').selectOption('accommodation');
  await page.getByRole('button', { name: 'Apply filters' }).click();
  await page.waitForURL(/region=GR-M/);
  assert.equal(await page.locator('#offers-total').textContent(), '57 offers match');
  assert.equal(await page.getByLabel('Region', { exact: true }).inputValue(), 'GR-M');
  assert.equal(await page.getByLabel('Kind of help').inputValue(), 'accommodation');
  assert.equal((await listed()).length, 50);
  await checkPage('the queue filtered');

  // The next page keeps the filters.
  await page.getByRole('link', { name: 'Older offers' }).click();
  assert.match(page.url(), /kind=accommodation&region=GR-M&after=/);
  assert.equal((await listed()).length, 7);
  await checkPage('the second page of a filtered queue');

  // A status link keeps the other filters too.
  await page.getByRole('link', { name: 'Rejected (1)' }).click();
  assert.deepEqual(await listed(), [offers.E.reference]);
  assert.match(page.url(), /status=rejected&kind=accommodation&region=GR-M$/);

  // A date that is no date: 422, the message links to the field, the value stays as typed.
  // The filters are open: some are chosen.
  await page.getByLabel('Submitted from').fill('31/2/2026');
  const refused = page.waitForResponse((r) => r.url().includes('/staff/offers?'));
  await page.getByRole('button', { name: 'Apply filters' }).click();
  assert.equal((await refused).status(), 422);
  assert.match(await page.title(), /^Error: /);
  assert.equal(await page.locator('.govgr-error-summary').getByRole('link', { name: 'Enter a real date, for example 27/3/2026' }).count(), 1);
  assert.equal(await page.getByLabel('Submitted from').inputValue(), '31/2/2026');
  await checkPage('the queue with a mistyped date');

  // Clearing the filters and opening an offer from the list.
  await page.getByRole('link', { name: 'Clear filters' }).click();
  await page.getByRole('link', { name: offers.A.reference }).click();
  assert.equal(new URL(page.url()).pathname, `/staff/offers/${formatReference(offers.A.reference)}`);
});
