// The whole public journey in Debian's Chromium with JavaScript switched off, in Greek, as a
// person would do it: labels and button names, one mistake on purpose, a language switch, and
// axe (WCAG 2.2 AA) on every page seen. Set E2E_SCREENSHOTS=/some/dir to keep screenshots.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import type { Browser, BrowserContext, Page, Response } from 'playwright-core';
import { todayInAthens } from '../../src/modules/offers/index.js';
import { checkAccessibility, describeViolations, launchBrowser, startServer, type RunningServer } from '../support/browser.js';

let server: RunningServer;
let browser: Browser;
let context: BrowserContext;

before(async () => {
  server = await startServer({ env: { SUBMIT_RATE_LIMIT: '1000' } });
  browser = await launchBrowser();
  context = await browser.newContext({ javaScriptEnabled: false, locale: 'el-GR', viewport: { width: 1024, height: 768 } });
  context.setDefaultTimeout(15_000);
});

after(async () => {
  await context?.close();
  await browser?.close();
  await server?.close();
});

/** `today` (YYYY-MM-DD) plus `days`, as the day, month and year a person types: no leading zeros. */
function dayMonthYear(today: string, days: number) {
  const [y, m, d] = today.split('-').map(Number) as [number, number, number];
  const date = new Date(Date.UTC(y, m - 1, d + days));
  return { day: String(date.getUTCDate()), month: String(date.getUTCMonth() + 1), year: String(date.getUTCFullYear()) };
}

test('a municipality in Crete offers a camp and bedding in Greek, without JavaScript, on pages with no accessibility violations', { timeout: 180_000 }, async () => {
  const page = await context.newPage();
  const screens = process.env.E2E_SCREENSHOTS;
  if (screens) mkdirSync(screens, { recursive: true });

  // Every document the browser loads: a failure status anywhere but the one expected 422 is a bug.
  const documents: { method: string; url: string; status: number }[] = [];
  page.on('response', (r: Response) => {
    if (r.request().resourceType() === 'document') documents.push({ method: r.request().method(), url: new URL(r.url()).pathname, status: r.status() });
  });

  const visited: string[] = [];
  /** axe on the page as it is now; zero violations allowed. */
  async function checkPage(where: string, screenshot?: string) {
    visited.push(where);
    assert.equal(await page.locator('html').getAttribute('lang'), where.includes('English') ? 'en' : 'el', `${where}: html lang`);
    const violations = await checkAccessibility(page);
    assert.deepEqual(violations.map((v) => v.id), [], describeViolations(where, violations));
    if (screens && screenshot) await page.screenshot({ path: path.join(screens, `${screenshot}.png`), fullPage: true });
  }
  const h1 = () => page.getByRole('heading', { level: 1 });
  const cont = () => page.getByRole('button', { name: 'Συνέχεια', exact: true }).click();

  // Start page
  await page.goto(`${server.url}/`);
  await assert.doesNotReject(h1().filter({ hasText: 'Θέλω να προσφέρω βοήθεια' }).waitFor());
  await checkPage('start page', '01-start');
  await page.getByRole('button', { name: 'Ξεκινήστε τώρα' }).click();

  // 1. Who is offering
  assert.equal(await h1().textContent(), 'Ποιος προσφέρει τη βοήθεια;');
  await checkPage('organisation kind');
  await page.getByLabel('Δήμος', { exact: true }).check();
  await page.getByRole('group', { name: 'Υπάρχει ελληνικός ΑΦΜ;' }).getByLabel('Ναι', { exact: true }).check();
  await cont();

  // 2. Official details: a mistake on purpose (the address left empty)
  assert.equal(await h1().textContent(), 'Στοιχεία του φορέα');
  await checkPage('organisation details');
  await page.getByLabel('Επίσημη επωνυμία').fill('Δήμος Αρχανών-Αστερουσίων');
  await page.getByLabel(/^ΑΦΜ/).fill('997654320');
  const refused = page.waitForResponse((r) => r.request().method() === 'POST' && r.url().endsWith('/offers/new/organisation'));
  await cont();
  assert.equal((await refused).status(), 422);
  assert.match(await page.title(), /^Σφάλμα: Στοιχεία του φορέα/);
  const summary = page.getByRole('alert');
  assert.equal(await summary.getByRole('heading').textContent(), 'Υπάρχει πρόβλημα');
  const summaryLinks = await summary.getByRole('link').allTextContents();
  assert.deepEqual(summaryLinks, [
    'Γράψτε την οδό και τον αριθμό',
    'Γράψτε τον ταχυδρομικό κώδικα',
    'Γράψτε την πόλη ή το χωριό',
    'Επιλέξτε περιφέρεια',
  ]);
  // the answers given survive the refusal, and each message is also beside its field
  assert.equal(await page.getByLabel('Επίσημη επωνυμία').inputValue(), 'Δήμος Αρχανών-Αστερουσίων');
  assert.equal(await page.getByLabel(/^ΑΦΜ/).inputValue(), '997654320');
  assert.equal(await page.locator('#street-error').textContent(), 'Σφάλμα: Γράψτε την οδό και τον αριθμό');
  await checkPage('organisation details with errors', '02-organisation-errors');
  await summary.getByRole('link', { name: 'Γράψτε την οδό και τον αριθμό' }).click();
  assert.equal(new URL(page.url()).hash, '#street');

  await page.getByLabel('Διακριτικός τίτλος (προαιρετικό)').fill('Δ. Αρχανών-Αστερουσίων');
  await page.getByLabel('Οδός και αριθμός').fill('Πλατεία Ελευθερίας 1');
  await page.getByLabel('Ταχυδρομικός κώδικας').fill('70100');
  await page.getByLabel('Πόλη ή χωριό').fill('Αρχάνες');
  await page.getByLabel(/^Περιφέρεια/).selectOption({ label: 'Κρήτη' });
  await page.getByLabel('Δήμος (προαιρετικό)').selectOption({ label: 'ΑΡΧΑΝΩΝ - ΑΣΤΕΡΟΥΣΙΩΝ' });
  await page.getByLabel('Ιστότοπος (προαιρετικό)').fill('https://archanes.example.org');
  await page.getByLabel('Νόμιμος εκπρόσωπος (προαιρετικό)').fill('Ελευθερία Μανωλαράκη');
  await cont();

  // 3. Contact person
  assert.equal(await h1().textContent(), 'Πρόσωπο επικοινωνίας');
  await checkPage('contact person');
  // Back to the saved details, read them in English and come back: nothing is lost.
  await page.getByRole('link', { name: 'Πίσω' }).click();
  assert.equal(await h1().textContent(), 'Στοιχεία του φορέα');
  await checkPage('organisation details, saved');
  await page.getByRole('link', { name: 'English' }).click();
  assert.equal(await h1().textContent(), 'Organisation details');
  assert.equal(await page.getByLabel('Legal name').inputValue(), 'Δήμος Αρχανών-Αστερουσίων');
  assert.equal(await page.getByLabel('Greek tax number (ΑΦΜ)').inputValue(), '997654320');
  assert.equal(await page.getByLabel('Region', { exact: true }).inputValue(), 'GR-M');
  await checkPage('organisation details in English');
  await page.getByRole('link', { name: 'Ελληνικά' }).click();
  assert.equal(await h1().textContent(), 'Στοιχεία του φορέα');
  await checkPage('organisation details, back in Greek');
  assert.equal(await page.getByLabel('Οδός και αριθμός').inputValue(), 'Πλατεία Ελευθερίας 1');
  assert.equal(await page.getByLabel('Δήμος (προαιρετικό)').inputValue(), '7102');
  await cont();

  assert.equal(await h1().textContent(), 'Πρόσωπο επικοινωνίας');
  await checkPage('contact person, again');
  await page.getByLabel('Ονοματεπώνυμο').fill('Γιώργος Σπυριδάκης');
  await page.getByLabel('Θέση ή ρόλος (προαιρετικό)').fill('Αντιδήμαρχος Κοινωνικής Πολιτικής');
  await page.getByLabel('Τηλέφωνο').fill('2810 752 100');
  await page.getByLabel('Email').fill('koinoniki@archanes.example.org');
  assert.equal(await page.getByLabel('Ελληνικά').isChecked(), true, 'the page language is the preferred one until changed');
  await cont();

  // 4. The help offered: accommodation a week from today, then bedding
  assert.equal(await h1().textContent(), 'Η βοήθεια που προσφέρετε');
  await checkPage('offer lines, none yet');
  await page.getByRole('link', { name: 'Προσθήκη βοήθειας' }).click();
  assert.equal(await h1().textContent(), 'Τι είδους βοήθεια προσφέρετε;');
  await checkPage('line kind');
  await page.getByLabel('Στέγαση', { exact: true }).check();
  await cont();

  assert.equal(await h1().textContent(), 'Στέγαση');
  await checkPage('accommodation line');
  const from = dayMonthYear(todayInAthens(new Date()), 7);
  await page.getByLabel('Κατασκήνωση ή δομή φιλοξενίας').check();
  await page.getByLabel('Πόσα άτομα μπορούν να φιλοξενηθούν;').fill('60');
  await page.getByLabel('Πόσα υπνοδωμάτια; (προαιρετικό)').fill('15');
  const where = page.getByRole('group', { name: 'Πού βρίσκεται' });
  await where.getByLabel('Περιφέρεια').selectOption({ label: 'Κρήτη' });
  await where.getByLabel('Δήμος (προαιρετικό)').selectOption({ label: 'ΑΡΧΑΝΩΝ - ΑΣΤΕΡΟΥΣΙΩΝ' });
  await page.getByLabel('Διεύθυνση ή περιγραφή θέσης (προαιρετικό)').fill('Κατασκήνωση Αγίου Παντελεήμονα');
  const available = page.getByRole('group', { name: 'Διαθέσιμο από', exact: true });
  await available.getByLabel('Ημέρα').fill(from.day);
  await available.getByLabel('Μήνας').fill(from.month);
  await available.getByLabel('Έτος').fill(from.year);
  await page.getByRole('group', { name: 'Κόστος για όσους φιλοξενούνται' }).getByLabel('Δωρεάν').check();
  await page.getByRole('group', { name: 'Υπάρχει πρόσβαση χωρίς σκαλοπάτια;' }).getByLabel('Ναι', { exact: true }).check();
  for (const who of ['Οικογένειες', 'Παιδιά', 'Ηλικιωμένους']) await page.getByLabel(who, { exact: true }).check();
  await cont();

  assert.equal(await h1().textContent(), 'Η βοήθεια που προσφέρετε');
  assert.equal(await page.getByRole('heading', { level: 2, name: 'Προσφορά 1: Στέγαση' }).count(), 1);
  await checkPage('offer lines, one');
  await page.getByRole('link', { name: 'Προσθήκη άλλης βοήθειας' }).click();
  await checkPage('line kind, again');
  await page.getByLabel('Είδη πρώτης ανάγκης', { exact: true }).check();
  await cont();

  assert.equal(await h1().textContent(), 'Είδη πρώτης ανάγκης');
  await checkPage('essential items line');
  await page.getByLabel('Κλινοσκεπάσματα').check();
  await page.getByLabel('Περιγραφή').fill('Κουβέρτες και σεντόνια μονά');
  await page.getByLabel('Ποσότητα').fill('240');
  await page.getByLabel('τεμάχια').check();
  await page.getByLabel('Καινούργια').check();
  const stock = page.getByRole('group', { name: 'Πού βρίσκονται τα είδη' });
  await stock.getByLabel('Περιφέρεια').selectOption({ label: 'Κρήτη' });
  await stock.getByLabel('Δήμος (προαιρετικό)').selectOption({ label: 'ΑΡΧΑΝΩΝ - ΑΣΤΕΡΟΥΣΙΩΝ' });
  await page.getByRole('group', { name: 'Μπορείτε να τα μεταφέρετε;' }).getByLabel('Ναι', { exact: true }).check();
  await page.getByLabel('Πού μπορείτε να τα μεταφέρετε;').fill('Περιφέρεια Κρήτης');
  await cont();

  assert.equal(await page.getByRole('heading', { level: 2, name: /^Προσφορά \d/ }).count(), 2);
  await checkPage('offer lines, two');
  await cont();

  // 5. Consents
  assert.equal(await h1().textContent(), 'Προστασία των στοιχείων σας');
  await checkPage('consents');
  await page.getByLabel('Διάβασα την ενημέρωση για την προστασία προσωπικών δεδομένων').check();
  await page.getByLabel('Συμφωνώ να μοιραστούν τα στοιχεία της προσφοράς').check();
  await cont();

  // 6. Check answers
  assert.equal(await h1().textContent(), 'Ελέγξτε τις απαντήσεις σας πριν την υποβολή');
  const checkText = await page.locator('main').innerText();
  for (const shown of ['Δήμος Αρχανών-Αστερουσίων', '997654320', 'Γιώργος Σπυριδάκης', 'koinoniki@archanes.example.org', 'Κουβέρτες και σεντόνια μονά']) {
    assert.ok(checkText.includes(shown), `the check page shows ${shown}`);
  }
  await checkPage('check answers', '03-check-answers');
  await page.getByRole('button', { name: 'Υποβολή προσφοράς' }).click();

  // 7. Confirmation
  assert.equal(await h1().textContent(), 'Η προσφορά σας υποβλήθηκε');
  await checkPage('confirmation', '04-confirmation');
  const reference = (await page.locator('.prosfero-reference').textContent())?.trim() ?? '';
  assert.match(reference, /^[0-9A-Z]{3}-[0-9A-Z]{3}-[0-9A-Z]{3}$/);

  const db = server.ctx.db;
  const offer = await db
    .selectFrom('offers')
    .innerJoin('organisations', 'organisations.id', 'offers.organisation_id')
    .select(['offers.id', 'offers.language', 'organisations.contact_phone', 'organisations.tax_id', 'organisations.region_code'])
    .where('offers.reference', '=', reference.replaceAll('-', ''))
    .executeTakeFirstOrThrow();
  assert.equal(offer.contact_phone, '+302810752100');
  assert.equal(offer.tax_id, '997654320');
  assert.equal(offer.region_code, 'GR-M');
  assert.equal(offer.language, 'el');
  const lines = await db.selectFrom('offer_lines').select(['kind', 'places']).where('offer_id', '=', offer.id).orderBy('position').execute();
  assert.deepEqual(lines, [
    { kind: 'accommodation', places: 60 },
    { kind: 'essential_items', places: null },
  ]);

  // Every page answered as expected: only the one mistake was refused (422), nothing failed.
  const failures = documents.filter((d) => d.status >= 400 && !(d.method === 'POST' && d.url === '/offers/new/organisation' && d.status === 422));
  assert.deepEqual(failures, []);
  // axe saw every page shown (each document that was not a redirect), not just a sample.
  assert.equal(visited.length, documents.filter((d) => d.status !== 303).length);
  assert.equal(visited.length, 19);
  await page.close();
});
