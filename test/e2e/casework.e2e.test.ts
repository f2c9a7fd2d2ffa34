// A coordinator works an offer in Debian's Chromium with JavaScript switched off: signs in with a
// password and a TOTP code, opens the offer's page, starts the review, makes one mistake on
// purpose (a rejection without a reason), verifies the offer, and records a contact attempt,
// with axe (WCAG 2.2 AA) on every page seen.
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
let offer: InsertedOffer;

before(async () => {
  server = await startServer();
  account = await createStaffMember(server.ctx, 'coordinator', { name: 'Άννα Συντονίστρια', language: 'en' });
  offer = await insertOffer(server.ctx.db, { organisation: { legal_name: 'Αλληλεγγύη Κρήτης', contact_email: 'same@crete.example' } });
  // A second offer with the same email, so the page shows a possible duplicate to decide.
  await insertOffer(server.ctx.db, { organisation: { legal_name: 'Αλληλεγγύη Κρήτης ΑΜΚΕ', contact_email: 'Same@Crete.example' } });
  browser = await launchBrowser();
  context = await browser.newContext({ javaScriptEnabled: false, locale: 'en-GB', viewport: { width: 1024, height: 768 } });
  context.setDefaultTimeout(15_000);
});

after(async () => {
  await context?.close();
  await browser?.close();
  await server?.close();
});

test('a coordinator signs in with TOTP and verifies an offer on pages with no accessibility violations', { timeout: 180_000 }, async () => {
  const page = await context.newPage();
  /** axe on the page as it is now, header included: zero violations allowed. */
  const checkPage = (where: string) => assertNoViolations(page, where);
  const status = () => page.locator('#offer-status').textContent();

  await signInInBrowser(page, server, account);
  await page.waitForURL(/\/staff\/offers/);

  await page.goto(`${server.url}/staff/offers/${formatReference(offer.reference)}`);
  assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), `Offer ${formatReference(offer.reference)}`);
  assert.equal(await status(), 'Submitted');
  await checkPage('the offer page');

  // Look for duplicates on demand: the other offer with the same email is listed.
  await page.getByRole('button', { name: 'Look for duplicates again' }).click();
  await page.getByText('The search for possible duplicates is done.').waitFor();
  assert.equal(await page.locator('#duplicates').getByText('Same email address').count(), 1);
  await checkPage('the offer page with a possible duplicate');

  await page.getByLabel('Start the review').check();
  await page.getByRole('button', { name: 'Change the status' }).click();
  await page.getByText('The status was changed.').waitFor();
  assert.equal(await status(), 'In review');
  await checkPage('the offer page after a status change');

  // A rejection without a reason: the page comes back with an error summary, nothing changed.
  await page.getByLabel('Reject').check();
  const refused = page.waitForResponse((r) => r.request().method() === 'POST' && r.url().endsWith('/status'));
  await page.getByRole('button', { name: 'Change the status' }).click();
  assert.equal((await refused).status(), 422);
  assert.match(await page.title(), /^Error: /);
  assert.equal(await page.locator('.govgr-error-summary').getByRole('link', { name: 'Give the reason for this change' }).count(), 1);
  assert.equal(await status(), 'In review');
  await checkPage('the offer page with an error');

  await page.getByLabel('Verify').check();
  await page.getByRole('button', { name: 'Change the status' }).click();
  await page.getByText('The status was changed.').waitFor();
  assert.equal(await status(), 'Verified');

  await page.getByRole('group', { name: 'Outcome' }).getByLabel('No answer').check();
  await page.getByRole('group', { name: 'How did you try to reach them?' }).getByLabel('Phone').check();
  await page.getByRole('button', { name: 'Record the attempt' }).click();
  await page.getByText('The contact attempt was recorded.').waitFor();
  assert.equal(await page.locator('#never-reached').textContent(), 'The offeror has never been reached: 1 attempt.');
  await checkPage('the offer page after a contact attempt');

  const history = await server.ctx.db.selectFrom('offer_status_changes').select('event').where('offer_id', '=', offer.id).orderBy('id').execute();
  assert.deepEqual(history.map((h) => h.event), ['start_review', 'verify']);
});
