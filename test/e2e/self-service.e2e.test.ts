// An offeror manages a verified offer in Debian's Chromium with JavaScript switched off: asks for
// a link on "Manage my offer", follows the emailed link, changes the places of a line (the offer
// goes back to review), withdraws the offer with a reason, finds the link spent on a second use,
// and answers an availability check — with axe (WCAG 2.2 AA) on every page seen.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser, BrowserContext } from 'playwright-core';
import { formatReference } from '../../src/modules/offers/index.js';
import { runAvailabilityCycle } from '../../src/modules/availability/index.js';
import { assertNoViolations, checkAccessibility, describeViolations, launchBrowser, startServer, type RunningServer } from '../support/browser.js';
import { insertOffer, type InsertedOffer } from '../support/factories.js';

let server: RunningServer;
let browser: Browser;
let context: BrowserContext;
let offer: InsertedOffer;
let other: InsertedOffer;
const email = 'maria.offers@kriti.example';

before(async () => {
  server = await startServer();
  offer = await insertOffer(server.ctx.db, {
    offer: { status: 'verified' },
    organisation: { legal_name: 'Φιλόξενη Κρήτη', contact_email: email, preferred_language: 'en' },
    lines: [
      { kind: 'accommodation', category: 'apartment', places: 4, rooms: 2, region_code: 'GR-M', available_from: '2026-01-10', available_until: null },
      { kind: 'essential_items', category: 'hygiene', quantity: 500, unit: 'kits', region_code: 'GR-I', condition: 'new' },
    ],
  });
  // Another offer of the same contact, submitted long ago, for the availability check.
  other = await insertOffer(server.ctx.db, {
    submittedAt: new Date(Date.now() - 40 * 86_400_000),
    organisation: { legal_name: 'Φιλόξενη Κρήτη', contact_email: email, preferred_language: 'en' },
    lines: [{ kind: 'money', amount: '250.00', currency: 'EUR', frequency: 'monthly' }],
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

/** The newest email to `to` of `kind`, as queued in the outbox. */
async function lastEmail(kind: string): Promise<string> {
  const row = await server.ctx.db.selectFrom('email_outbox').select('body_text').where('recipient', '=', email).where('kind', '=', kind).orderBy('id', 'desc').executeTakeFirstOrThrow();
  return row.body_text;
}

test('an offeror follows an emailed link, changes and then withdraws an offer, on pages with no accessibility violations', { timeout: 360_000 }, async () => {
  const page = await context.newPage();
  const checkPage = (where: string) => assertNoViolations(page, where);
  const ref = formatReference(offer.reference);

  await page.goto(`${server.url}/manage?lang=en`);
  await checkPage('"Manage my offer"');
  // A slip first: the page comes back with an error summary.
  await page.getByLabel('Email address').fill('maria.offers');
  await page.getByRole('button', { name: 'Send me a link' }).click();
  assert.match(await page.title(), /^Error: /);
  await checkPage('"Manage my offer" with an error');
  await page.getByLabel('Email address').fill(email);
  await page.getByRole('button', { name: 'Send me a link' }).click();
  await page.getByRole('heading', { name: 'Check your email' }).waitFor();
  await checkPage('the "check your email" page');

  const link = /(\/manage\/link\/[A-Za-z0-9_-]{43}\?lang=en)/.exec(await lastEmail('self_service_link'))?.[1];
  assert.ok(link, 'the email carries the link');
  await page.goto(`${server.url}${link}`);
  await checkPage('the page a link opens');
  await page.getByRole('button', { name: 'Manage my offers' }).click();
  await page.getByRole('heading', { name: 'Your offers' }).waitFor();
  await checkPage('the list of offers');

  await page.getByRole('link', { name: new RegExp(ref) }).click();
  await page.getByRole('heading', { name: `Offer ${ref}` }).waitFor();
  await checkPage('the offer');

  await page.getByRole('link', { name: 'Change Line 1: Accommodation' }).click();
  await checkPage('the line form');
  await page.getByLabel('Places (people)').fill('1');
  await page.getByLabel('Rooms (optional)').fill('3');
  await page.getByRole('button', { name: 'Save changes' }).click();
  assert.match(await page.title(), /^Error: /);
  await checkPage('the line form with an error');
  await page.getByLabel('Places (people)').fill('6');
  await page.getByRole('button', { name: 'Save changes' }).click();
  await page.getByText('our staff will review it again').waitFor();
  await checkPage('the offer after a change');
  const changed = await server.ctx.db.selectFrom('offers').select('status').where('id', '=', offer.id).executeTakeFirstOrThrow();
  assert.equal(changed.status, 'in_review');

  await page.getByRole('link', { name: 'Withdraw the whole offer' }).click();
  await checkPage('the withdrawal form');
  await page.getByRole('button', { name: 'Withdraw the offer' }).click();
  assert.match(await page.title(), /^Error: /);
  await checkPage('the withdrawal form with an error');
  await page.getByLabel('Reason').fill('The apartment has been let to a family we know.');
  await page.getByRole('button', { name: 'Withdraw the offer' }).click();
  await page.getByText('The offer has been withdrawn.').waitFor();
  await checkPage('the offer after withdrawal');
  const withdrawn = await server.ctx.db.selectFrom('offer_status_changes').select(['event', 'actor_kind', 'reason']).where('offer_id', '=', offer.id).orderBy('id', 'desc').executeTakeFirstOrThrow();
  assert.deepEqual(withdrawn, { event: 'withdraw', actor_kind: 'offeror', reason: 'The apartment has been let to a family we know.' });

  // The same link again: spent, with a way to ask for a new one.
  const second = await context.newPage();
  await second.goto(`${server.url}${link}`);
  await second.getByRole('heading', { name: 'This link has already been used' }).waitFor();
  const violations = await checkAccessibility(second);
  assert.deepEqual(violations.map((v) => v.id), [], describeViolations('a spent link', violations));
  await second.close();

  // The other offer is due its availability check: the email's "still available" link opens a
  // page with one button, which answers.
  await runAvailabilityCycle(server.ctx);
  const check = /(\/manage\/availability\/[A-Za-z0-9_-]{43}\?answer=still_available&lang=en)/.exec(await lastEmail('availability_check'))?.[1];
  assert.ok(check, 'the check email carries the answer link');
  await page.goto(`${server.url}${check}`);
  await checkPage('an availability check answer page');
  await page.getByRole('button', { name: 'Still available' }).click();
  await page.getByRole('heading', { name: 'Thank you' }).waitFor();
  await checkPage('the thank-you page');
  const confirmed = await server.ctx.db.selectFrom('offers').select(['availability_confirmed_at', 'availability_check_sent_at']).where('id', '=', other.id).executeTakeFirstOrThrow();
  assert.ok(confirmed.availability_confirmed_at);
  assert.equal(confirmed.availability_check_sent_at, null);
});
