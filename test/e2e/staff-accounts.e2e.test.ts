// Staff sign-in with TOTP, staff management and the audit browser in Debian's Chromium with
// JavaScript switched off, in Greek, with axe (WCAG 2.2 AA) on every page seen: an administrator
// signs in with a code, adds a regional coordinator, and that member's first sign-in changes the
// one-time password and enrols an authenticator from the page's QR code text.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser, BrowserContext } from 'playwright-core';
import { totpCode } from '../../src/modules/accounts/accounts.totp.js';
import { assertNoViolations, launchBrowser, startServer, type RunningServer } from '../support/browser.js';
import { createStaffMember, freshTotpCode } from '../support/staff.js';

let server: RunningServer;
let browser: Browser;
let context: BrowserContext;

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
  context = await browser.newContext({ javaScriptEnabled: false, locale: 'el-GR', viewport: { width: 1024, height: 768 } });
  context.setDefaultTimeout(15_000);
});

after(async () => {
  await context?.close();
  await browser?.close();
  await server?.close();
});

/** axe on the page as it is now: zero violations allowed. */
const checkPage = assertNoViolations;

test('an administrator signs in with a code and adds a regional coordinator, who then enrols TOTP, on pages with no accessibility violations', { timeout: 180_000 }, async () => {
  const admin = await createStaffMember(server.ctx, 'administrator', { language: 'el', name: 'Άννα Διαχειρίστρια' });
  const page = await context.newPage();
  const h1 = () => page.getByRole('heading', { level: 1 }).textContent();

  await page.goto(`${server.url}/staff/sign-in`);
  await checkPage(page, 'sign-in');
  await page.getByLabel('Διεύθυνση email').fill(admin.email);
  await page.getByLabel('Κωδικός πρόσβασης').fill(admin.password);
  await page.getByRole('button', { name: 'Σύνδεση' }).click();

  assert.equal(await h1(), 'Γράψτε τον κωδικό επαλήθευσης');
  await checkPage(page, 'TOTP code');
  await page.getByLabel('Κωδικός επαλήθευσης').fill('000000' === (await freshTotpCode(server.ctx, admin)) ? '111111' : '000000');
  await page.getByRole('button', { name: 'Συνέχεια' }).click();
  assert.match(await page.title(), /^Σφάλμα: /);
  await checkPage(page, 'TOTP code, refused');
  await page.getByLabel('Κωδικός επαλήθευσης').fill(await freshTotpCode(server.ctx, admin));
  await page.getByRole('button', { name: 'Συνέχεια' }).click();

  await page.getByRole('link', { name: 'Λογαριασμοί προσωπικού' }).click();
  assert.equal(await h1(), 'Λογαριασμοί προσωπικού');
  await checkPage(page, 'staff accounts');
  await page.getByRole('button', { name: 'Προσθήκη μέλους προσωπικού' }).click();
  await checkPage(page, 'new staff member');
  await page.getByLabel('Διεύθυνση email').fill('kriti@ministry.example');
  await page.getByLabel('Ονοματεπώνυμο').fill('Μανόλης Κρητικός');
  await page.getByLabel('Περιφερειακός συντονιστής').check();
  await page.getByRole('button', { name: 'Δημιουργία λογαριασμού' }).click();
  assert.match(await page.title(), /^Σφάλμα: /, 'a regional coordinator needs a region');
  await checkPage(page, 'new staff member, refused');
  await page.getByLabel('Κρήτη').check();
  await page.getByRole('button', { name: 'Δημιουργία λογαριασμού' }).click();
  assert.equal(await h1(), 'Ο λογαριασμός δημιουργήθηκε');
  await checkPage(page, 'one-time password');
  const oneTime = (await page.locator('#one-time-password').textContent())!;

  await page.getByRole('link', { name: /^Πίσω στον\/στην/ }).click();
  assert.equal(await h1(), 'Μέλος προσωπικού: Μανόλης Κρητικός');
  await checkPage(page, 'edit staff member');

  await page.getByRole('link', { name: 'Ιστορικό ενεργειών' }).click();
  await checkPage(page, 'audit trail');
  assert.ok((await page.locator('tbody tr').count()) >= 3);
  await page.getByLabel('Ενέργεια').fill('Not Valid');
  await page.getByRole('button', { name: 'Εφαρμογή φίλτρων' }).click();
  await checkPage(page, 'audit trail, refused filter');
  await page.getByRole('button', { name: 'Αποσύνδεση' }).click();

  // The new member's first sign-in.
  await page.getByLabel('Διεύθυνση email').fill('kriti@ministry.example');
  await page.getByLabel('Κωδικός πρόσβασης').fill(oneTime);
  await page.getByRole('button', { name: 'Σύνδεση' }).click();
  assert.equal(await h1(), 'Αλλαγή κωδικού πρόσβασης');
  await checkPage(page, 'forced password change');
  await page.getByLabel('Τρέχων κωδικός πρόσβασης').fill(oneTime);
  await page.getByLabel('Νέος κωδικός πρόσβασης').fill('ένα μακρύ μυστικό');
  await page.getByLabel('Επιβεβαίωση νέου κωδικού').fill('ένα μακρύ μυστικό');
  await page.getByRole('button', { name: 'Αλλαγή κωδικού' }).click();
  assert.equal(await h1(), 'Ρύθμιση επαλήθευσης δύο βημάτων');
  await checkPage(page, 'TOTP enrolment');
  assert.equal(await page.getByRole('img', { name: 'Κωδικός QR για τη ρύθμιση του Prosfero σε εφαρμογή επαλήθευσης' }).count(), 1);
  const secret = (await page.locator('code[lang="en"]').textContent())!.replaceAll(' ', '');
  await page.getByLabel('Κωδικός επαλήθευσης').fill(totpCode(secret, new Date()));
  await page.getByRole('button', { name: 'Επιβεβαίωση και συνέχεια' }).click();
  assert.equal(new URL(page.url()).pathname, '/staff/offers');
  await page.close();
});
