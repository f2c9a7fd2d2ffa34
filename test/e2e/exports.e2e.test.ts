// A coordinator exports offers from the review queue in Debian's Chromium with JavaScript switched
// off: a small, searched selection downloads at once (CSV for Excel and XLSX, each checked for its
// content type and first bytes), then the whole queue, more rows than EXPORT_INLINE_MAX_ROWS
// (set to 3 here), is queued as a background job whose page shows its progress and, once the
// export worker has run it, the download — axe (WCAG 2.2 AA) on every page seen.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import type { Browser, BrowserContext, Download, Page } from 'playwright-core';
import { startExportWorker, type ExportWorker } from '../../src/modules/exports/index.js';
import { formatReference } from '../../src/modules/offers/index.js';
import { assertNoViolations, launchBrowser, signInInBrowser, startServer, type RunningServer } from '../support/browser.js';
import type { InsertedOffer } from '../support/factories.js';
import { createStaffMember, type TestStaffAccount } from '../support/staff.js';
import { insertQueueOffers, type Letter } from '../review/support.js';

const CSV_TYPE = 'text/csv; charset=utf-8; header=present';
const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

let server: RunningServer;
let browser: Browser;
let context: BrowserContext;
let account: TestStaffAccount;
let offers: Record<Letter, InsertedOffer>;
let worker: ExportWorker | null = null;
const dir = mkdtempSync(path.join(tmpdir(), 'prosfero-export-e2e-'));

before(async () => {
  server = await startServer({ env: { EXPORT_INLINE_MAX_ROWS: '3', EXPORT_DIR: path.join(dir, 'exports') } });
  account = await createStaffMember(server.ctx, 'coordinator', { language: 'en' });
  offers = await insertQueueOffers(server.ctx.db);
  browser = await launchBrowser();
  context = await browser.newContext({ javaScriptEnabled: false, locale: 'en-GB', viewport: { width: 1024, height: 768 }, acceptDownloads: true });
  context.setDefaultTimeout(15_000);
});

after(async () => {
  await worker?.stop();
  await context?.close();
  await browser?.close();
  await server?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Follows the link named `name` and waits for both the download and its response (for the headers). */
async function download(page: Page, name: string | RegExp): Promise<{ file: Buffer; contentType: string; rows: string | undefined; suggested: string }> {
  const [dl, response] = await Promise.all([
    page.waitForEvent('download'),
    page.waitForResponse((r) => /\/staff\/(offers\/export|exports\/[^/]+\/download)/.test(r.url())),
    page.getByRole('link', { name }).click(),
  ]);
  const headers = await response.allHeaders();
  const file = path.join(dir, `${Date.now()}-${(dl as Download).suggestedFilename()}`);
  await (dl as Download).saveAs(file);
  return { file: readFileSync(file), contentType: headers['content-type'] ?? '', rows: headers['x-export-rows'], suggested: (dl as Download).suggestedFilename() };
}

test('a coordinator downloads a small export at once and a large one from its job page, with no accessibility violations', { timeout: 240_000 }, async () => {
  const page = await context.newPage();
  const checkPage = (where: string) => assertNoViolations(page, where);
  await signInInBrowser(page, server, account);
  await page.waitForURL(/\/staff\/offers/);

  // A search that finds one offer with one line: within the limit, so it downloads at once.
  await page.goto(`${server.url}/staff/offers`);
  await page.getByLabel('Search', { exact: true }).fill('ΘΕΣΣΑΛΟΝΙΚΗΣ');
  await page.getByRole('button', { name: 'Apply filters' }).click();
  await page.waitForURL(/q=/);
  assert.equal(await page.getByRole('heading', { name: 'Export these offers' }).count(), 1);
  await checkPage('the searched queue with its export links');

  const csv = await download(page, 'CSV for Excel (;)');
  assert.equal(csv.contentType, CSV_TYPE);
  assert.equal(csv.rows, '1');
  assert.match(csv.suggested, /^prosfero-offers-\d{4}-\d{2}-\d{2}-\d{4}\.csv$/);
  assert.deepEqual([...csv.file.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'the CSV starts with the UTF-8 byte order mark');
  const records = parse(csv.file, { bom: true, delimiter: ';', relax_column_count: false }) as string[][];
  assert.equal(records.length, 2, 'a header and the one line');
  assert.ok(records[1]!.includes('Τρόφιμα Θεσσαλονίκης Α.Ε.'), 'the Greek name reads back as written');
  assert.ok(records[1]!.some((c) => c.includes(formatReference(offers.D.reference))), 'the reference of the offer found');

  const xlsx = await download(page, 'Excel workbook (XLSX)');
  assert.equal(xlsx.contentType, XLSX_TYPE);
  assert.equal(xlsx.file.subarray(0, 2).toString('latin1'), 'PK', 'a zip, as every XLSX is');
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(xlsx.file as unknown as ArrayBuffer);
  assert.deepEqual(workbook.worksheets.map((w) => w.name), ['Offers', 'Offer lines']);
  assert.equal(workbook.worksheets[1]!.actualRowCount, 2);
  // The download did not take the page away.
  assert.match(page.url(), /q=/);

  // The whole queue: 10 offers with 14 lines, more than 3 rows, so it is prepared in the background.
  await page.getByRole('link', { name: 'Clear filters' }).click();
  await page.getByRole('link', { name: 'CSV for Excel (;)' }).click();
  await page.waitForURL(/\/staff\/offers\/export\?/);
  assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), 'Prepare an export');
  assert.match((await page.locator('main').textContent()) ?? '', /more than 3 rows of offer lines/);
  await checkPage('the page that queues a large export');

  await page.getByRole('button', { name: 'Prepare the export' }).click();
  await page.waitForURL(/\/staff\/exports\/[0-9a-f-]{36}$/);
  const jobUrl = page.url();
  assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), 'Export of offers');
  // No worker runs yet: the job waits, its progress bar at the start.
  const progress = page.getByLabel('Progress of the export');
  assert.equal(await progress.getAttribute('value'), '0');
  assert.equal(await progress.getAttribute('max'), '100');
  assert.equal(await page.locator('#export-progress-text').textContent(), 'The export has not started yet.');
  assert.equal(await page.getByRole('link', { name: 'Download the file' }).count(), 0);
  await checkPage('the job page of a waiting export');

  // The worker runs it; the person checks again (the page never refreshes by itself) until it is ready.
  worker = startExportWorker(server.ctx, { pollMs: 200 });
  for (let i = 0; i < 100 && (await page.getByRole('link', { name: /Download the file/ }).count()) === 0; i++) {
    await new Promise((r) => setTimeout(r, 200));
    await page.getByRole('link', { name: 'Check the progress again' }).click();
  }
  assert.equal(page.url(), jobUrl);
  assert.equal(await page.locator('#export-done').textContent(), 'The file holds 10 offers with 14 rows of offer lines.');
  await checkPage('the job page of a finished export');

  const ready = await download(page, /Download the file/);
  assert.equal(ready.contentType, CSV_TYPE);
  assert.deepEqual([...ready.file.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
  const all = parse(ready.file, { bom: true, delimiter: ';' }) as string[][];
  assert.equal(all.length, 1 + 14, 'a header and every offer line');
  const { count } = await server.ctx.db
    .selectFrom('offer_lines')
    .select((eb) => eb.fn.countAll<string>().as('count'))
    .executeTakeFirstOrThrow();
  assert.equal(all.length - 1, Number(count), 'exactly the rows in the database');
  assert.ok(all.some((r) => r.includes('Олена Ковальчук')), 'Ukrainian text reads back as written');
});
