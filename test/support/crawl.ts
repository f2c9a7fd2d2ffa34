// The accessibility crawl's parts: a realistic data set seeded through the real journey, the
// casework services and the factories; a crawler that follows same-origin links in Chromium and
// runs axe on every page it reaches; the public journey walked by field names (so it works in
// every language), with each form also sent empty for its error state; and the transfer size of
// a page as the browser receives it. test/e2e/crawl.e2e.test.ts and bench/page-weight.ts use them.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import type { FastifyInstance } from 'fastify';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { buildApp } from '../../src/app.js';
import { runAvailabilityCycle } from '../../src/modules/availability/index.js';
import { settleImportJobs } from '../../src/modules/imports/index.js';
import { csvOf, moneyRow, municipalityRows, ukrainianRow, upload } from '../imports/support.js';
import { changeOfferStatus, type OfferEvent } from '../../src/modules/offers/index.js';
import type { AppContext } from '../../src/platform/context.js';
import { AxeBuilder } from '@axe-core/playwright';
import { AXE_TAGS, describeViolations, type AxeViolation } from './browser.js';
import { FormClient, type Fields } from './client.js';
import { insertOffer, insertStaffAccount } from './factories.js';
import {
  completeJourney,
  consentFields,
  contactFields,
  kindFields,
  lineFields,
  loadFixtures,
  organisationFields,
  type Fixture,
  type FixtureLine,
} from './fixtures.js';
import { createStaffMember, freshTotpCode, signInAs, type TestStaffAccount } from './staff.js';

export type CrawlLang = 'el' | 'en' | 'uk';

// ---------------------------------------------------------------------------------------------
// Routes

/** GET route patterns of the app (Fastify's `/staff/offers/:reference`, `/assets/*`), and which one serves a path. */
export type RouteMatcher = {
  /** every GET pattern the app serves, sorted */
  readonly patterns: readonly string[];
  /** the pattern Fastify would route `pathname` to (static segments win over parameters), or undefined */
  patternOf(pathname: string): string | undefined;
};

export function routeMatcher(routeList: readonly { method: string; url: string }[]): RouteMatcher {
  const patterns = [...new Set(routeList.filter((r) => r.method === 'GET').map((r) => r.url))].sort();
  const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const compiled = patterns.map((url) => {
    const segments = url.split('/');
    const dynamic = segments.filter((s) => s.startsWith(':') || s === '*').length;
    const literal = segments.filter((s) => !s.startsWith(':') && s !== '*').join('/').length;
    const source = segments.map((s) => (s.startsWith(':') ? '[^/]+' : s === '*' ? '.*' : escape(s))).join('/');
    return { url, dynamic, literal, re: new RegExp(`^${source}$`) };
  });
  return {
    patterns,
    patternOf(pathname) {
      const hits = compiled.filter((c) => c.re.test(pathname)).sort((a, b) => a.dynamic - b.dynamic || b.literal - a.literal);
      return hits[0]?.url;
    },
  };
}

/**
 * A second app over the running server's context (RunningServer does not expose its app): its
 * routeList is the served app's, and seeding goes through it with app.inject. It never listens.
 */
export async function companionApp(ctx: AppContext): Promise<FastifyInstance> {
  const app = await buildApp({ ctx, logger: false });
  await app.ready();
  return app;
}

// ---------------------------------------------------------------------------------------------
// Seeding

export type SeededData = {
  /** offer references (stored form, 9 characters) by what they show */
  references: Record<string, string>;
  /** how many offers in each status */
  statuses: Record<string, number>;
  /** what could not be seeded (a module not there yet), for the test's output */
  notes: string[];
  /** staff pages only a POST leads to (an import batch), for the staff crawl's seeds */
  staffPaths: string[];
};

/** Events that bring a submitted offer to each status, as the transition table allows. */
const PATHS: Record<string, OfferEvent[]> = {
  submitted: [],
  in_review: ['start_review'],
  verified: ['start_review', 'verify'],
  allocated: ['start_review', 'verify', 'allocate'],
  completed: ['start_review', 'verify', 'allocate', 'complete'],
  rejected: ['start_review', 'reject'],
  withdrawn: ['withdraw'],
  expired: ['expire'],
  duplicate: ['mark_duplicate'],
};

/**
 * A realistic data set: the eight fixture offers through the real journey (over app.inject), one
 * factory offer in every status (through changeOfferStatus, with reasons), two pairs of possible
 * duplicates (found by the casework search), contact attempts of every outcome and a note, half
 * of it in Crete (GR-M, the regional coordinator's region). Needs and allocations are seeded when
 * their module is there (see seedLaterModules).
 */
export async function seedCrawlData(app: FastifyInstance, ctx: AppContext): Promise<SeededData> {
  const references: Record<string, string> = {};
  const notes: string[] = [];
  const today = new Date();
  for (const fixture of loadFixtures()) {
    const page = await completeJourney(new FormClient(app), fixture, { today });
    assert.equal(page.status, 200, `${fixture.name}: the confirmation page answered ${page.status}`);
  }
  const journeyOffers = await ctx.db.selectFrom('offers').select(['reference']).orderBy('submitted_at').execute();
  journeyOffers.forEach((o, i) => (references[`journey ${i + 1}`] = o.reference));

  const actorAccount = await insertStaffAccount(ctx.db, { role: 'coordinator', name: 'Μαρία Συντονίστρια', email: 'seed.coordinator@prosfero.test' });
  const actor = { kind: 'staff' as const, id: actorAccount.id, role: 'coordinator' as const };
  const original = await insertOffer(ctx.db, {
    organisation: { legal_name: 'Αλληλεγγύη Ηρακλείου ΑΜΚΕ', contact_email: 'info@allileggyi-her.example' },
    lines: [{ kind: 'accommodation', category: 'apartment', places: 5, rooms: 2, region_code: 'GR-M', address: 'Οδός Ικάρου 4, Ηράκλειο' }],
  });
  references['duplicate original'] = original.reference;
  for (const [status, events] of Object.entries(PATHS)) {
    // Some in Crete, where the regional coordinators work; the rest in Attica and out of their sight.
    const inCrete = ['verified', 'allocated', 'rejected'].includes(status);
    const offer =
      status === 'submitted'
        ? original
        : await insertOffer(ctx.db, {
            organisation:
              status === 'duplicate'
                ? { legal_name: 'Αλληλεγγύη Ηρακλείου', contact_email: 'INFO@allileggyi-her.example' }
                : { legal_name: `Οργάνωση ${status}`, kind: status === 'withdrawn' ? 'individual' : 'ngo' },
            lines: inCrete
              ? [{ kind: 'accommodation', category: 'room', places: 2, rooms: 1, region_code: 'GR-M', address: 'Χανιά' }]
              : [
                  { kind: 'essential_items', category: 'food', quantity: 200, unit: 'kg', region_code: 'GR-I', condition: 'new' },
                  { kind: 'money', amount: '2500.00', currency: 'EUR', frequency: 'one_off', purpose: 'Σχολικά είδη' },
                ],
          });
    references[status] = offer.reference;
    for (const event of events) {
      await ctx.db.transaction().execute(async (trx) => {
        const { version } = await trx.selectFrom('offers').select('version').where('id', '=', offer.id).executeTakeFirstOrThrow();
        await changeOfferStatus(trx, {
          offerId: offer.id,
          event,
          expectedVersion: version,
          actor,
          reason: ['reject', 'withdraw', 'mark_duplicate', 'reopen'].includes(event) ? `Λόγος: ${event}` : null,
          duplicateOf: event === 'mark_duplicate' ? original.id : null,
          at: new Date(),
        });
      });
    }
  }

  // A pair of possible duplicates still to decide (same email, same ΑΦΜ-less NGO), contact
  // attempts of every outcome and a note, through the casework pages as a coordinator.
  const twin = await insertOffer(ctx.db, {
    organisation: { legal_name: 'Κοινωνικό Παντοπωλείο Χανίων', contact_email: 'pantopoleio@chania.example' },
    lines: [{ kind: 'essential_items', category: 'hygiene', quantity: 300, unit: 'kits', region_code: 'GR-M', condition: 'new' }],
  });
  const twin2 = await insertOffer(ctx.db, {
    organisation: { legal_name: 'Κοινωνικό Παντοπωλείο Δήμου Χανίων', contact_email: 'Pantopoleio@Chania.example' },
    lines: [{ kind: 'essential_items', category: 'hygiene', quantity: 150, unit: 'kits', region_code: 'GR-M', condition: 'new' }],
  });
  references['possible duplicate'] = twin.reference;
  references['possible duplicate twin'] = twin2.reference;
  const coordinator = await signInAs(app, ctx, 'coordinator', { name: 'Νίκος Συντονιστής', language: 'el' });
  const form = async (reference: string, action: string, fields: Record<string, string>) => {
    const res = await coordinator.submit(`/staff/offers/${reference}`, fields, `/staff/offers/${reference}/${action}`);
    assert.equal(res.statusCode, 303, `seeding ${action} on ${reference} answered ${res.statusCode}`);
  };
  await form(twin.reference, 'duplicates/search', {});
  for (const [i, outcome] of ['no_answer', 'wrong_number', 'bounced', 'reached'].entries()) {
    await form(twin.reference, 'contact-attempts', { outcome, channel: ['phone', 'sms', 'email', 'viber'][i]!, attempt_note: `Προσπάθεια ${i + 1}` });
  }
  await form(references.verified!, 'contact-attempts', { outcome: 'reached', channel: 'phone' });
  await form(twin.reference, 'notes', { note_body: 'Μίλησα με την υπεύθυνη· θα στείλει φωτογραφίες.' });

  const staffPaths: string[] = [];
  notes.push(...(await seedLaterModules(app, ctx, references.verified!, staffPaths)));

  const counted = await ctx.db.selectFrom('offers').select(['status']).select((eb) => eb.fn.countAll<number>().as('n')).groupBy('status').execute();
  const statuses = Object.fromEntries(counted.map((r) => [r.status, Number(r.n)]));
  return { references, statuses, notes, staffPaths };
}

/**
 * Needs and allocations (issue 6) through their module's own use cases, when it is there: the
 * crawl then reaches their pages with data on them. A module that is not there (yet) is a note,
 * not a failure; its routes still fail the coverage test until they are reached or excluded.
 */
async function seedLaterModules(app: FastifyInstance, ctx: AppContext, verifiedReference: string, staffPaths: string[]): Promise<string[]> {
  const notes: string[] = [];
  const served = (method: string, url: string) => app.routeList.some((r) => r.method === method && r.url === url);
  if (!served('POST', '/staff/needs')) notes.push('no needs module: no needs or allocations seeded');
  else {
    try {
      const coordinator = await signInAs(app, ctx, 'coordinator', { name: 'Ελένη Ανάγκες', language: 'el' });
      const today = new Date();
      const date = { 'starts_on-day': String(today.getUTCDate()), 'starts_on-month': String(today.getUTCMonth() + 1), 'starts_on-year': String(today.getUTCFullYear()) };
      const needs: string[] = [];
      for (const fields of [
        { kind: 'accommodation', quantity: '40', region: 'GR-M', priority: 'urgent', people_count: '40', household_count: '12', notes: 'Οικογένειες με παιδιά', ...date },
        { kind: 'essential_items', category: 'hygiene', unit: 'kits', quantity: '500', region: 'GR-E', priority: 'normal', ...date },
        { kind: 'money', quantity: '10000', currency: 'EUR', region: 'GR-I', priority: 'low', ...date },
      ]) {
        const res = await coordinator.submit('/staff/needs/new', fields, '/staff/needs');
        if (res.statusCode !== 303) throw new Error(`a need was refused (${res.statusCode})`);
        needs.push(String(res.headers.location).split('?')[0]!);
      }
      // Part of the verified room in Crete given to the first need.
      const line = await ctx.db
        .selectFrom('offer_lines')
        .innerJoin('offers', 'offers.id', 'offer_lines.offer_id')
        .select('offer_lines.id')
        .where('offers.reference', '=', verifiedReference)
        .executeTakeFirstOrThrow();
      const allocated = await coordinator.submit(needs[0]!, { line: line.id, [`quantity-${line.id}`]: '1' }, `${needs[0]}/allocations`);
      if (allocated.statusCode !== 303) notes.push(`the allocation was refused (${allocated.statusCode})`);
    } catch (err) {
      notes.push(`needs not seeded: ${(err as Error).message}`);
    }
  }
  // An import batch (issue 5): a file of three good offers and one refused row, checked.
  if (!served('POST', '/staff/imports')) notes.push('no imports module: no import batch seeded');
  else {
    try {
      const coordinator = await signInAs(app, ctx, 'coordinator', { name: 'Γιάννης Εισαγωγές', language: 'el' });
      const bad = { ...moneyRow('not-an-email'), amount: '-5' };
      const res = await upload(app, coordinator, { name: 'προσφορές.csv', data: csvOf([...municipalityRows('A'), ukrainianRow(), moneyRow(), bad]) });
      if (res.statusCode !== 303) throw new Error(`the upload answered ${res.statusCode}`);
      await settleImportJobs();
      staffPaths.push(String(res.headers.location));
    } catch (err) {
      notes.push(`import batch not seeded: ${(err as Error).message}`);
    }
  }
  // Availability checks (issue 4): run the cycle as if the check period had passed, so check
  // emails (with their answer links) go to the offers' contacts.
  try {
    const later = new Date(Date.now() + (ctx.config.availability.checkDays + 1) * 86_400_000);
    await runAvailabilityCycle({ ...ctx, clock: { now: () => later } });
  } catch (err) {
    notes.push(`availability checks not sent: ${(err as Error).message}`);
  }
  return notes;
}

/**
 * The links the service has put in emails (email_outbox, written by the notifications,
 * self-service and availability modules), as paths on this server: one per route pattern, the
 * first found. Emails are how a person reaches the pages behind tokens (confirm an address,
 * open the self-service link, answer an availability check).
 */
export async function emailLinks(ctx: AppContext, routes: RouteMatcher): Promise<string[]> {
  const mails = await ctx.db.selectFrom('email_outbox').select(['body_text']).orderBy('created_at').execute().catch(() => []);
  const origin = ctx.config.publicUrl.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const byRoute = new Map<string, string>();
  for (const { body_text } of mails) {
    for (const m of body_text.matchAll(new RegExp(`${origin}(/[^\\s<>"')]*)`, 'g'))) {
      const path = m[1]!.replace(/[.,;]+$/, '');
      const pattern = routes.patternOf(new URL(path, 'http://x').pathname);
      if (pattern && !byRoute.has(pattern)) byRoute.set(pattern, path);
    }
  }
  return [...byRoute.values()];
}

// ---------------------------------------------------------------------------------------------
// Signing in in the browser

/**
 * Signs `account` in through the pages in `page`'s context (password, then a TOTP code the server
 * accepts now), and sets the member's language with `?lang=`.
 */
export async function signInInBrowser(page: Page, origin: string, ctx: AppContext, account: TestStaffAccount, lang: 'el' | 'en'): Promise<void> {
  await page.goto(`${origin}/staff/sign-in?lang=${lang}`);
  await page.locator('input[name="email"]').fill(account.email);
  await page.locator('input[name="password"]').fill(account.password);
  await page.locator('form[action="/staff/sign-in"] button[type="submit"]').click();
  if (account.totpSecret) {
    await page.locator('input[name="code"]').fill(await freshTotpCode(ctx, account));
    await page.locator('form[action="/staff/totp"] button[type="submit"]').click();
  }
  await page.waitForURL((u) => !/\/staff\/(sign-in|totp)$/.test(u.pathname));
}

export { createStaffMember };

// ---------------------------------------------------------------------------------------------
// The crawler

const started = Date.now();
/** CRAWL_TRACE=1 prints each page and axe run with the seconds since start, to see where a slow crawl spends its time. */
function trace(message: string): void {
  if (process.env.CRAWL_TRACE) console.log(`# [${((Date.now() - started) / 1000).toFixed(1).padStart(6)} s] ${message}`);
}

export type CrawlFinding = { where: string; url: string; detail: string };

/** What one crawl reached, for the summary printed by the test. */
export type CrawlStats = { label: string; pages: number; routes: number; ms: number };

export type CrawlerOptions = {
  /** pages per route pattern in one crawl (query variants included); default 4 */
  perRoute?: number;
  /** pages per route pattern and set of query parameter names in one crawl; default 2 */
  perQueryShape?: number;
  /** pages in one crawl at most; default 80 */
  maxPages?: number;
  /** other origins that mean this server (PUBLIC_URL, which emails' links use) */
  aliases?: string[];
};

/** Links never followed: they end the session (sign-out is a form anyway, but a GET link must not slip through). */
const NEVER_FOLLOW = /\/(sign-out|log-?out)\b/i;

/**
 * Follows same-origin GET links breadth-first from seeds, in one browser page, and runs axe on
 * each HTML page reached (zero violations expected). URLs are normalised (hash dropped, query
 * sorted, `lang` removed) and bounded per route pattern, so a queue with many filter links or a
 * long audit trail stays a handful of pages. Downloads (a non-HTML content type, or a navigation
 * the browser turns into a download) are recorded as reached and not checked. Pages with the
 * same HTML (CSRF tokens aside) are checked once: axe's result depends only on the document.
 * Shared by concurrent crawls: findings and reached routes are collected across all of them.
 */
export class Crawler {
  /** route pattern → the first URL that reached it (redirects included) */
  readonly reached = new Map<string, string>();
  readonly violations: CrawlFinding[] = [];
  /** 5xx answers: always failures */
  readonly serverErrors: CrawlFinding[] = [];
  /** links that answered 4xx (a missing page behind a menu link, say) */
  readonly brokenLinks: CrawlFinding[] = [];
  readonly downloads: CrawlFinding[] = [];
  readonly stats: CrawlStats[] = [];
  pagesVisited = 0;
  axeRuns = 0;
  private readonly axeCache = new Map<string, Promise<AxeViolation[]>>();

  constructor(
    readonly origin: string,
    readonly routes: RouteMatcher,
    readonly options: CrawlerOptions = {},
  ) {}

  private readonly noScript = new WeakSet<Page>();
  private readonly copies: Page[] = [];
  private axeContext: Promise<BrowserContext> | undefined;

  /**
   * Records the route of every GET document request `page` makes (redirect hops included).
   * `javaScript: false` marks a page whose context runs no script: axe checks a copy of it.
   */
  watch(page: Page, options: { javaScript: boolean }): void {
    if (!options.javaScript) this.noScript.add(page);
    page.on('request', (req) => {
      if (!req.isNavigationRequest() || req.method() !== 'GET') return;
      const u = new URL(req.url());
      if (u.origin !== this.origin) return;
      const pattern = this.routes.patternOf(u.pathname);
      if (pattern && !this.reached.has(pattern)) this.reached.set(pattern, u.pathname + u.search);
    });
  }

  /**
   * axe on `page` as it is now; violations are recorded with `where`, the URL and each selector.
   * @returns the number of violations
   */
  async check(page: Page, where: string): Promise<number> {
    const html = await page.content();
    const key = createHash('sha256')
      .update(`${page.viewportSize()?.width ?? 0}|`)
      // CSRF tokens and the journey's random line ids aside, the same HTML gives the same result.
      .update(html.replace(/name="_csrf" value="[^"]*"/g, '').replace(/(\/offers\/new\/lines\/|name="line_id" value=")[a-z0-9]{8,16}/g, '$1'))
      .digest('hex');
    let pending = this.axeCache.get(key);
    if (!pending) {
      this.axeRuns += 1;
      trace(`axe ${where}`);
      pending = this.noScript.has(page) ? this.axeOnCopy(page, html) : runAxe(page);
      this.axeCache.set(key, pending);
    }
    const found = await pending;
    if (found.length) {
      this.violations.push({ where, url: page.url().replace(this.origin, ''), detail: describeViolations(where, found) });
      trace(`axe found ${found.map((v) => `${v.id} (${v.targets.length})`).join(', ')} on ${where}`);
    }
    return found.length;
  }

  /**
   * axe waits on timers, which never fire where JavaScript is off, so a page of such a context
   * is checked as a copy: its DOM served again at the same address to a page of a
   * JavaScript-enabled context (as browser.ts's checkAccessibility does), with the same viewport.
   * Copy pages are kept and reused: making a page is most of the cost of a check.
   */
  private async axeOnCopy(page: Page, html: string): Promise<AxeViolation[]> {
    const browser = page.context().browser();
    if (!browser) throw new Error('the crawler needs pages from browser.newContext()');
    this.axeContext ??= browser.newContext({ javaScriptEnabled: true });
    const copy = this.copies.pop() ?? (await (await this.axeContext).newPage());
    try {
      const address = new URL(page.url());
      address.hash = '';
      const viewport = page.viewportSize();
      if (viewport) await copy.setViewportSize(viewport);
      await copy.unrouteAll();
      await copy.route(
        (u) => u.href === address.href,
        (route) => route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: html }),
      );
      await copy.goto(address.href, { waitUntil: 'load' });
      return await runAxe(copy);
    } finally {
      this.copies.push(copy);
    }
  }

  /** Closes the pages and context the checks made. */
  async close(): Promise<void> {
    if (this.axeContext) await (await this.axeContext).close();
  }

  /**
   * Goes to `url` and, when it is an HTML page, checks it.
   * @returns the status, the final URL and whether it was an HTML page; null for a download
   */
  async visit(page: Page, url: string, where: string, from = ''): Promise<{ status: number; html: boolean; url: string } | null> {
    trace(`visit ${where}`);
    let response;
    try {
      response = await page.goto(url, { waitUntil: 'load' });
    } catch (err) {
      const message = (err as Error).message;
      if (/Download is starting|ERR_ABORTED/.test(message)) {
        this.downloads.push({ where, url: url.replace(this.origin, ''), detail: 'download' });
        return null;
      }
      throw err;
    }
    this.pagesVisited += 1;
    const status = response?.status() ?? 0;
    const type = response?.headers()['content-type'] ?? '';
    const path = url.replace(this.origin, '');
    if (status >= 500) this.serverErrors.push({ where, url: path, detail: `answered ${status}${from ? ` (linked from ${from})` : ''}` });
    else if (status >= 400 && from) this.brokenLinks.push({ where, url: path, detail: `answered ${status}, linked from ${from}` });
    if (!type.startsWith('text/html')) {
      this.downloads.push({ where, url: path, detail: type || 'no content type' });
      return { status, html: false, url: page.url() };
    }
    await this.check(page, where);
    return { status, html: true, url: page.url() };
  }

  /**
   * Breadth-first over same-origin links from `seeds` (paths), in `lang` (the page's language
   * is the context's: a link to another language is not followed).
   */
  async crawl(page: Page, seeds: string[], label: string, lang: CrawlLang): Promise<void> {
    const started = Date.now();
    const perRoute = this.options.perRoute ?? 4;
    const perShape = this.options.perQueryShape ?? 2;
    const maxPages = this.options.maxPages ?? 80;
    const seen = new Set<string>();
    const byRoute = new Map<string, number>();
    const byShape = new Map<string, number>();
    const routesHere = new Set<string>();
    const queue: { url: URL; from: string }[] = [];
    let pages = 0;

    const enqueue = (href: string, from: string, seed = false) => {
      let u: URL;
      try {
        u = new URL(href, this.origin);
      } catch {
        return;
      }
      if (this.options.aliases?.includes(u.origin)) u = new URL(u.pathname + u.search, this.origin);
      if (u.origin !== this.origin || NEVER_FOLLOW.test(u.pathname) || u.pathname.startsWith('/assets/')) return;
      const asked = u.searchParams.get('lang');
      // A link to the same page in another language is not followed; a seed (an email's link in
      // the recipient's language, say) is opened in this crawl's language.
      if (!seed && asked !== null && asked !== lang) return;
      u.searchParams.delete('lang');
      u.searchParams.sort();
      u.hash = '';
      const key = u.pathname + u.search;
      if (seen.has(key)) return;
      const pattern = this.routes.patternOf(u.pathname) ?? `unrouted ${u.pathname}`;
      const shape = `${pattern}?${[...new Set(u.searchParams.keys())].join('&')}`;
      // Seeds are chosen on purpose (an offer in each status, say): only links are bounded.
      if (!seed && ((byRoute.get(pattern) ?? 0) >= perRoute || (byShape.get(shape) ?? 0) >= perShape)) return;
      seen.add(key);
      byRoute.set(pattern, (byRoute.get(pattern) ?? 0) + 1);
      byShape.set(shape, (byShape.get(shape) ?? 0) + 1);
      queue.push({ url: u, from });
    };
    for (const s of seeds) enqueue(s, '', true);

    while (queue.length && pages < maxPages) {
      const { url, from } = queue.shift()!;
      const path = url.pathname + url.search;
      const result = await this.visit(page, url.href, `${label}: ${path}`, from);
      pages += 1;
      if (!result?.html) continue;
      const pattern = this.routes.patternOf(new URL(result.url).pathname);
      if (pattern) routesHere.add(pattern);
      for (const href of linksIn(await page.content())) enqueue(href, path);
    }
    this.stats.push({ label, pages, routes: routesHere.size, ms: Date.now() - started });
  }
}

/**
 * axe with the WCAG 2.0/2.1/2.2 A and AA rules (browser.ts's AXE_TAGS) on a page of a
 * JavaScript-enabled context, as it is now. Legacy mode runs axe.run in the page itself: the
 * default opens a blank page per check to merge frames' results, and our pages have no frames.
 */
export async function runAxe(page: Page): Promise<AxeViolation[]> {
  const results = await new AxeBuilder({ page }).withTags(AXE_TAGS).setLegacyMode(true).analyze();
  return results.violations.map((v) => ({
    id: v.id,
    impact: v.impact,
    help: v.help,
    helpUrl: v.helpUrl,
    targets: v.nodes.map((n) => `${n.target.join(' ')}${n.failureSummary ? ` — ${n.failureSummary.replace(/\s+/g, ' ')}` : ''}`),
  }));
}

/** The href of every <a> in `html` (entities decoded); downloads included (visit records them unchecked). */
export function linksIn(html: string): string[] {
  const out: string[] = [];
  for (const m of html.matchAll(/<a\b([^>]*)>/gi)) {
    const attrs = m[1]!;
    const href = /\shref="([^"]*)"/i.exec(attrs)?.[1];
    if (!href || href.startsWith('#') || /^(mailto|tel|javascript):/i.test(href)) continue;
    out.push(href.replace(/&amp;/g, '&').replace(/&#x27;|&#39;/g, "'").replace(/&quot;/g, '"'));
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Forms

/**
 * Fills a form by field names (the same in every language): text and selects by value, radios
 * and checkboxes by their value. Fields the form does not have are left alone.
 */
export async function fillByName(form: Locator, fields: Fields): Promise<void> {
  for (const [name, value] of Object.entries(fields)) {
    if (value === undefined) continue;
    const values = Array.isArray(value) ? value : [value];
    const sel = `[name="${name}"]`;
    if ((await form.locator(`input[type="radio"]${sel}`).count()) > 0) {
      if (values[0]) await form.locator(`input[type="radio"]${sel}[value="${values[0]}"]`).check();
    } else if ((await form.locator(`input[type="checkbox"]${sel}`).count()) > 0) {
      for (const v of values) await form.locator(`input[type="checkbox"]${sel}[value="${v}"]`).check();
    } else if ((await form.locator(`select${sel}`).count()) > 0) {
      if (values[0]) await form.locator(`select${sel}`).selectOption(values[0]);
    } else if ((await form.locator(`input${sel}, textarea${sel}`).count()) > 0) {
      await form.locator(`input${sel}, textarea${sel}`).first().fill(values[0] ?? '');
    }
  }
}

/** Clicks the submit button of the form posting to `action` and waits for the page that answers. @returns the POST's status */
export async function submitForm(page: Page, action: string): Promise<number> {
  const form = page.locator(`form[method="post"][action="${action}"]`);
  const answered = page.waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).pathname === action.split('?')[0] && r.request().isNavigationRequest());
  await form.locator('button[type="submit"]').last().click();
  const status = (await answered).status();
  await page.waitForLoadState('load');
  return status;
}

/** A line of each kind from the fixtures, for the journey to add. */
export function oneLineOfEachKind(): FixtureLine[] {
  const all = loadFixtures().flatMap((f) => f.lines);
  return (['accommodation', 'service', 'essential_items', 'money'] as const).map((kind) => {
    const line = all.find((l) => l.kind === kind);
    if (!line) throw new Error(`no fixture line of kind ${kind}`);
    return line;
  });
}

/**
 * Walks the public journey in `page` (its context's language set by `?lang=` on the start page):
 * every step is checked, sent empty first (its error state checked too), then filled from a
 * fixture; a line of each kind is added and one is opened again to edit; the check page is
 * submitted once too early (its errors) and once complete; the confirmation is checked.
 * @returns the reference on the confirmation page
 */
export async function walkJourney(page: Page, crawler: Crawler, label: string, lang: CrawlLang, fixture: Fixture): Promise<string> {
  const origin = crawler.origin;
  const today = new Date();
  const here = () => new URL(page.url()).pathname;
  const check = (what: string) => crawler.check(page, `${label}: ${what}`);

  /** Checks the page, submits it empty (422, checked), then fills `fields` and submits (303). */
  async function step(action: string, what: string, fields: Fields, sendEmpty = true): Promise<void> {
    assert.equal(here(), action.split('?')[0], `${label}: expected the page of ${action}, got ${page.url()}`);
    await check(what);
    if (sendEmpty) {
      const refused = await submitForm(page, action);
      assert.equal(refused, 422, `${label}: ${what} sent empty answered ${refused}`);
      await check(`${what}, with errors`);
    }
    await fillByName(page.locator(`form[action="${action}"]`), fields);
    const accepted = await submitForm(page, action);
    assert.equal(accepted, 303, `${label}: ${what} was refused (${accepted}): ${await errorSummary(page)}`);
  }

  const start = await crawler.visit(page, `${origin}/?lang=${lang}`, `${label}: start page`);
  assert.equal(start?.status, 200);
  assert.equal(await submitForm(page, '/offers/new'), 303);
  await step('/offers/new/organisation-kind', 'who is offering', kindFields(fixture));
  await step('/offers/new/organisation', 'official details', organisationFields(fixture));
  await step('/offers/new/contact', 'contact person', contactFields(fixture));

  // The lines page with no line yet, sent as it is: its error links to adding one.
  assert.equal(here(), '/offers/new/lines');
  await check('offer lines, none yet');
  assert.equal(await submitForm(page, '/offers/new/lines'), 422);
  await check('offer lines, none yet, with errors');
  // The check page before everything is answered: submitted, it lists what is missing.
  await crawler.visit(page, `${origin}/offers/new/check`, `${label}: check answers, incomplete`);
  assert.equal(await submitForm(page, '/offers/new/submit'), 422);
  await check('check answers, with errors');

  for (const [i, line] of oneLineOfEachKind().entries()) {
    await crawler.visit(page, `${origin}/offers/new/lines/add`, `${label}: kind of help`);
    if (i === 0) {
      assert.equal(await submitForm(page, '/offers/new/lines/add'), 422);
      await check('kind of help, with errors');
    }
    await fillByName(page.locator('form[action="/offers/new/lines/add"]'), { kind: line.kind });
    assert.equal(await submitForm(page, '/offers/new/lines/add'), 303);
    await step(`/offers/new/lines/add/${line.kind}`, `${line.kind} line`, lineFields(line, today));
  }
  assert.equal(here(), '/offers/new/lines');
  await check('offer lines, four kinds');
  // Open the first line again (its own URL), as "Change" does.
  const edit = linksIn(await page.content()).find((h) => /^\/offers\/new\/lines\/[a-z0-9]{8,16}(\?|$)/.test(h));
  assert.ok(edit, `${label}: no link to change a line`);
  await crawler.visit(page, `${origin}${edit}`, `${label}: change a line`);
  await crawler.visit(page, `${origin}/offers/new/lines`, `${label}: offer lines`);
  assert.equal(await submitForm(page, '/offers/new/lines'), 303);
  await step('/offers/new/consents', 'consents', consentFields(fixture));
  assert.equal(here(), '/offers/new/check');
  await check('check answers');
  assert.equal(await submitForm(page, '/offers/new/submit'), 303);
  assert.equal(here(), '/offers/new/confirmation');
  await check('confirmation');
  const reference = (await page.locator('.prosfero-reference').first().textContent())?.trim() ?? '';
  assert.match(reference, /^[0-9A-Z]{3}-[0-9A-Z]{3}-[0-9A-Z]{3}$/, `${label}: the confirmation shows no reference`);
  return reference;
}

/** The error summary's text, for an assertion's message. */
export async function errorSummary(page: Page): Promise<string> {
  const summary = page.locator('.govgr-error-summary');
  return (await summary.count()) ? ((await summary.first().textContent()) ?? '').replace(/\s+/g, ' ').trim() : '(no error summary)';
}

// ---------------------------------------------------------------------------------------------
// Page weight

export type Transfer = { url: string; type: string; encoding: string; bytes: number; raw: number; gzip: number };
export type PageWeight = { page: string; status: number; transfers: Transfer[]; total: number; totalRaw: number; totalGzip: number; fonts: string[] };

/**
 * Loads `path` in a fresh context (an empty cache: a first visit) and sums what the browser
 * received for the document, stylesheets, fonts and images: `bytes` as sent (compressed when the
 * server compressed it; body only, headers aside), `raw` decoded, `gzip` what gzip -6 would give
 * for the raw body (the figure for a server that does not compress).
 */
export async function measurePage(browser: Browser, origin: string, path: string, options: { javaScript?: boolean; cookies?: Parameters<BrowserContext['addCookies']>[0] } = {}): Promise<PageWeight> {
  const context = await browser.newContext({ javaScriptEnabled: options.javaScript ?? false, viewport: { width: 1024, height: 768 } });
  if (options.cookies) await context.addCookies(options.cookies);
  const page = await context.newPage();
  const responses: Promise<Transfer | null>[] = [];
  page.on('response', (r) => {
    const type = r.request().resourceType();
    if (!['document', 'stylesheet', 'font', 'image'].includes(type)) return;
    responses.push(
      (async () => {
        const body = await r.body().catch(() => Buffer.alloc(0));
        const sizes = await r.request().sizes();
        return {
          url: new URL(r.url()).pathname,
          type,
          encoding: r.headers()['content-encoding'] ?? 'none',
          bytes: sizes.responseBodySize,
          raw: body.length,
          gzip: body.length ? gzipSync(body, { level: 6 }).length : 0,
        };
      })(),
    );
  });
  try {
    const response = await page.goto(`${origin}${path}`, { waitUntil: 'load' });
    // Fonts load after layout; wait until the document's fonts are settled (done with JS or not).
    await page.waitForLoadState('networkidle');
    const transfers = (await Promise.all(responses)).filter((t): t is Transfer => t !== null);
    return {
      page: path,
      status: response?.status() ?? 0,
      transfers,
      total: transfers.reduce((s, t) => s + t.bytes, 0),
      totalRaw: transfers.reduce((s, t) => s + t.raw, 0),
      totalGzip: transfers.reduce((s, t) => s + (t.type === 'font' ? t.bytes : t.gzip), 0),
      fonts: transfers.filter((t) => t.type === 'font').map((t) => t.url.replace('/assets/fonts/', '')),
    };
  } finally {
    await context.close();
  }
}

export const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

/** One table row per page: sent, decoded, gzip of decoded, and the fonts loaded. */
export function weightTable(rows: PageWeight[]): string {
  const lines = [`${'page'.padEnd(44)} ${'sent'.padStart(9)} ${'decoded'.padStart(9)} ${'gzip'.padStart(9)}  fonts`];
  for (const r of rows) {
    lines.push(`${r.page.padEnd(44)} ${kb(r.total).padStart(9)} ${kb(r.totalRaw).padStart(9)} ${kb(r.totalGzip).padStart(9)}  ${r.fonts.join(' ') || '-'}`);
  }
  return lines.join('\n');
}

