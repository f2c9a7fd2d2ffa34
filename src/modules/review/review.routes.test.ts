import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { buildTestApp, type TestApp } from '../../../test/support/app.js';
import { assertExcludes, assertIncludes } from '../../../test/support/assertions.js';
import { engines } from '../../../test/support/database.js';
import { insertOffer, type InsertedOffer } from '../../../test/support/factories.js';
import { signInAs, type StaffAgent } from '../../../test/support/staff.js';
import type { StaffRole } from '../accounts/index.js';

function signedInAgent(t: TestApp, options: { role?: StaffRole; language?: 'el' | 'en'; regions?: string[] } = {}): Promise<StaffAgent> {
  return signInAs(t.app, t.ctx, options.role ?? 'coordinator', { language: options.language, regions: options.regions });
}

/** The references in the table, in page order. */
function references(html: string): string[] {
  return [...html.matchAll(/<th scope="row" class="govgr-table__header prosfero-reference"><a class="govgr-link" href="\/staff\/offers\/[0-9A-Z]{3}-[0-9A-Z]{3}-[0-9A-Z]{3}">([0-9A-Z]{9})<\/a><\/th>/g)].map((m) => m[1]!);
}

function link(html: string, param: 'after' | 'before'): string | null {
  const m = new RegExp(`href="(/staff/offers\\?${param}=[A-Za-z0-9_-]+)"`).exec(html);
  return m?.[1] ?? null;
}

for (const engine of engines()) {
  describe(`the staff list of offers (${engine})`, () => {
    describe('contents', () => {
      let t: TestApp;
      let winter: InsertedOffer;
      let summer: InsertedOffer;
      let january: InsertedOffer;
      before(async () => {
        t = await buildTestApp(engine);
        winter = await insertOffer(t.ctx.db, { submittedAt: '2026-03-27T08:15:00Z' });
        summer = await insertOffer(t.ctx.db, {
          submittedAt: '2026-07-01T09:00:00.5Z',
          offer: { status: 'in_review', language: 'uk', channel: 'api' },
          organisation: { kind: 'municipality', legal_name: 'Δήμος Ηρακλείου', contact_email: 'mayor.office@heraklion.example', contact_phone: '+302810399399' },
          lines: [
            { kind: 'service', category: 'legal_aid', delivery: 'remote', capacity_per_week: 20, description: 'Free advice by phone' },
            { kind: 'money', amount: '1500.00', currency: 'EUR', frequency: 'monthly', purpose: 'Rent support' },
          ],
        });
        january = await insertOffer(t.ctx.db, {
          submittedAt: '2026-01-10T22:30:00Z',
          offer: { language: 'en' },
          organisation: { kind: 'individual', legal_name: 'Zoë <b>Smith</b> & Co', contact_name: 'Zoë Smith', street: '12 Private Lane' },
          lines: [{ kind: 'essential_items', category: 'food', quantity: 1, unit: 'pallets', region_code: 'GR-E' }],
        });
      });
      after(() => t.close());

      test('shows every offer newest first with its organisation, status, language, channel and lines in words', async () => {
        const agent = await signedInAgent(t, { role: 'viewer', language: 'en' });
        const res = await agent.get('/staff/offers');
        assert.equal(res.statusCode, 200);
        assert.deepEqual(references(res.body), [summer.reference, winter.reference, january.reference]);
        assertIncludes(res.body, '3 offers in total');
        assertIncludes(res.body, 'Showing 1 to 3 of 3');

        // Submission times in Greek time (EET in March, EEST in July).
        assertIncludes(res.body, '<time datetime="2026-03-27T08:15:00.000Z">27/03/2026, 10:15</time>');
        assertIncludes(res.body, '<time datetime="2026-07-01T09:00:00.500Z">01/07/2026, 12:00</time>');
        assertIncludes(res.body, '<time datetime="2026-01-10T22:30:00.000Z">11/01/2026, 00:30</time>');

        assertIncludes(res.body, '<li>Accommodation · Apartment · 4 places · Kriti</li>');
        assertIncludes(res.body, '<li>Essential items · Hygiene products · 500 kits · Attiki</li>');
        assertIncludes(res.body, '<li>Service · Legal aid · up to 20 a week</li>');
        assertIncludes(res.body, '<li>Money · €1,500.00 a month</li>');
        assertIncludes(res.body, '<li>Essential items · Food · 1 pallet · Thessalia</li>');

        assertIncludes(res.body, 'Δήμος Ηρακλείου');
        assertIncludes(res.body, 'Municipality');
        assertIncludes(res.body, 'In review');
        assertIncludes(res.body, 'Ukrainian');
        assertIncludes(res.body, '>API<');
        assertIncludes(res.body, 'Private individual');
        assertIncludes(res.body, 'Zoë &lt;b>Smith&lt;/b> &amp; Co', 'names are escaped');
        assertExcludes(res.body, '<b>Smith</b>');
      });

      test('shows no personal contact data and no free text from the offer', async () => {
        const agent = await signedInAgent(t);
        const res = await agent.get('/staff/offers');
        for (const offer of [winter, summer, january]) {
          assertExcludes(res.body, offer.organisation.contactEmail);
          assertExcludes(res.body, offer.organisation.contactPhone);
        }
        for (const text of ['Eleni Papadopoulou', 'Zoë Smith<', '12 Private Lane', 'Odos Kritis 12', 'Free advice by phone', 'Rent support']) {
          assertExcludes(res.body, text);
        }
      });

      test('is shown in Greek to a Greek-speaking member', async () => {
        const agent = await signedInAgent(t, { language: 'el' });
        const res = await agent.get('/staff/offers');
        assert.match(res.body, /<h1 class="govgr-heading-xl">Προσφορές<\/h1>/);
        assertIncludes(res.body, '3 προσφορές συνολικά');
        assertIncludes(res.body, '<li>Στέγαση · Διαμέρισμα · 4 θέσεις · Κρήτη</li>');
        assertIncludes(res.body, 'Υποβλήθηκε');
      });

      test('a regional coordinator without assigned regions sees no offers', async () => {
        const agent = await signedInAgent(t, { role: 'regional_coordinator', regions: [] });
        const res = await agent.get('/staff/offers');
        assert.equal(res.statusCode, 200);
        assert.deepEqual(references(res.body), []);
        assertIncludes(res.body, '0 offers in total');
      });

      test('a cursor that this page did not make is a bad request', async () => {
        const agent = await signedInAgent(t);
        assert.equal((await agent.get('/staff/offers?after=not-a-cursor')).statusCode, 400);
        const first = await agent.get('/staff/offers');
        assert.equal(link(first.body, 'after'), null, 'one page only: no link to older offers');
        const cursor = Buffer.from(`2026-03-27T08:15:00.000000Z|${winter.id}`).toString('base64url');
        assert.equal((await agent.get(`/staff/offers?after=${cursor}&before=${cursor}`)).statusCode, 400);
        const older = await agent.get(`/staff/offers?after=${cursor}`);
        assert.equal(older.statusCode, 200);
        assert.deepEqual(references(older.body), [january.reference]);
        assertIncludes(older.body, 'Showing 3 to 3 of 3');
      });

      test('an anonymous request is sent to sign in', async () => {
        const res = await t.app.inject({ method: 'GET', url: '/staff/offers' });
        assert.equal(res.statusCode, 302);
        assert.equal(res.headers.location, '/staff/sign-in');
      });
    });

    describe('pagination', () => {
      let t: TestApp;
      let expected: string[];
      before(async () => {
        t = await buildTestApp(engine);
        // 100 offers a few microseconds apart (finer than a JS Date can hold) and 20 sharing
        // one instant, so the cursor must carry microseconds and break ties by id.
        for (let i = 0; i < 100; i++) {
          const micros = String(100_000 + i * 7).padStart(6, '0');
          await insertOffer(t.ctx.db, {
            submittedAt: `2026-03-01T10:00:00.${micros}Z`,
            lines: [{ kind: 'money', amount: `${i + 1}.00`, currency: 'EUR', frequency: 'one_off' }],
          });
        }
        for (let i = 0; i < 20; i++) {
          await insertOffer(t.ctx.db, {
            submittedAt: '2026-03-01T10:00:00.100350Z',
            lines: [{ kind: 'service', category: 'transport', delivery: 'in_person' }],
          });
        }
        const rows = await t.ctx.db.selectFrom('offers').select('reference').orderBy('submitted_at', 'desc').orderBy('id', 'desc').execute();
        expected = rows.map((r) => r.reference);
      });
      after(() => t.close());

      test('walks all offers 50 a page, forwards and back, with no duplicates or gaps', async () => {
        const agent = await signedInAgent(t);
        const pages: string[][] = [];
        const ranges: string[] = [];
        let url: string | null = '/staff/offers';
        const visited: string[] = [];
        while (url) {
          visited.push(url);
          const res = await agent.get(url);
          assert.equal(res.statusCode, 200, url);
          pages.push(references(res.body));
          ranges.push(/Showing [\d,]+ to [\d,]+ of [\d,]+/.exec(res.body)?.[0] ?? '');
          assertIncludes(res.body, '120 offers in total');
          url = link(res.body, 'after');
        }
        assert.deepEqual(pages.map((p) => p.length), [50, 50, 20]);
        assert.deepEqual(ranges, ['Showing 1 to 50 of 120', 'Showing 51 to 100 of 120', 'Showing 101 to 120 of 120']);
        assert.deepEqual(pages.flat(), expected);

        // Back from the last page, by the "newer offers" links.
        const back: string[][] = [];
        let page = await agent.get(visited[2]!);
        for (let prev = link(page.body, 'before'); prev; prev = link(page.body, 'before')) {
          page = await agent.get(prev);
          back.unshift(references(page.body));
        }
        assert.deepEqual(back, [pages[0], pages[1]]);
      });

      test('offers arriving while someone pages do not push repeats onto the next page', async () => {
        const agent = await signedInAgent(t);
        const first = await agent.get('/staff/offers');
        const next = link(first.body, 'after');
        assert.ok(next, 'a link to older offers');
        const fresh = await insertOffer(t.ctx.db, { submittedAt: '2026-03-02T09:00:00Z' });
        const second = await agent.get(next);
        assert.deepEqual(references(second.body), expected.slice(50, 100));
        assertIncludes(second.body, 'Showing 52 to 101 of 121', 'positions count the new offer');
        const top = await agent.get('/staff/offers');
        assert.equal(references(top.body)[0], fresh.reference);
      });
    });
  });
}
