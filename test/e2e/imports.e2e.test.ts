// A coordinator imports a file of offers in Debian's Chromium with JavaScript switched off:
// uploads a file that is not a spreadsheet (and is told so), then a CSV with a rejected row,
// reads the reasons, imports the valid offers and sees their references, with axe (WCAG 2.2 AA)
// on every page seen.
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import type { Browser, BrowserContext } from 'playwright-core';
import { assertNoViolations, launchBrowser, signInInBrowser, startServer, type RunningServer } from '../support/browser.js';
import { createStaffMember, type TestStaffAccount } from '../support/staff.js';
import { csvOf, moneyRow, ukrainianRow } from '../imports/support.js';

let server: RunningServer;
let browser: Browser;
let context: BrowserContext;
let account: TestStaffAccount;
const dir = mkdtempSync(path.join(tmpdir(), 'prosfero-import-'));

before(async () => {
  server = await startServer();
  account = await createStaffMember(server.ctx, 'coordinator', { name: 'Νίκη Συντονίστρια', language: 'en' });
  browser = await launchBrowser();
  context = await browser.newContext({ javaScriptEnabled: false, locale: 'en-GB', viewport: { width: 1024, height: 768 } });
  context.setDefaultTimeout(15_000);
});

after(async () => {
  await context?.close();
  await browser?.close();
  await server?.close();
});

test('a coordinator imports the valid offers of a CSV on pages with no accessibility violations', { timeout: 180_000 }, async () => {
  const page = await context.newPage();
  const checkPage = (where: string) => assertNoViolations(page, where);
  await signInInBrowser(page, server, account);

  await page.goto(`${server.url}/staff/imports`);
  assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), 'Import offers from a file');
  await checkPage('the imports page');

  const notSheet = path.join(dir, 'notes.xlsx');
  writeFileSync(notSheet, 'just some text');
  await page.getByLabel('File of offers').setInputFiles(notSheet);
  await page.getByRole('button', { name: 'Check the file' }).click();
  assert.match((await page.locator('.govgr-error-summary').textContent()) ?? '', /is not an XLSX workbook/);
  await checkPage('the imports page with an error');

  const file = path.join(dir, 'offers.csv');
  writeFileSync(file, csvOf([ukrainianRow(), moneyRow(), { ...moneyRow('x@ngo.example.org'), tax_id: '123' }]));
  await page.getByLabel('File of offers').setInputFiles(file);
  await page.getByRole('button', { name: 'Check the file' }).click();
  // Without JavaScript the page refreshes itself (Refresh header) until the rows are checked.
  await page.getByRole('button', { name: 'Import the 2 valid offers' }).waitFor({ timeout: 30_000 });
  assert.match((await page.locator('#rejected').textContent()) ?? '', /Enter a 9-digit Greek tax number/);
  await checkPage('the checked file');

  await page.getByRole('button', { name: 'Import the 2 valid offers' }).click();
  await page.locator('#references').waitFor({ timeout: 30_000 });
  assert.equal(await page.locator('#references li').count(), 2);
  assert.equal(await page.locator('#batch-status').textContent(), 'Imported');
  await checkPage('the imported file');
});
