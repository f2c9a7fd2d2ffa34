// On a laptop with no SMTP server: the submission email is read in the development mailbox, its
// confirmation link followed in Chromium (JavaScript off), and the email address shows as
// confirmed; axe (WCAG 2.2 AA) on every page, the email's HTML part included.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser, BrowserContext } from 'playwright-core';
import { queueSubmissionEmail } from '../../src/modules/notifications/index.js';
import { formatReference } from '../../src/modules/offers/index.js';
import { createOutboxWorker, mailboxTransport } from '../../src/platform/mail/index.js';
import { assertNoViolations, launchBrowser, startServer, type RunningServer } from '../support/browser.js';
import { insertOffer, type InsertedOffer } from '../support/factories.js';

let server: RunningServer;
let browser: Browser;
let context: BrowserContext;
let offer: InsertedOffer;

before(async () => {
  server = await startServer();
  offer = await insertOffer(server.ctx.db, { organisation: { contact_name: 'Олена Коваленко', contact_email: 'olena@example.org', preferred_language: 'uk' } });
  // As submitOffer queues it, in a transaction; then delivered to the development mailbox.
  await server.ctx.db.transaction().execute((trx) => queueSubmissionEmail(trx, { ...server.ctx, db: trx }, { offerId: offer.id, at: new Date() }));
  const worker = createOutboxWorker({ db: server.ctx.db, transport: mailboxTransport(), clock: server.ctx.clock, settings: server.ctx.config.mail });
  await worker.drain();
  browser = await launchBrowser();
  context = await browser.newContext({ javaScriptEnabled: false, locale: 'en-GB', viewport: { width: 1024, height: 768 } });
  context.setDefaultTimeout(15_000);
});

after(async () => {
  await context?.close();
  await browser?.close();
  await server?.close();
});

test('the submission email is read in the development mailbox and its link confirms the address', { timeout: 180_000 }, async () => {
  const page = await context.newPage();
  const checkPage = (where: string) => assertNoViolations(page, where);
  const ref = formatReference(offer.reference);

  await page.goto(`${server.url}/dev/mailbox?lang=en`);
  await checkPage('the development mailbox');
  await page.getByRole('link', { name: `Ми отримали вашу пропозицію · ${ref}` }).click();
  await page.waitForURL(/\/dev\/mailbox\/\d+/);
  assert.match((await page.locator('pre').textContent()) ?? '', new RegExp(`Номер пропозиції: ${ref}`));
  await checkPage('an email in the development mailbox');

  const emailPage = page.url();
  await page.getByRole('link', { name: 'Open the HTML version' }).click();
  assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), 'Ми отримали вашу пропозицію');
  await checkPage('the HTML part of the submission email');

  // The links point at PUBLIC_URL; this server listens on an ephemeral port, so keep the path.
  await page.goto(emailPage);
  const href = await page.locator('a[href*="/confirm-email/"]').first().getAttribute('href');
  const link = new URL(href!);
  await page.goto(`${server.url}${link.pathname}${link.search}`);
  assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), 'Вашу адресу електронної пошти підтверджено');
  assert.equal(await page.locator('html').getAttribute('lang'), 'uk');
  await checkPage('the email confirmed page');
  const row = await server.ctx.db.selectFrom('offers').select('email_confirmed_at').where('id', '=', offer.id).executeTakeFirstOrThrow();
  assert.ok(row.email_confirmed_at, 'the offer records the confirmation');

  const again = await page.goto(`${server.url}${link.pathname}${link.search}`);
  assert.equal(again?.status(), 410);
  assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), 'Це посилання вже використано');
  await checkPage('the link already used page');
});
