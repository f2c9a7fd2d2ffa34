// A coordinator reads the dashboard in Debian's Chromium, with JavaScript off and then on: the
// totals, the map (a link per region, followed to the queue filtered to that region), the kind
// filter through the GET form, the chart's table, in English and Greek; a regional coordinator
// sees only their region. axe (WCAG 2.2 AA) on every page seen.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { assertNoViolations, launchBrowser, signInInBrowser, startServer, type RunningServer } from '../support/browser.js';
import { insertOffer, insertStaffAccount } from '../support/factories.js';
import { createStaffMember, type TestStaffAccount } from '../support/staff.js';

let server: RunningServer;
let browser: Browser;
let coordinator: TestStaffAccount;
let cretan: TestStaffAccount;

before(async () => {
  server = await startServer();
  const db = server.ctx.db;
  coordinator = await createStaffMember(server.ctx, 'coordinator', { language: 'en' });
  cretan = await createStaffMember(server.ctx, 'regional_coordinator', { language: 'en', regions: ['GR-M'] });
  const today = new Date();
  const crete = (places: number, status: string) =>
    insertOffer(db, { submittedAt: today, offer: { status }, lines: [{ kind: 'accommodation', category: 'house', places, region_code: 'GR-M' }] });
  await crete(4, 'verified');
  await crete(6, 'verified');
  await crete(3, 'submitted');
  await insertOffer(db, {
    submittedAt: new Date(today.getTime() - 3 * 86400_000),
    offer: { status: 'verified' },
    lines: [
      { kind: 'accommodation', category: 'hotel', places: 30, region_code: 'GR-I' },
      { kind: 'essential_items', category: 'hygiene', quantity: 200, unit: 'kits', region_code: 'GR-I' },
      { kind: 'money', amount: '750', currency: 'EUR', frequency: 'one_off' },
    ],
  });
  const author = await insertStaffAccount(db);
  await db
    .insertInto('needs')
    .values([
      { kind: 'accommodation', quantity: '40', region_code: 'GR-M', starts_on: '2026-01-01', created_by: author.id },
      { kind: 'accommodation', quantity: '10', region_code: 'GR-I', starts_on: '2026-01-01', created_by: author.id },
    ])
    .execute();
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.close();
});

async function signIn(context: BrowserContext, account: TestStaffAccount): Promise<Page> {
  const page = await context.newPage();
  await signInInBrowser(page, server, account);
  await page.waitForURL(/\/staff\/offers/);
  return page;
}

const checkPage = assertNoViolations;

for (const javaScriptEnabled of [false, true]) {
  test(`a coordinator reads the dashboard and follows the map to the queue, JavaScript ${javaScriptEnabled ? 'on' : 'off'}`, { timeout: 180_000 }, async () => {
    const context = await browser.newContext({ javaScriptEnabled, locale: 'en-GB', viewport: { width: 1024, height: 768 } });
    context.setDefaultTimeout(15_000);
    try {
      const page = await signIn(context, coordinator);
      await page.getByRole('link', { name: 'Dashboard' }).click();
      await page.waitForURL(/\/staff\/dashboard$/);
      await checkPage(page, 'the dashboard');
      assert.equal(await page.locator('svg a.prosfero-map__region').count(), 13);
      assert.deepEqual(await page.locator('#places tbody td').allTextContents(), ['43', '40', '0', '40', '50']);
      const crete = page.getByRole('link', { name: 'Kriti: 10 free places, 40 needed (25%)' });
      assert.equal(await crete.count(), 1);
      assert.match((await page.locator('#regions').textContent()) ?? '', /Kriti\s*10\s*40\s*25% – Fewer than half/);
      assert.match((await page.locator('figure.prosfero-map figcaption').textContent()) ?? '', /© EuroGeographics for the administrative boundaries/);
      const perDay = await page.locator('#offers-per-day tbody td').allTextContents();
      assert.equal(perDay.length, 30);
      assert.equal(perDay.at(-1), '3');
      assert.equal(perDay.reduce((a, b) => a + Number(b), 0), 4);
      if (javaScriptEnabled) {
        // The region links are reachable by keyboard.
        await crete.focus();
        assert.equal(await page.evaluate('document.activeElement && document.activeElement.getAttribute("href")'), '/staff/offers?region=GR-M');
      }

      await crete.click();
      await page.waitForURL(/\/staff\/offers\?region=GR-M$/);
      assert.equal(await page.getByLabel('Region', { exact: true }).inputValue(), 'GR-M');
      assert.equal(await page.locator('tbody .prosfero-reference').count(), 3);

      await page.goto(`${server.url}/staff/dashboard`);
      await page.getByLabel('Kind of help').selectOption('essential_items');
      await page.getByRole('button', { name: 'Show figures' }).click();
      await page.waitForURL(/kind=essential_items/);
      assert.equal(await page.getByLabel('Kind of help').inputValue(), 'essential_items');
      assert.deepEqual(await page.locator('#items tbody tr').first().locator('th, td').allTextContents(), ['Hygiene products', 'kits', '200', '200', '0', '200']);
      assert.equal(await page.locator('svg a.prosfero-map__region').count(), 0);
      await checkPage(page, 'the dashboard for essential items');

      await page.goto(`${server.url}/staff/dashboard?kind=nonsense`);
      assert.equal(await page.locator('.govgr-error-summary').count(), 1);
      await checkPage(page, 'the dashboard with a refused filter');

      await page.goto(`${server.url}/staff/dashboard?lang=el`);
      assert.equal(await page.locator('h1').textContent(), 'Πίνακας ελέγχου');
      assert.equal(await page.getByRole('link', { name: 'Κρήτη: 10 ελεύθερες θέσεις, χρειάζονται 40 (25%)' }).count(), 1);
      await checkPage(page, 'the dashboard in Greek');
      await page.goto(`${server.url}/staff/dashboard?lang=en`);
    } finally {
      await context.close();
    }
  });
}

test('a regional coordinator sees only their region on the dashboard', { timeout: 120_000 }, async () => {
  const context = await browser.newContext({ javaScriptEnabled: false, locale: 'en-GB', viewport: { width: 1024, height: 768 } });
  try {
    const page = await signIn(context, cretan);
    await page.goto(`${server.url}/staff/dashboard`);
    assert.deepEqual(await page.locator('svg a.prosfero-map__region').evaluateAll((links) => links.map((a) => a.getAttribute('href'))), ['/staff/offers?region=GR-M']);
    assert.deepEqual(await page.locator('#places tbody td').allTextContents(), ['13', '10', '0', '10', '40']);
    assert.equal(await page.locator('#money').textContent(), 'None yet.');
    await checkPage(page, "a regional coordinator's dashboard");
  } finally {
    await context.close();
  }
});
