// Every page, in every language, with JavaScript on and off, checked by axe (WCAG 2.2 AA):
// the public journey walked in Greek, English and Ukrainian (each form also sent empty, for its
// error state) and every link from the public pages followed; then the back office crawled
// signed in as each role, in Greek and English. A new GET route fails the coverage test until
// the crawl reaches it or EXCLUDED says why it need not.
import assert from 'node:assert/strict';
import type { FastifyInstance } from 'fastify';
import { after, before, test } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { StaffRole } from '../../../src/modules/accounts/index.js';
import { issueSelfServiceLink } from '../../../src/modules/self-service/index.js';
import { runExportJobs } from '../../../src/modules/exports/index.js';
import { loadGazetteer } from '../../../src/modules/geography/index.js';
import { LATIN_BASIC_ROUTE } from '../../../src/platform/http/fonts.js';
import { launchBrowser, startServer, type RunningServer } from '../../support/browser.js';
import {
  companionApp,
  Crawler,
  createStaffMember,
  emailLinks,
  errorSummary,
  fillByName,
  linksIn,
  routeMatcher,
  seedCrawlData,
  signInInBrowser,
  submitForm,
  walkJourney,
  type CrawlLang,
  type RouteMatcher,
  type SeededData,
} from '../../support/crawl.js';
import { loadFixtures } from '../../support/fixtures.js';
import { insertStaffAccount } from '../../support/factories.js';

/**
 * GET routes the crawl need not reach, each with the reason. Anything else the app serves must
 * be reached by a page, a link or a redirect.
 */
const EXCLUDED: Record<string, string> = {
  'GET /health/live': 'JSON for a load balancer, not a page',
  'GET /health/ready': 'JSON for a load balancer, not a page',
  'GET /assets/*': 'static files (CSS, favicon), loaded by every page rather than visited',
  'GET /assets/fonts/*': 'font files, loaded by the stylesheet (measured by the page-weight test)',
  [`GET ${LATIN_BASIC_ROUTE}`]: 'the cut Latin font files, loaded by the stylesheet on English pages (measured by the page-weight test)',
  'GET /offers/new': 'only redirects to the start page: the journey starts with a POST from there',
};

const ROLES: StaffRole[] = ['administrator', 'coordinator', 'regional_coordinator', 'viewer'];
const PUBLIC_LANGS: CrawlLang[] = ['el', 'en', 'uk'];
const STAFF_LANGS: ('el' | 'en')[] = ['el', 'en'];
/** The sign-in steps: reached by signing in (test 3), never as crawl seeds, which would end a session. */
const SIGN_IN_STEPS = ['/staff/sign-in', '/staff/totp', '/staff/totp/enrol', '/staff/password'];

let server: RunningServer;
let app: FastifyInstance;
let routes: RouteMatcher;
let seeded: SeededData;
let browser: Browser;
let crawler: Crawler;
const contexts: BrowserContext[] = [];

before(async () => {
  const started = Date.now();
  // The crawl walks the journey six times from one address: lift the per-address limits.
  server = await startServer({ env: { START_RATE_LIMIT: '1000', STEP_RATE_LIMIT: '100000', SUBMIT_RATE_LIMIT: '1000' } });
  app = await companionApp(server.ctx);
  routes = routeMatcher(app.routeList);
  seeded = await seedCrawlData(app, server.ctx);
  browser = await launchBrowser();
  crawler = new Crawler(server.url, routes, { perRoute: 3, perQueryShape: 2, maxPages: 60, aliases: [new URL(server.ctx.config.publicUrl).origin] });
  console.log(`# seeded in ${Date.now() - started} ms: ${JSON.stringify(seeded.statuses)}${seeded.notes.length ? `; ${seeded.notes.join('; ')}` : ''}`);
});

after(async () => {
  for (const c of contexts) await c.close().catch(() => undefined);
  await crawler?.close();
  await browser?.close();
  await app?.close();
  await server?.close();
});

async function newPage(options: { javaScript: boolean; lang?: CrawlLang }): Promise<Page> {
  const context = await browser.newContext({ javaScriptEnabled: options.javaScript, viewport: { width: 1024, height: 768 } });
  contexts.push(context);
  context.setDefaultTimeout(20_000);
  if (options.lang) await context.addCookies([{ name: 'lang', value: options.lang, url: server.url }]);
  const page = await context.newPage();
  crawler.watch(page, { javaScript: options.javaScript });
  return page;
}

/** Runs `fn` over `items`, `size` at a time: Chromium renders while the server answers. */
async function pool<T>(items: T[], size: number, fn: (item: T) => Promise<void>): Promise<void> {
  const queue = [...items];
  await Promise.all(Array.from({ length: size }, async () => {
    for (let item = queue.shift(); item !== undefined; item = queue.shift()) await fn(item);
  }));
}

const mode = (javaScript: boolean) => (javaScript ? 'JS on' : 'JS off');
/** GET routes without parameters, as crawl seeds. */
const plainRoutes = (keep: (url: string) => boolean) => routes.patterns.filter((p) => !p.includes(':') && !p.includes('*') && keep(p));
const isPublic = (p: string) => !p.startsWith('/staff') && !p.startsWith('/health') && !p.startsWith('/assets');

function report(findings: { where: string; url: string; detail: string }[]): string {
  return findings.map((f) => f.detail || `${f.where} ${f.url}`).join('\n\n');
}

test('every public page, in Greek, English and Ukrainian, with JavaScript on and off, has no axe violations', { timeout: 1_200_000 }, async () => {
  const fixture = loadFixtures().find((f) => f.organisation.kind === 'ngo' && f.organisation.country === 'GR')!;
  const combos = PUBLIC_LANGS.flatMap((lang) => [false, true].map((javaScript) => ({ lang, javaScript })));
  const before = crawler.violations.length;
  await pool(combos, 2, async ({ lang, javaScript }) => {
    const label = `public, ${lang}, ${mode(javaScript)}`;
    const page = await newPage({ javaScript, lang });
    const reference = await walkJourney(page, crawler, label, lang, fixture);
    const stored = await server.ctx.db.selectFrom('offers').select('status').where('reference', '=', reference.replace(/-/g, '')).executeTakeFirst();
    assert.equal(stored?.status, 'submitted', `${label}: the offer ${reference} is in the database`);
    // The offeror's self-service pages (issue 4), through a link as the email gives it.
    if (routes.patterns.includes('/manage/link/:token')) {
      const link = new URL(await issueSelfServiceLink(server.ctx.db, server.ctx, { email: fixture.contact.email!, lang }));
      await crawler.visit(page, `${server.url}${link.pathname}${link.search}`, `${label}: self-service link`);
      const action = await page.locator('main form[method="post"]').first().getAttribute('action');
      assert.ok(action, `${label}: the self-service link page has no form`);
      assert.equal(await submitForm(page, action), 303, `${label}: following the self-service link`);
      await crawler.crawl(page, ['/manage/offers'], `${label}, self-service`, lang);
    }
    // Error pages: a page that does not exist (404); a journey page with no answers in progress (410).
    const missing = await crawler.visit(page, `${server.url}/no-such-page`, `${label}: page not found`);
    assert.equal(missing?.status, 404);
    await page.context().clearCookies();
    const gone = await crawler.visit(page, `${server.url}/offers/new/contact?lang=${lang}`, `${label}: answers expired`);
    assert.equal(gone?.status, 410);
    // Then every other public page and every link from them. The journey's pages were walked
    // above; without answers in progress they are all the same 410 page.
    // Pages behind a token are reached through the links the service emailed.
    const fromEmails = await emailLinks(server.ctx, routes);
    await crawler.crawl(page, ['/', ...plainRoutes((p) => isPublic(p) && !p.startsWith('/offers/new')), ...fromEmails], label, lang);
  });
  const found = crawler.violations.slice(before);
  assert.equal(crawler.serverErrors.length, 0, report(crawler.serverErrors));
  assert.equal(found.length, 0, report(found));
});

test('every staff page, signed in as each role, in Greek and English, with JavaScript on and off, has no axe violations', { timeout: 1_200_000 }, async () => {
  const combos = ROLES.flatMap((role) => [false, true].map((javaScript) => ({ role, javaScript })));
  const staffSeeds = plainRoutes((p) => p.startsWith('/staff') && !SIGN_IN_STEPS.includes(p));
  // An offer in each status (each shows other forms) for a coordinator; a few for the others,
  // whose crawl also follows the queue's links. A regional coordinator also meets an offer
  // outside their regions (404).
  const refs = seeded.references;
  const offerSeeds: Record<StaffRole, string[]> = {
    coordinator: ['submitted', 'in_review', 'verified', 'allocated', 'completed', 'rejected', 'withdrawn', 'expired', 'duplicate', 'possible duplicate', 'journey 1'],
    administrator: ['possible duplicate', 'duplicate', 'rejected'],
    viewer: ['possible duplicate', 'verified'],
    regional_coordinator: ['possible duplicate', 'in_review', 'verified'],
  };
  const before = crawler.violations.length;
  await pool(combos, 2, async ({ role, javaScript }) => {
    // A viewer may work without TOTP: one of them does, so the enrolment page is in its menu.
    const account = await createStaffMember(server.ctx, role, { language: 'el', name: `${role} ${mode(javaScript)}`, totp: !(role === 'viewer' && !javaScript) });
    const page = await newPage({ javaScript });
    await signInInBrowser(page, server.url, server.ctx, account, 'el');
    for (const lang of STAFF_LANGS) {
      // `?lang=` on a staff page becomes the member's language, so every page after is in it.
      await page.goto(`${server.url}/staff/offers?lang=${lang}`);
      assert.equal(await page.locator('html').getAttribute('lang'), lang);
      const offerPages = offerSeeds[role].map((name) => `/staff/offers/${refs[name]}`);
      await crawler.crawl(page, [...staffSeeds, ...offerPages, ...seeded.staffPaths], `staff ${role}, ${lang}, ${mode(javaScript)}`, lang);
    }
  });
  const found = crawler.violations.slice(before);
  assert.equal(crawler.serverErrors.length, 0, report(crawler.serverErrors));
  assert.equal(found.length, 0, report(found));
});

test('the sign-in steps, refused forms and the refusal page of the back office have no axe violations', { timeout: 900_000 }, async () => {
  const before = crawler.violations.length;
  await pool(STAFF_LANGS, 2, async (lang) => {
    const label = `staff sign-in, ${lang}`;
    const page = await newPage({ javaScript: false });
    const check = (what: string) => crawler.check(page, `${label}: ${what}`);

    // Sign-in sent empty, then a wrong code on the TOTP page.
    await crawler.visit(page, `${server.url}/staff/sign-in?lang=${lang}`, `${label}: sign-in`);
    assert.equal(await submitForm(page, '/staff/sign-in'), 422, await errorSummary(page));
    await check('sign-in, with errors');
    const coordinator = await createStaffMember(server.ctx, 'coordinator', { language: lang, name: `Coordinator ${lang}` });
    await fillByName(page.locator('form[action="/staff/sign-in"]'), { email: coordinator.email, password: coordinator.password });
    assert.equal(await submitForm(page, '/staff/sign-in'), 303);
    assert.equal(new URL(page.url()).pathname, '/staff/totp');
    await check('TOTP code');
    await fillByName(page.locator('form[action="/staff/totp"]'), { code: '000000' });
    assert.equal(await submitForm(page, '/staff/totp'), 422);
    await check('TOTP code, with errors');

    // A member who must choose a new password, and one who has not set up TOTP yet.
    for (const { what, path, account } of [
      { what: 'new password', path: '/staff/password', account: await insertStaffAccount(server.ctx.db, { role: 'coordinator', language: lang, mustChangePassword: true }) },
      { what: 'TOTP enrolment', path: '/staff/totp/enrol', account: await insertStaffAccount(server.ctx.db, { role: 'coordinator', language: lang }) },
    ]) {
      await page.context().clearCookies();
      await page.goto(`${server.url}/staff/sign-in?lang=${lang}`);
      await fillByName(page.locator('form[action="/staff/sign-in"]'), { email: account.email, password: account.password });
      assert.equal(await submitForm(page, '/staff/sign-in'), 303);
      assert.equal(new URL(page.url()).pathname, path, `${label}: ${what}`);
      await check(what);
      assert.equal(await submitForm(page, path), 422, `${label}: ${what} sent empty`);
      await check(`${what}, with errors`);
    }

    // Signed in: a create form sent empty, a status change without its reason, and a page the role may not open.
    await page.context().clearCookies();
    const admin = await createStaffMember(server.ctx, 'administrator', { language: lang, name: `Administrator ${lang}` });
    await signInInBrowser(page, server.url, server.ctx, admin, lang);
    await crawler.visit(page, `${server.url}/staff/accounts/new`, `${label}: new staff account`);
    assert.equal(await submitForm(page, '/staff/accounts'), 422);
    await check('new staff account, with errors');
    const reference = seeded.references.in_review!;
    await crawler.visit(page, `${server.url}/staff/offers/${reference}`, `${label}: offer in review`);
    await page.locator(`form[action="/staff/offers/${reference}/status"] input[name="event"][value="reject"]`).check();
    assert.equal(await submitForm(page, `/staff/offers/${reference}/status`), 422);
    await check('status change without a reason');
    // An export big enough to be prepared in the background (issue 5): its page, then its file.
    if (routes.patterns.includes('/staff/exports/:id')) {
      const token = await page.locator('input[name="_csrf"]').first().getAttribute('value');
      const requested = await page.request.post(`${server.url}/staff/exports`, { form: { _csrf: token ?? '', format: 'xlsx', query: '' }, maxRedirects: 0 });
      assert.equal(requested.status(), 303, 'an export job was refused');
      await runExportJobs(server.ctx, await loadGazetteer(server.ctx.db));
      const job = requested.headers().location!;
      assert.equal((await crawler.visit(page, `${server.url}${job}`, `${label}: export ready`))?.status, 200);
      const file = linksIn(await page.content()).find((href) => href.startsWith(`${job}/`));
      assert.ok(file, 'the export page links to its file');
      assert.equal(await crawler.visit(page, `${server.url}${file}`, `${label}: export file`), null, 'the file downloads');
    }
    for (const path of plainRoutes((p) => /^\/staff\/[^/]+\/new$/.test(p) && p !== '/staff/accounts/new')) {
      // Any other create form of the back office: sent empty, it must come back with its errors.
      const shown = await crawler.visit(page, `${server.url}${path}`, `${label}: ${path}`);
      const action = shown?.html ? await page.locator('main form[method="post"]').first().getAttribute('action') : null;
      if (action) {
        assert.equal(await submitForm(page, action), 422, `${path} sent empty`);
        await check(`${path}, with errors`);
      }
    }
    await page.context().clearCookies();
    const viewer = await createStaffMember(server.ctx, 'viewer', { language: lang, name: `Viewer ${lang}` });
    await signInInBrowser(page, server.url, server.ctx, viewer, lang);
    const refused = await crawler.visit(page, `${server.url}/staff/accounts`, `${label}: refused page`);
    assert.equal(refused?.status, 403);
  });
  const found = crawler.violations.slice(before);
  assert.equal(crawler.serverErrors.length, 0, report(crawler.serverErrors));
  assert.equal(found.length, 0, report(found));
});

test('the crawl reached every GET route the app serves, or the route is excluded with a reason', () => {
  const unreached = routes.patterns.filter((p) => !crawler.reached.has(p) && !(`GET ${p}` in EXCLUDED));
  const stale = Object.keys(EXCLUDED).filter((r) => !routes.patterns.includes(r.slice(4)));
  console.log(
    [
      `# crawl: ${crawler.pagesVisited} pages visited, ${crawler.axeRuns} distinct documents checked by axe, ${crawler.reached.size} of ${routes.patterns.length} GET routes reached`,
      ...crawler.stats.map((s) => `#   ${s.label.padEnd(40)} ${String(s.pages).padStart(3)} pages ${String(s.routes).padStart(3)} routes ${(s.ms / 1000).toFixed(1).padStart(5)} s`),
      ...(crawler.brokenLinks.length ? ['# links answering 4xx:', ...[...new Set(crawler.brokenLinks.map((b) => `#   ${b.url} ${b.detail}`))].slice(0, 20)] : []),
      ...(crawler.downloads.length ? ['# downloads and non-HTML answers (not checked by axe):', ...[...new Set(crawler.downloads.map((d) => `#   ${d.url} ${d.detail}`))].slice(0, 20)] : []),
    ].join('\n'),
  );
  assert.deepEqual(stale, [], 'EXCLUDED names routes the app no longer serves');
  assert.deepEqual(unreached, [], `GET routes no page, link or redirect reached: reach them (seed data, a link) or add them to EXCLUDED with the reason`);
});
