// Transfer size of every public page, in Greek, English and Ukrainian, as Chromium receives it on
// a first visit (an empty cache): the HTML, stylesheets, fonts and images, as sent (compressed
// where the server compresses: brotli or gzip), decoded, and what gzip -6 alone would give. The
// journey's pages are measured with answers in progress (the draft cookie of a walk through it).
// "html" is what each further page costs once the stylesheets and fonts are cached.
// Run: npm run bench:page-weight
import type { BrowserContext } from 'playwright-core';
import { launchBrowser, startServer } from '../test/support/browser.js';
import { fillByName, kb, measurePage, oneLineOfEachKind, submitForm, type PageWeight } from '../test/support/crawl.js';
import { consentFields, contactFields, kindFields, lineFields, loadFixtures, organisationFields } from '../test/support/fixtures.js';

const LANGS = ['el', 'en', 'uk'] as const;
const server = await startServer({ env: { START_RATE_LIMIT: '1000', STEP_RATE_LIMIT: '100000', SUBMIT_RATE_LIMIT: '1000' } });
const browser = await launchBrowser();
const fixture = loadFixtures().find((f) => f.organisation.kind === 'ngo' && f.organisation.country === 'GR')!;
const today = new Date();

type Row = PageWeight & { lang: string; html: number };
const rows: Row[] = [];

async function measure(context: BrowserContext | null, lang: string, path: string, name = path): Promise<void> {
  const cookies = context ? await context.cookies() : [];
  const weight = await measurePage(browser, server.url, path, { cookies: [...cookies.filter((c) => c.name !== 'lang'), { name: 'lang', value: lang, url: server.url }] });
  const html = weight.transfers.find((t) => t.type === 'document')?.bytes ?? 0;
  rows.push({ ...weight, page: name, lang, html });
}

for (const lang of LANGS) {
  await measure(null, lang, '/', '/ (start)');
  await measure(null, lang, '/privacy');
  await measure(null, lang, '/no-such-page', '404 page');
  await measure(null, lang, '/offers/new/contact', '410 page (no answers)');

  // Walk the journey in one context and measure each page with its draft.
  const context = await browser.newContext({ javaScriptEnabled: false });
  await context.addCookies([{ name: 'lang', value: lang, url: server.url }]);
  const page = await context.newPage();
  await page.goto(`${server.url}/`);
  await submitForm(page, '/offers/new');
  const steps: [string, Record<string, string | string[] | undefined>][] = [
    ['/offers/new/organisation-kind', kindFields(fixture)],
    ['/offers/new/organisation', organisationFields(fixture)],
    ['/offers/new/contact', contactFields(fixture)],
  ];
  for (const [path, fields] of steps) {
    await measure(context, lang, path);
    await fillByName(page.locator(`form[action="${path}"]`), fields);
    await submitForm(page, path);
  }
  await measure(context, lang, '/offers/new/lines', '/offers/new/lines (none yet)');
  await measure(context, lang, '/offers/new/lines/add');
  for (const line of oneLineOfEachKind()) {
    const path = `/offers/new/lines/add/${line.kind}`;
    await measure(context, lang, path);
    await page.goto(`${server.url}${path}`);
    await fillByName(page.locator(`form[action="${path}"]`), lineFields(line, today));
    await submitForm(page, path);
  }
  await measure(context, lang, '/offers/new/lines', '/offers/new/lines (four)');
  await page.goto(`${server.url}/offers/new/consents`);
  await measure(context, lang, '/offers/new/consents');
  await fillByName(page.locator('form[action="/offers/new/consents"]'), consentFields(fixture));
  await submitForm(page, '/offers/new/consents');
  await measure(context, lang, '/offers/new/check');
  await submitForm(page, '/offers/new/submit');
  await measure(context, lang, '/offers/new/confirmation');
  await context.close();
}

const pad = (s: string, n: number) => s.padEnd(n);
console.log('Transfer size per public page, first visit (empty cache); "html" = the page alone once CSS and fonts are cached');
console.log(`${pad('page', 34)} lang ${'sent'.padStart(9)} ${'decoded'.padStart(9)} ${'gzip'.padStart(9)} ${'html'.padStart(8)}  fonts`);
for (const r of rows) {
  console.log(
    `${pad(r.page, 34)} ${pad(r.lang, 4)} ${kb(r.total).padStart(9)} ${kb(r.totalRaw).padStart(9)} ${kb(r.totalGzip).padStart(9)} ${kb(r.html).padStart(8)}  ${r.fonts.map((f) => f.replace(/^roboto-|-normal\.woff2$/g, '')).sort().join(' ')}`,
  );
}
const first = rows.filter((r) => r.page === '/ (start)');
console.log('\nFirst page, by resource (Greek):');
for (const t of first[0]!.transfers) console.log(`  ${pad(t.url, 46)} ${pad(t.type, 10)} ${pad(t.encoding, 5)} ${kb(t.bytes).padStart(9)} sent ${kb(t.raw).padStart(9)} decoded`);
console.log(`\nfirst page sent: ${first.map((r) => `${r.lang} ${kb(r.total)}`).join(', ')} (target under 60 KB)`);
await browser.close();
await server.close();
