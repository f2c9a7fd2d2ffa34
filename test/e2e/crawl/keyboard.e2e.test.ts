// The public journey with the keyboard alone, in English: Tab and Shift+Tab to move, Space for
// radios and checkboxes, arrow keys within a radio group and a select, typing into fields, Enter
// on links and buttons. No mouse click and no element.click(). Every element that takes focus
// on the way must show it (WCAG 2.4.7), and the skip link must lead to the main content (2.4.1).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser, startServer, type RunningServer } from '../../support/browser.js';

let server: RunningServer;
let browser: Browser;
let context: BrowserContext;

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
  // Scripts on only so the test can read which element has focus; the pages load none.
  context = await browser.newContext({ javaScriptEnabled: true, locale: 'en-GB', viewport: { width: 1024, height: 768 } });
  context.setDefaultTimeout(15_000);
});

after(async () => {
  await context?.close();
  await browser?.close();
  await server?.close();
});

type Focused = {
  tag: string;
  type: string;
  name: string;
  value: string;
  checked: boolean;
  id: string;
  href: string;
  text: string;
  /** the action of the form it belongs to */
  form: string | null;
  inMain: boolean;
  /** an outline or a box-shadow is drawn: the focus is visible */
  indicated: boolean;
  width: number;
  height: number;
};

// Runs in the page (a string: this project compiles without the DOM's types).
const FOCUSED = `(() => {
  const e = document.activeElement;
  if (!e || e === document.body) return null;
  const s = getComputedStyle(e);
  const outline = s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0 && s.outlineColor !== 'rgba(0, 0, 0, 0)' && s.outlineColor !== 'transparent';
  const rect = e.getBoundingClientRect();
  return {
    tag: e.tagName.toLowerCase(),
    type: e.type ?? '',
    name: e.getAttribute('name') ?? '',
    value: e.value ?? '',
    checked: Boolean(e.checked),
    id: e.id,
    href: e.getAttribute('href') ?? '',
    text: (e.textContent ?? '').replace(/\\s+/g, ' ').trim().slice(0, 40),
    form: e.closest('form')?.getAttribute('action') ?? null,
    inMain: Boolean(e.closest('main')),
    indicated: outline || s.boxShadow !== 'none',
    width: rect.width,
    height: rect.height,
  };
})()`;

/** What has focus now, and whether its focus is drawn. */
async function focused(page: Page): Promise<Focused | null> {
  return (await page.evaluate(FOCUSED)) as Focused | null;
}

const unindicated = new Set<string>();
let tabs = 0;

/** Tab until `wanted` is true of the focused element (at most `limit` presses). */
async function tabTo(page: Page, wanted: (f: Focused) => boolean, what: string, limit = 80): Promise<Focused> {
  for (let i = 0; i < limit; i++) {
    await page.keyboard.press('Tab');
    tabs += 1;
    const f = await focused(page);
    if (!f) continue;
    if (!f.indicated) unindicated.add(`${new URL(page.url()).pathname}: <${f.tag}${f.name ? ` name=${f.name}` : ''}${f.href ? ` href=${f.href}` : ''}> ${f.text}`);
    if (wanted(f)) return f;
  }
  throw new Error(`${what}: not reached with ${limit} presses of Tab on ${page.url()}`);
}

/** Presses a key on the focused element and waits for the page it leads to. */
async function pressAndWait(page: Page, key: string): Promise<void> {
  const before = page.url();
  const navigated = page.waitForEvent('framenavigated');
  await page.keyboard.press(key);
  await navigated;
  await page.waitForLoadState('load');
  assert.ok(page.url() !== before || key === 'Enter', `${key} led nowhere from ${before}`);
}

/**
 * Fills the form posting to `action` with the keyboard: Tab from field to field; text typed;
 * a radio group entered and moved through with the arrow keys until the wanted value is
 * checked (Space when it is the first); a checkbox toggled with Space; a select moved with the
 * arrow keys. Then Enter on the form's button.
 */
async function fillWithKeyboard(page: Page, action: string, fields: Record<string, string | string[]>): Promise<void> {
  const todo = new Set(Object.keys(fields));
  for (let guard = 0; guard < 60; guard++) {
    const f = await tabTo(page, (x) => x.form === action, `a field of ${action}`);
    if (f.tag === 'button') {
      if (todo.size === 0) {
        await pressAndWait(page, 'Enter');
        return;
      }
      continue;
    }
    const want = fields[f.name];
    if (want === undefined) continue;
    if (f.type === 'radio') {
      let now = f;
      for (let i = 0; i < 20 && now.value !== want; i++) {
        await page.keyboard.press('ArrowDown');
        now = (await focused(page))!;
      }
      assert.equal(now.value, want, `${f.name}: the arrow keys never reached ${want}`);
      if (!now.checked) await page.keyboard.press('Space');
      todo.delete(f.name);
    } else if (f.type === 'checkbox') {
      const wanted = [want].flat().includes(f.value);
      if (wanted !== f.checked) await page.keyboard.press('Space');
      todo.delete(f.name);
    } else if (f.tag === 'select') {
      let now = f;
      for (let i = 0; i < 40 && now.value !== want; i++) {
        await page.keyboard.press('ArrowDown');
        now = (await focused(page))!;
      }
      assert.equal(now.value, want, `${f.name}: the arrow keys never reached ${want}`);
      todo.delete(f.name);
    } else {
      await page.keyboard.press('ControlOrMeta+A');
      await page.keyboard.type(String(want));
      todo.delete(f.name);
    }
  }
  throw new Error(`${action}: the form was not completed`);
}

test('a person completes the public journey with the keyboard alone, seeing where the focus is at every step', { timeout: 180_000 }, async () => {
  const page = await context.newPage();
  await page.goto(`${server.url}/?lang=en`);

  // The skip link is the first stop, shows itself when focused, and moves focus to the main content.
  const skip = await tabTo(page, () => true, 'the skip link', 1);
  assert.equal(skip.href, '#main', 'the first Tab stop is the skip link');
  assert.ok(skip.width > 1 && skip.height > 1, 'the focused skip link is visible');
  await page.keyboard.press('Enter');
  assert.equal(new URL(page.url()).hash, '#main');
  assert.equal((await focused(page))?.id, 'main', 'focus moved to <main>');
  const next = await tabTo(page, () => true, 'the first element after the skip link', 1);
  assert.ok(next.inMain, `after the skip link, Tab goes into the main content (got <${next.tag}> ${next.text})`);
  // Shift+Tab goes back out of it, to the header.
  await page.keyboard.press('Shift+Tab');
  assert.equal((await focused(page))?.inMain, false, 'Shift+Tab leaves the main content backwards');

  // Start
  await tabTo(page, (f) => f.form === '/offers/new' && f.tag === 'button', 'Start now');
  await pressAndWait(page, 'Enter');
  assert.equal(new URL(page.url()).pathname, '/offers/new/organisation-kind');

  await fillWithKeyboard(page, '/offers/new/organisation-kind', { kind: 'individual', registered_in_greece: 'yes' });
  assert.equal(new URL(page.url()).pathname, '/offers/new/organisation');
  await fillWithKeyboard(page, '/offers/new/organisation', {
    legal_name: 'Olena Kovalenko',
    street: 'Ermou 10',
    postcode: '10563',
    city: 'Athens',
    region: 'GR-I',
  });
  assert.equal(new URL(page.url()).pathname, '/offers/new/contact');
  await fillWithKeyboard(page, '/offers/new/contact', {
    contact_name: 'Olena Kovalenko',
    phone: '+30 691 234 5678',
    email: 'olena.keyboard@example.org',
    preferred_language: 'en',
  });
  assert.equal(new URL(page.url()).pathname, '/offers/new/lines');

  // Add one line of help: a monthly sum of money.
  await tabTo(page, (f) => f.tag === 'a' && f.href === '/offers/new/lines/add', 'the link to add help');
  await pressAndWait(page, 'Enter');
  await fillWithKeyboard(page, '/offers/new/lines/add', { kind: 'money' });
  assert.equal(new URL(page.url()).pathname, '/offers/new/lines/add/money');
  await fillWithKeyboard(page, '/offers/new/lines/add/money', { amount: '150', frequency: 'monthly' });
  assert.equal(new URL(page.url()).pathname, '/offers/new/lines');
  await tabTo(page, (f) => f.form === '/offers/new/lines' && f.tag === 'button', 'Continue on the lines page');
  await pressAndWait(page, 'Enter');

  assert.equal(new URL(page.url()).pathname, '/offers/new/consents');
  await fillWithKeyboard(page, '/offers/new/consents', { privacy_notice: 'yes' });
  assert.equal(new URL(page.url()).pathname, '/offers/new/check');
  await tabTo(page, (f) => f.form === '/offers/new/submit' && f.tag === 'button', 'Submit');
  await pressAndWait(page, 'Enter');

  assert.equal(new URL(page.url()).pathname, '/offers/new/confirmation');
  const reference = ((await page.locator('.prosfero-reference').first().textContent()) ?? '').trim();
  assert.match(reference, /^[0-9A-Z]{3}-[0-9A-Z]{3}-[0-9A-Z]{3}$/);
  const offer = await server.ctx.db
    .selectFrom('offers')
    .innerJoin('organisations', 'organisations.id', 'offers.organisation_id')
    .select(['offers.id', 'offers.status', 'offers.language', 'organisations.kind', 'organisations.legal_name', 'organisations.contact_email'])
    .where('offers.reference', '=', reference.replace(/-/g, ''))
    .executeTakeFirstOrThrow();
  assert.deepEqual(
    { status: offer.status, language: offer.language, kind: offer.kind, name: offer.legal_name, email: offer.contact_email },
    { status: 'submitted', language: 'en', kind: 'individual', name: 'Olena Kovalenko', email: 'olena.keyboard@example.org' },
  );
  const lines = await server.ctx.db.selectFrom('offer_lines').select(['kind', 'amount', 'currency', 'frequency']).where('offer_id', '=', offer.id).execute();
  assert.deepEqual(lines.map((l) => ({ ...l, amount: Number(l.amount) })), [{ kind: 'money', amount: 150, currency: 'EUR', frequency: 'monthly' }]);

  console.log(`# keyboard journey: ${tabs} presses of Tab`);
  assert.deepEqual([...unindicated], [], 'elements whose focus is not drawn (no outline, no box-shadow)');
});
