// The review queue (issue 3): every filter alone and combined against hand-counted offers, the
// count for each status, keyset pagination in both orders, the regional scope, and hostile
// query strings. On the embedded database and, with TEST_DATABASE_URL, on PostgreSQL.
//
// The offers (test/review/support.ts insertQueueOffers), times in Greece:
//   A  1 Mar 12:00  submitted  el  municipality     accommodation camp + bedding, Crete 7102 (RU 71)
//   B  2 Mar 12:00  submitted  uk  individual       legal aid (remote) + money; possible duplicate; no answer
//   C  3 Mar 12:00  in_review  en  ngo              hygiene + hotel, Attica 4501 (RU 45); reached
//   D  4 Mar 12:00  verified   el  business         food, Central Macedonia 0702 (RU 07); wrong number
//   E  5 Mar 12:00  rejected   el  individual       room, Crete 7301 (RU 73); possible duplicate; reached, then bounced
//   F  6 Mar 12:00  submitted  el  religious_body   service other + items other, Thessaly 2201 (RU 22)
//   G 31 Mar 23:59  verified   el  ngo              apartment, Central Macedonia (no municipality)
//   H  1 Apr 00:00  submitted  el  ngo              money
//   I  1 Mar 00:00  withdrawn  en  other            money
//   J 28 Feb 23:59  expired    el  public_body      money
import assert from 'node:assert/strict';
import { performance } from 'node:perf_hooks';
import { sql } from 'kysely';
import { after, before, describe, test } from 'node:test';
import { OFFER_STATUSES } from '../../src/modules/offers/index.js';
import { listOffers, type OfferListPage } from '../../src/modules/review/index.js';
import { withinBudget } from '../../src/modules/review/review.repository.js';
import type { QueueFilters } from '../../src/modules/review/review.schemas.js';
import { buildTestApp, type TestApp } from '../support/app.js';
import { assertExcludes, assertIncludes } from '../support/assertions.js';
import { engines } from '../support/database.js';
import type { InsertedOffer } from '../support/factories.js';
import { signInAs, type StaffAgent } from '../support/staff.js';
import { insertManyOffers, insertQueueOffers, referencesIn, type Letter } from './support.js';

type Filters = Omit<QueueFilters, 'sort'> & { sort?: QueueFilters['sort'] };

for (const engine of engines()) {
  describe(`the review queue (${engine})`, () => {
    let t: TestApp;
    let offers: Record<Letter, InsertedOffer>;
    const letterOf = new Map<string, Letter>();
    const all = { regions: 'all' as const };

    before(async () => {
      t = await buildTestApp(engine);
      offers = await insertQueueOffers(t.ctx.db);
      for (const [letter, offer] of Object.entries(offers)) letterOf.set(offer.reference, letter as Letter);
    });
    after(() => t.close());

    const page = (filters: Filters, scope: { regions: 'all' | string[] } = all): Promise<OfferListPage> =>
      listOffers(t.ctx, scope, { filters: { sort: 'newest', ...filters } }, { contact: true });
    /** The letters the queue lists for `filters`, newest first. */
    const letters = async (filters: Filters, scope?: { regions: 'all' | string[] }) =>
      (await page(filters, scope)).items.map((i) => letterOf.get(i.reference)).join('');

    test('without filters it lists every offer, newest first, and counts each status', async () => {
      const p = await page({});
      assert.equal(p.items.map((i) => letterOf.get(i.reference)).join(''), 'HGFEDCBAIJ');
      assert.deepEqual(p.total, { count: 10, more: false });
      assert.deepEqual(
        Object.fromEntries(p.statusCounts.map((s) => [s.status, s.count])),
        { submitted: 4, in_review: 1, verified: 2, allocated: 0, completed: 0, rejected: 1, withdrawn: 1, duplicate: 0, expired: 1 },
      );
      assert.deepEqual(p.statusCounts.map((s) => s.status), [...OFFER_STATUSES]);
    });

    test('each filter alone finds exactly the offers it should', async () => {
      const cases: [Filters, string][] = [
        [{ status: 'submitted' }, 'HFBA'],
        [{ status: 'in_review' }, 'C'],
        [{ status: 'verified' }, 'GD'],
        [{ status: 'allocated' }, ''],
        [{ kind: 'accommodation' }, 'GECA'],
        [{ kind: 'service' }, 'FB'],
        [{ kind: 'essential_items' }, 'FDCA'],
        [{ kind: 'money' }, 'HBIJ'],
        [{ category: 'accommodation:camp_or_facility' }, 'A'],
        [{ category: 'essential_items:hygiene' }, 'C'],
        [{ category: 'essential_items:other' }, 'F'],
        [{ category: 'service:other' }, 'F'],
        [{ category: 'service:legal_aid' }, 'B'],
        [{ region: 'GR-M' }, 'EA'],
        [{ region: 'GR-B' }, 'GD'],
        [{ region: 'GR-I' }, 'C'],
        [{ region: 'GR-A' }, ''],
        [{ regionalUnit: '71' }, 'A'],
        [{ regionalUnit: '73' }, 'E'],
        [{ regionalUnit: '07' }, 'D'],
        [{ municipality: '7102' }, 'A'],
        [{ municipality: '2201' }, 'F'],
        [{ organisationKind: 'individual' }, 'EB'],
        [{ organisationKind: 'ngo' }, 'HGC'],
        [{ organisationKind: 'public_body' }, 'J'],
        [{ from: '2026-03-01' }, 'HGFEDCBAI'],
        [{ to: '2026-02-28' }, 'J'],
        [{ from: '2026-04-01' }, 'H'],
        [{ to: '2026-03-31' }, 'GFEDCBAIJ'],
        [{ from: '2026-03-31', to: '2026-03-31' }, 'G'],
        [{ duplicate: 'yes' }, 'EB'],
        [{ duplicate: 'no' }, 'HGFDCAIJ'],
        [{ contact: 'never_reached' }, 'HGFDBAIJ'],
        [{ contact: 'reached' }, 'C'],
        [{ contact: 'no_answer' }, 'B'],
        [{ contact: 'wrong_number' }, 'D'],
        [{ contact: 'bounced' }, 'E'],
        [{ language: 'uk' }, 'B'],
        [{ language: 'en' }, 'CI'],
        [{ language: 'el' }, 'HGFEDAJ'],
      ];
      for (const [filters, expected] of cases) {
        const p = await page(filters);
        assert.equal(p.items.map((i) => letterOf.get(i.reference)).join(''), expected, JSON.stringify(filters));
        assert.deepEqual(p.total, { count: expected.length, more: false }, JSON.stringify(filters));
      }
    });

    test('filters combine: every one must hold', async () => {
      const cases: [Filters, string][] = [
        [{ status: 'submitted', region: 'GR-M', kind: 'accommodation' }, 'A'],
        [{ kind: 'money', language: 'en' }, 'I'],
        [{ region: 'GR-M', duplicate: 'yes' }, 'E'],
        [{ organisationKind: 'ngo', from: '2026-03-31' }, 'HG'],
        [{ contact: 'never_reached', kind: 'essential_items' }, 'FDA'],
        [{ category: 'essential_items:other', region: 'GR-E', status: 'submitted' }, 'F'],
        [{ region: 'GR-I', status: 'verified' }, ''],
        [{ kind: 'accommodation', category: 'essential_items:food' }, ''],
        [{ region: 'GR-B', regionalUnit: '07', municipality: '0702', kind: 'essential_items', organisationKind: 'business', language: 'el', duplicate: 'no', contact: 'wrong_number', from: '2026-03-04', to: '2026-03-04', status: 'verified' }, 'D'],
      ];
      for (const [filters, expected] of cases) assert.equal(await letters(filters), expected, JSON.stringify(filters));
    });

    test('the count for each status keeps to the other filters, and ignores the status chosen', async () => {
      const counts = async (filters: Filters) =>
        Object.fromEntries((await page(filters)).statusCounts.filter((s) => s.count !== 0).map((s) => [s.status, s.count]));
      assert.deepEqual(await counts({ region: 'GR-M' }), { submitted: 1, rejected: 1 });
      assert.deepEqual(await counts({ region: 'GR-M', status: 'rejected' }), { submitted: 1, rejected: 1 });
      assert.deepEqual(await counts({ kind: 'money' }), { submitted: 2, withdrawn: 1, expired: 1 });
      assert.deepEqual(await counts({ language: 'en', kind: 'money' }), { withdrawn: 1 });
      const chosen = await page({ kind: 'money', status: 'submitted' });
      assert.deepEqual(chosen.total, { count: 2, more: false }, 'the total is the chosen status’s');
      assert.deepEqual(chosen.all, { count: 4, more: false }, '"all" is every status within the other filters');
    });

    test('oldest first reverses the order, ties broken by id the other way', async () => {
      assert.equal(await letters({ sort: 'oldest' }), 'JIABCDEFGH');
      assert.equal(await letters({ sort: 'oldest', region: 'GR-M' }), 'AE');
    });

    test('a regional coordinator sees and counts only offers with a line in their regions', async () => {
      const crete = { regions: ['GR-M'] };
      assert.equal(await letters({}, crete), 'EA');
      const p = await page({}, crete);
      assert.deepEqual(p.total, { count: 2, more: false });
      assert.deepEqual(Object.fromEntries(p.statusCounts.filter((s) => s.count).map((s) => [s.status, s.count])), { submitted: 1, rejected: 1 });
      assert.equal(await letters({ region: 'GR-I' }, crete), '', 'a filter outside the scope finds nothing');
      assert.equal(await letters({ q: 'Athens Hygiene' }, crete), '', 'nor does a search');
      assert.equal(await letters({ q: offers.C.reference }, crete), '', 'nor a reference');
      assert.equal(await letters({ q: 'Athens Hygiene' }), 'C');
      assert.equal(await letters({}, { regions: ['GR-M', 'GR-I'] }), 'ECA');
      assert.equal(await letters({}, { regions: [] }), '', 'no regions, nothing');
    });

    test('any text in the search box is searched for, never an error', async () => {
      // A fixed pseudo-random sample (so a failure can be replayed) of every kind of character a
      // paste can bring: scripts, digits of other systems, marks, symbols, tsquery and LIKE syntax.
      const pool = [..."aZ9 Αωάΐ ЖїйЁ ß ø ½ ² Ⅻ ١٢ ① ｆ ﬁ 🙂 \u0301 ' \" ; -- % _ \\ & | ! : * ( ) < > @ . , / + = # [ ] { } ~ ` ^ $ « » – ·"];
      let seed = 7;
      const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
      for (let i = 0; i < 150; i++) {
        const q = Array.from({ length: 1 + Math.floor(next() * 30) }, () => pool[Math.floor(next() * pool.length)]).join('');
        await assert.doesNotReject(page({ q }), JSON.stringify(q));
      }
    });

    test('a count that would take longer than its budget is left out, not waited for', async () => {
      const started = performance.now();
      const result = await withinBudget(t.ctx.db, (trx) => sql`SELECT pg_sleep(0.5)`.execute(trx).then(() => 'done'), 50);
      const took = performance.now() - started;
      if (engine === 'postgres') {
        assert.equal(result, null);
        assert.ok(took < 400, `cancelled after ${took.toFixed(0)} ms`);
        assert.equal(await withinBudget(t.ctx.db, (trx) => sql`SELECT 1`.execute(trx).then(() => 'done')), 'done', 'the connection is still good');
      } else {
        assert.equal(result, 'done', 'PGlite has no statement timeout: the count runs to the end');
      }
    });

    describe('over HTTP', () => {
      let coordinator: StaffAgent;
      before(async () => {
        coordinator = await signInAs(t.app, t.ctx, 'coordinator');
      });

      test('the filter form keeps its values, and every link keeps the filters', async () => {
        const res = await coordinator.get('/staff/offers?q=&status=submitted&kind=&region=GR-M&from=2026-03-01&sort=oldest');
        assert.equal(res.statusCode, 200);
        assert.deepEqual(referencesIn(res.body), [offers.A.reference]);
        assertIncludes(res.body, '<form method="get" action="/staff/offers"');
        assertIncludes(res.body, '<option value="submitted" selected>Submitted</option>');
        assertIncludes(res.body, '<option value="GR-M" selected>Kriti</option>');
        assertIncludes(res.body, '<option value="oldest" selected>Oldest first</option>');
        assertIncludes(res.body, 'name="from" type="text" value="1/3/2026"');
        assertIncludes(res.body, '1 offer matches');
        // Status links change the status and keep the rest; the chosen status is marked.
        assertIncludes(res.body, '<a class="govgr-link" href="/staff/offers?status=rejected&amp;region=GR-M&amp;from=2026-03-01&amp;sort=oldest">Rejected (1)</a>');
        assertExcludes(res.body, 'href="/staff/offers?status=rejected&region', 'ampersands in links are escaped');
        assertIncludes(res.body, '<a class="govgr-link" href="/staff/offers?region=GR-M&amp;from=2026-03-01&amp;sort=oldest">All (2)</a>');
        assertIncludes(res.body, '<strong aria-current="page">Submitted (1)</strong>');
        assertIncludes(res.body, '<a class="govgr-link" href="/staff/offers">Clear filters</a>');
      });

      test('the form is in Greek for a Greek-speaking member', async () => {
        const greek = await signInAs(t.app, t.ctx, 'coordinator', { language: 'el' });
        const res = await greek.get('/staff/offers?region=GR-M');
        assertIncludes(res.body, '2 προσφορές ταιριάζουν');
        assertIncludes(res.body, '<option value="GR-M" selected>Κρήτη</option>');
        assertIncludes(res.body, 'Υποβλήθηκε (1)');
        assertIncludes(res.body, 'Εφαρμογή φίλτρων');
      });

      test('a regional coordinator’s page lists, counts and offers only their regions', async () => {
        const cretan = await signInAs(t.app, t.ctx, 'regional_coordinator', { regions: ['GR-M'] });
        const res = await cretan.get('/staff/offers');
        assert.deepEqual(referencesIn(res.body), [offers.E.reference, offers.A.reference]);
        assertIncludes(res.body, '2 offers in total');
        assertIncludes(res.body, 'All (2)');
        assertIncludes(res.body, 'Submitted (1)');
        assertIncludes(res.body, '<option value="GR-M">Kriti</option>');
        assertExcludes(res.body, '<option value="GR-I">', 'no other region is offered');
        assertExcludes(res.body, 'value="4501"', 'nor another region’s municipalities');
        const outside = await cretan.get(`/staff/offers?q=${encodeURIComponent('Athens Hygiene')}`);
        assert.equal(outside.statusCode, 200);
        assert.deepEqual(referencesIn(outside.body), []);
        assertIncludes(outside.body, '0 offers match');
        const attica = await cretan.get('/staff/offers?region=GR-I');
        assert.deepEqual(referencesIn(attica.body), []);
        assertIncludes(attica.body, 'No offers match these filters.');
      });

      test('a filter that cannot be read comes back with 422, a message for the field and nothing listed', async () => {
        const res = await coordinator.get('/staff/offers?status=deleted&from=30/2/2026&region=GR-M&q=Crete');
        assert.equal(res.statusCode, 422);
        assertIncludes(res.body, '<div class="govgr-error-summary"');
        assertIncludes(res.body, '<a class="govgr-link" href="#status">Choose one of the options in the list</a>');
        assertIncludes(res.body, '<a class="govgr-link" href="#from">Enter a real date, for example 27/3/2026</a>');
        assertIncludes(res.body, 'value="30/2/2026"', 'the date as typed');
        assertIncludes(res.body, 'name="q" type="text" value="Crete"');
        assertIncludes(res.body, '<option value="GR-M" selected>Kriti</option>', 'the other filters are kept');
        assert.deepEqual(referencesIn(res.body), []);
        assert.match(res.body, /<title>Error: /);
      });

      test('hostile query strings get 4xx or an ordinary page, never a server error', async () => {
        const urls = [
          `/staff/offers?q=${'x'.repeat(10_000)}`,
          `/staff/offers?q=${encodeURIComponent("'; DROP TABLE offers; --")}`,
          `/staff/offers?q=${encodeURIComponent("' OR '1'='1")}`,
          `/staff/offers?q=${encodeURIComponent('a & b | !c:* <-> (d)')}`,
          `/staff/offers?q=${encodeURIComponent('%_%\\')}`,
          `/staff/offers?q=${encodeURIComponent('\u0000')}`,
          `/staff/offers?q=${encodeURIComponent('<script>alert(1)</script>')}`,
          `/staff/offers?q=${encodeURIComponent('"><script>alert(1)</script>')}`,
          '/staff/offers?status=submitted%27%20OR%201=1--',
          '/staff/offers?region=GR-M%27)--&kind=money;DELETE',
          '/staff/offers?category=service:legal_aid%27',
          '/staff/offers?from=2026-03-01%27::date&to=9999-99-99',
          '/staff/offers?sort=submitted_at;DROP',
          '/staff/offers?status=submitted&status=verified',
          '/staff/offers?q[]=x&q[]=y',
          '/staff/offers?after=%27%3B--',
          `/staff/offers?after=${'A'.repeat(5000)}`,
          '/staff/offers?duplicate[$ne]=1',
          '/staff/offers?municipality=00000000&regional_unit=-1',
          `/staff/offers?${Array.from({ length: 500 }, (_, i) => `p${i}=${i}`).join('&')}`,
        ];
        for (const url of urls) {
          const res = await coordinator.get(url);
          assert.ok([200, 400, 414, 422].includes(res.statusCode), `${url.slice(0, 80)} answered ${res.statusCode}`);
          // What was typed comes back only inside the search field's quoted value, its quotes escaped.
          assert.equal(res.body.split('<script>alert(1)</script>').length, res.body.split(/value="(?:&#34;>)?<script>alert\(1\)<\/script>"/).length, url.slice(0, 80));
        }
        const sql = await coordinator.get(`/staff/offers?q=${encodeURIComponent("'; DROP TABLE offers; --")}`);
        assert.equal(sql.statusCode, 200);
        assert.deepEqual(referencesIn(sql.body), []);
        const still = await coordinator.get('/staff/offers');
        assert.equal(referencesIn(still.body).length, 10, 'and every offer is still there');
        const long = await coordinator.get(`/staff/offers?q=${'x'.repeat(10_000)}`);
        assert.equal(long.statusCode, 422);
        assertIncludes(long.body, 'Search text must be 200 characters or fewer');
      });

      test('an anonymous request with filters is sent to sign in', async () => {
        const res = await t.app.inject({ method: 'GET', url: '/staff/offers?status=submitted&q=x' });
        assert.equal(res.statusCode, 302);
        assert.equal(res.headers.location, '/staff/sign-in');
      });
    });
  });

  describe(`paging the queue (${engine})`, () => {
    let t: TestApp;
    before(async () => {
      t = await buildTestApp(engine);
      // 130 offers a few microseconds apart and 20 sharing one instant (ties broken by id); every
      // third is money, so a filter leaves gaps between the offers it keeps.
      const { insertOffer } = await import('../support/factories.js');
      for (let i = 0; i < 150; i++) {
        const micros = String(100_000 + (i < 130 ? i * 7 : 350)).padStart(6, '0');
        await insertOffer(t.ctx.db, {
          submittedAt: `2026-03-01T10:00:00.${micros}Z`,
          lines: [i % 3 === 0 ? { kind: 'money', amount: '10.00', currency: 'EUR', frequency: 'one_off' } : { kind: 'service', category: 'transport', delivery: 'in_person' }],
        });
      }
    });
    after(() => t.close());

    /** Every page forwards, then every page back from the last, through the service with `size` a page. */
    async function walk(filters: Filters, size: number): Promise<{ forward: string[][]; back: string[][] }> {
      const request = (extra: object) => listOffers(t.ctx, { regions: 'all' }, { filters: { sort: 'newest', ...filters }, ...extra }, { contact: true, pageSize: size });
      const forward: string[][] = [];
      let p = await request({});
      forward.push(p.items.map((i) => i.reference));
      while (p.next) {
        p = await request({ after: p.next });
        forward.push(p.items.map((i) => i.reference));
      }
      const back: string[][] = [];
      while (p.previous) {
        p = await request({ before: p.previous });
        back.unshift(p.items.map((i) => i.reference));
      }
      return { forward, back };
    }

    for (const sort of ['newest', 'oldest'] as const) {
      for (const [name, filters, count] of [
        ['every offer', {}, 150],
        ['money only', { kind: 'money' }, 50],
      ] as const) {
        test(`${sort} first, ${name}: each offer once, in order, forwards and back`, async () => {
          let q = t.ctx.db.selectFrom('offers').select('reference').orderBy('submitted_at', sort === 'newest' ? 'desc' : 'asc').orderBy('id', sort === 'newest' ? 'desc' : 'asc');
          if ('kind' in filters) q = q.where(sql<boolean>`line_kinds @> ARRAY['money']::text[]`);
          const expected = (await q.execute()).map((r) => r.reference);
          assert.equal(expected.length, count);
          const { forward, back } = await walk({ sort, ...filters }, 16);
          assert.deepEqual(forward.flat(), expected, 'no repeats, no gaps');
          assert.ok(forward.slice(0, -1).every((p) => p.length === 16));
          assert.deepEqual(back, forward.slice(0, -1), 'the same pages on the way back');
        });
      }
    }

    test('over HTTP, the oldest-first pages of a filter keep the filter and the order in their links', async () => {
      const agent = await signInAs(t.app, t.ctx, 'viewer', { totp: false });
      const expected = (
        await t.ctx.db.selectFrom('offers').select('reference').where(sql<boolean>`line_kinds @> ARRAY['service']::text[]`).orderBy('submitted_at', 'asc').orderBy('id', 'asc').execute()
      ).map((r) => r.reference);
      const pages: string[][] = [];
      let url: string | null = '/staff/offers?kind=service&sort=oldest';
      while (url) {
        const res = await agent.get(url);
        assert.equal(res.statusCode, 200, url);
        pages.push(referencesIn(res.body));
        assertIncludes(res.body, '100 offers match');
        url = /href="(\/staff\/offers\?kind=service&amp;sort=oldest&amp;after=[A-Za-z0-9_-]+)" rel="next"/.exec(res.body)?.[1]?.replaceAll('&amp;', '&') ?? null;
      }
      assert.deepEqual(pages.map((p) => p.length), [50, 50]);
      assert.deepEqual(pages.flat(), expected);
    });
  });

  describe(`counting past ${1000} (${engine})`, () => {
    let t: TestApp;
    before(async () => {
      // What the counts say past the limit, not how fast they are made: a budget a loaded machine
      // cannot miss (giving up on a slow count is tested with withinBudget above).
      t = await buildTestApp(engine, { env: { QUEUE_COUNT_BUDGET_MS: '10000' } });
      // 2,010 offers: 1,005 submitted, 1,004 verified, 1 expired.
      await insertManyOffers(t.ctx.db, 2010, { status: (n) => (n === 2010 ? 'expired' : n % 2 ? 'submitted' : 'verified'), word: 'Bulk' });
    });
    after(() => t.close());

    test('counts stop at 1,000 a status and say "more than"', async () => {
      const p = await listOffers(t.ctx, { regions: 'all' }, { filters: { sort: 'newest' } }, { contact: true });
      const byStatus = Object.fromEntries(p.statusCounts.map((s) => [s.status, s]));
      assert.deepEqual(byStatus.submitted, { status: 'submitted', count: 1000, more: true });
      assert.deepEqual(byStatus.verified, { status: 'verified', count: 1000, more: true });
      assert.deepEqual(byStatus.expired, { status: 'expired', count: 1, more: false });
      assert.deepEqual(p.total, { count: 2001, more: true }, 'at least the counted, and more');
      const expired = await listOffers(t.ctx, { regions: 'all' }, { filters: { sort: 'newest', status: 'expired' } }, { contact: true });
      assert.deepEqual(expired.total, { count: 1, more: false });
      assert.equal(expired.items.length, 1);
    });

    test('the page says so, in words', async () => {
      const agent = await signInAs(t.app, t.ctx, 'coordinator');
      const res = await agent.get('/staff/offers');
      assertIncludes(res.body, 'More than 2,001 offers in total');
      assertIncludes(res.body, 'Submitted (more than 1,000)');
      assertIncludes(res.body, 'Expired (1)');
      assertIncludes(res.body, 'Showing 1 to 50 of more than 2,001');
      const search = await agent.get('/staff/offers?q=bulk');
      assertIncludes(search.body, 'More than 2,001 offers match');
      assert.equal(referencesIn(search.body).length, 50);
    });
  });
}
