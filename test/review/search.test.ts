// The queue's one search box (issue 3), over offers submitted through the real journey: by
// reference, ΑΦΜ, email, phone and words, in Greek whatever the accents, case and endings, in
// Latin transliteration and in Ukrainian, within the member's scope and access to contact data.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { formatReference, searchDocument, todayInAthens } from '../../src/modules/offers/index.js';
import { listOffers } from '../../src/modules/review/index.js';
import { buildTestApp, type TestApp } from '../support/app.js';
import { assertIncludes } from '../support/assertions.js';
import { FormClient } from '../support/client.js';
import { engines } from '../support/database.js';
import { completeJourney, loadFixtures, type Fixture } from '../support/fixtures.js';
import { signInAs, type StaffAgent } from '../support/staff.js';
import { referencesIn } from './support.js';

const fixtures = loadFixtures();
const byName = (name: string): Fixture => fixtures.find((f) => f.name.startsWith(name))!;

for (const engine of engines()) {
  describe(`searching the queue (${engine})`, () => {
    let t: TestApp;
    /** fixture number ('01'…'08') → the reference it was given */
    const ref = new Map<string, string>();
    const number = new Map<string, string>();

    before(async () => {
      t = await buildTestApp(engine, { env: { SUBMIT_RATE_LIMIT: '1000' } });
      const today = new Date(`${todayInAthens(new Date())}T00:00:00Z`);
      for (const f of fixtures) {
        const confirmation = await completeJourney(new FormClient(t.app), f, { today });
        assert.equal(confirmation.status, 200, f.name);
        const row = await t.ctx.db
          .selectFrom('offers')
          .innerJoin('organisations', 'organisations.id', 'offers.organisation_id')
          .select('offers.reference')
          .where('organisations.legal_name', '=', String(f.organisation.legal_name))
          .executeTakeFirstOrThrow();
        ref.set(f.name.slice(0, 2), row.reference);
        number.set(row.reference, f.name.slice(0, 2));
      }
    });
    after(() => t.close());

    /** The fixture numbers a search finds, as `scope` and `contact` allow, newest first. */
    const found = async (q: string, options: { regions?: 'all' | string[]; contact?: boolean } = {}) => {
      const page = await listOffers(t.ctx, { regions: options.regions ?? 'all' }, { filters: { sort: 'newest', q } }, { contact: options.contact ?? true });
      return page.items.map((i) => number.get(i.reference)!).sort();
    };

    test('submission writes the search document and the queue columns in the same transaction', async () => {
      const camp = byName('01');
      const row = await t.ctx.db
        .selectFrom('offers')
        .select(['search_text', sql<string>`search_vector::text`.as('vector'), 'organisation_kind', 'region_codes', 'regional_unit_codes', 'municipality_codes', 'line_kinds', 'line_categories'])
        .where('reference', '=', ref.get('01')!)
        .executeTakeFirstOrThrow();
      const expected = searchDocument({
        names: [String(camp.organisation.legal_name), String(camp.organisation.distinctive_title), String(camp.organisation.legal_representative), camp.contact.name!],
        texts: [],
      });
      assert.equal(row.search_text, expected.names);
      assert.match(row.search_text, /^δημοσ αρχανων αστερουσιων .* dimos archanon asterousion /);
      for (const lexeme of ["'αρχαν'", "'archanon'", "'κουβερτ'", "'kouvertes'", "'σεντονια'", "'spyridakis'", "'αρχανεσ'"]) assert.ok(row.vector.includes(lexeme), lexeme);
      assert.ok(!row.vector.includes('koinoniki'), 'no email in the document');
      assert.ok(!row.vector.includes('2810'), 'no phone in the document');
      assert.equal(row.organisation_kind, 'municipality');
      assert.deepEqual(row.region_codes, ['GR-M']);
      assert.deepEqual(row.regional_unit_codes, ['71']);
      assert.deepEqual(row.municipality_codes, ['7102']);
      assert.deepEqual(row.line_kinds, ['accommodation', 'essential_items']);
      assert.deepEqual(row.line_categories, ['accommodation:camp_or_facility', 'essential_items:bedding']);
    });

    test('a reference is found however it is typed', async () => {
      const r = ref.get('04')!;
      // The Latin capitals that have Greek look-alikes, typed on a Greek keyboard.
      const greek = [...r].map((c) => ({ A: 'Α', B: 'Β', E: 'Ε', Z: 'Ζ', H: 'Η', K: 'Κ', M: 'Μ', N: 'Ν', P: 'Ρ', T: 'Τ', Y: 'Υ', X: 'Χ' })[c] ?? c).join('');
      for (const typed of [r, formatReference(r), formatReference(r).toLowerCase(), ` ${r.slice(0, 3)} ${r.slice(3, 6)} ${r.slice(6)} `, greek]) {
        assert.deepEqual(await found(typed), ['04'], typed);
      }
    });

    test('an ΑΦΜ is found with or without its EL prefix, spaces and Greek letters; a foreign number as typed', async () => {
      assert.deepEqual(await found('998123451'), ['02']);
      assert.deepEqual(await found('EL 998 123 451'), ['02']);
      assert.deepEqual(await found('ΕΛ997654320'), ['01']);
      assert.deepEqual(await found('el 997.654.320'), ['01']);
      assert.deepEqual(await found('che-123.456.788'), ['03']);
    });

    test('a phone number is found in any format, an email in any case', async () => {
      assert.deepEqual(await found('+30 2810-752-100'), ['01']);
      assert.deepEqual(await found('00302810752100'), ['01']);
      assert.deepEqual(await found('(2810) 752 100'), ['01']);
      assert.deepEqual(await found('+380 50 123 45 67'), ['06']);
      assert.deepEqual(await found('KOINONIKI@ARCHANES.EXAMPLE.ORG'), ['01']);
      assert.deepEqual(await found('Berehynia@Example.org'), ['06']);
    });

    test('staff without access to contact data cannot find an offer by email or phone', async () => {
      assert.deepEqual(await found('KOINONIKI@ARCHANES.EXAMPLE.ORG', { contact: false }), []);
      assert.deepEqual(await found('2810 752 100', { contact: false }), []);
      assert.deepEqual(await found('Αρχανών', { contact: false }), ['01'], 'names and words still work');
      assert.deepEqual(await found('997654320', { contact: false }), ['01'], 'and the ΑΦΜ');
    });

    test('Greek words are found whatever their accents, case and endings', async () => {
      assert.deepEqual(await found('αρχανων'), ['01']);
      assert.deepEqual(await found('ΑΡΧΑΝΏΝ'), ['01']);
      assert.deepEqual(await found('Αρχάνες'), ['01'], 'the city');
      assert.deepEqual(await found('πρόσφυγες'), ['02']);
      assert.deepEqual(await found('προσφυγών'), ['02']);
      assert.deepEqual(await found('ΠΡΟΣΦΥΓΑΣ'), ['02']);
      assert.deepEqual(await found('Θεσσαλονίκη'), ['04']);
      assert.deepEqual(await found('ΘΕΣΣΑΛΟΝΙΚΗΣ'), ['04']);
      assert.deepEqual(await found('κουβέρτα'), ['01'], 'a description');
      assert.deepEqual(await found('Κομοτηνής'), ['08']);
    });

    test('Greek names are found in Latin letters (ELOT 743), and Latin ones in theirs', async () => {
      assert.deepEqual(await found('Thessaloniki'), ['04']);
      assert.deepEqual(await found('Archanon Asterousion'), ['01']);
      assert.deepEqual(await found('Spyridakis'), ['01']);
      assert.deepEqual(await found('Papadopoulou'), ['05']);
      assert.deepEqual(await found('Aivalioti'), ['05']);
      assert.deepEqual(await found('thermaikos'), ['04']);
      assert.deepEqual(await found('Volos'), ['07']);
      assert.deepEqual(await found('Ostergaard'), ['03']);
      assert.deepEqual(await found('Østergaard'), ['03']);
    });

    test('Ukrainian words are found in any case', async () => {
      assert.deepEqual(await found('берегиня'), ['06']);
      assert.deepEqual(await found('КОВАЛЬЧУК'), ['06']);
      assert.deepEqual(await found('Уроки грецької'), ['06']);
      assert.deepEqual(await found('переклад'), ['06']);
    });

    test('words match from their start, names also inside; every word must match', async () => {
      assert.deepEqual(await found('Αρχαν'), ['01']);
      assert.deepEqual(await found('βαλιωτ'), ['05'], 'inside a name');
      assert.deepEqual(await found('Αρχανών κουβέρτες'), ['01']);
      assert.deepEqual(await found('Αρχανών Θεσσαλονίκη'), []);
      assert.deepEqual(await found('Αθήνα'), ['02', '06']);
      assert.deepEqual(await found('ξενοδοχείο πουθενά'), []);
    });

    test('a regional coordinator finds nothing outside their regions, by any route', async () => {
      const crete = ['GR-M'];
      assert.deepEqual(await found('Αρχανών', { regions: crete }), ['01']);
      assert.deepEqual(await found('Θεσσαλονίκη', { regions: crete }), []);
      assert.deepEqual(await found(ref.get('04')!, { regions: crete }), []);
      assert.deepEqual(await found('EL 998 123 451', { regions: crete }), []);
      assert.deepEqual(await found('+380 50 123 45 67', { regions: crete }), []);
      const counts = await listOffers(t.ctx, { regions: crete }, { filters: { sort: 'newest', q: 'Αθήνα' } }, { contact: true });
      assert.deepEqual(counts.total, { count: 0, more: false });
      assert.ok(counts.statusCounts.every((s) => s.count === 0));
    });

    test('a search combines with the filters and the counts', async () => {
      const page = await listOffers(t.ctx, { regions: 'all' }, { filters: { sort: 'newest', q: 'Αθήνα', kind: 'service' } }, { contact: true });
      assert.deepEqual(page.items.map((i) => number.get(i.reference)).sort(), ['02', '06']);
      assert.deepEqual(page.statusCounts.find((s) => s.status === 'submitted'), { status: 'submitted', count: 2, more: false });
      const none = await listOffers(t.ctx, { regions: 'all' }, { filters: { sort: 'newest', q: 'Αθήνα', status: 'verified' } }, { contact: true });
      assert.deepEqual(none.items, []);
    });

    describe('from the page', () => {
      let viewer: StaffAgent;
      let coordinator: StaffAgent;
      before(async () => {
        viewer = await signInAs(t.app, t.ctx, 'viewer', { totp: false });
        coordinator = await signInAs(t.app, t.ctx, 'coordinator');
      });

      test('the search box finds and keeps what was typed', async () => {
        const res = await coordinator.get(`/staff/offers?q=${encodeURIComponent('ΘΕΣΣΑΛΟΝΙΚΗΣ')}`);
        assert.equal(res.statusCode, 200);
        assert.deepEqual(referencesIn(res.body), [ref.get('04')]);
        assertIncludes(res.body, 'name="q" type="text" value="ΘΕΣΣΑΛΟΝΙΚΗΣ"');
        assertIncludes(res.body, '1 offer matches');
        assertIncludes(res.body, 'A reference, ΑΦΜ, email, phone number, name, or words from the offer');
      });

      test('a viewer is not offered, and does not get, a search by contact data', async () => {
        const res = await viewer.get(`/staff/offers?q=${encodeURIComponent('koinoniki@archanes.example.org')}`);
        assert.equal(res.statusCode, 200);
        assert.deepEqual(referencesIn(res.body), []);
        assertIncludes(res.body, 'A reference, ΑΦΜ, name, or words from the offer');
        const byName = await viewer.get(`/staff/offers?q=${encodeURIComponent('Αρχανών')}`);
        assert.deepEqual(referencesIn(byName.body), [ref.get('01')]);
      });
    });
  });
}
