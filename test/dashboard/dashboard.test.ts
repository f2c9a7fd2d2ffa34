// The dashboard's figures against fixtures counted by hand, on both engines: offers by status and
// kind, places offered/verified/allocated/free and needed, items, services, money, needs, the map
// (13 links to the right queue URLs, or only the member's regions) and the chart's table.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql, type Kysely } from 'kysely';
import { rebuildDashboardTotals, showDashboard, type DashboardReport } from '../../src/modules/dashboard/index.js';
import type { DB } from '../../src/platform/db/schema.js';
import { buildTestApp, testClock, type TestApp } from '../support/app.js';
import { engines } from '../support/database.js';
import { insertOffer, insertStaffAccount, type LineOverrides } from '../support/factories.js';
import { signInAs, type StaffAgent } from '../support/staff.js';

const REGIONS = ['GR-A', 'GR-B', 'GR-C', 'GR-D', 'GR-E', 'GR-F', 'GR-G', 'GR-H', 'GR-I', 'GR-J', 'GR-K', 'GR-L', 'GR-M'];
// 20 March 2026, 12:00 in Athens (EET, UTC+2): the chart's 30 days are 19 February to 20 March.
const NOW = new Date('2026-03-20T10:00:00Z');

type Fixture = { status: string; submittedAt: string; lines: LineOverrides[] };

/**
 * Seven offers, counted by hand in the tests below:
 * O1 verified, Crete: 4 places; 100 EUR once (no region: counts where the offer is seen, Crete)
 * O2 submitted, Attica: 10 places; 500 hygiene kits
 * O3 allocated, Crete: 6 places of which 2 allocated; legal aid 20 a week
 * O4 rejected, Crete: 5 places (not offered any more)
 * O5 completed, Central Macedonia: 100 kg food; 50 EUR a month (seen in Central Macedonia)
 * O6 verified, Attica: 3 places on a line the offeror withdrew (never counted); before the chart
 * O7 in review, nowhere: interpretation 10 a week, remote (seen by national roles only)
 */
const FIXTURES: Record<string, Fixture> = {
  O1: {
    status: 'verified',
    submittedAt: '2026-03-20T08:00:00Z',
    lines: [
      { kind: 'accommodation', category: 'apartment', places: 4, region_code: 'GR-M' },
      { kind: 'money', amount: '100', currency: 'EUR', frequency: 'one_off' },
    ],
  },
  O2: {
    status: 'submitted',
    submittedAt: '2026-03-20T09:00:00Z',
    lines: [
      { kind: 'accommodation', category: 'hotel', places: 10, region_code: 'GR-I' },
      { kind: 'essential_items', category: 'hygiene', quantity: 500, unit: 'kits', region_code: 'GR-I' },
    ],
  },
  O3: {
    status: 'allocated',
    submittedAt: '2026-03-18T10:00:00Z',
    lines: [
      { kind: 'accommodation', category: 'house', places: 6, region_code: 'GR-M' },
      { kind: 'service', category: 'legal_aid', delivery: 'in_person', capacity_per_week: 20, region_code: 'GR-M' },
    ],
  },
  O4: { status: 'rejected', submittedAt: '2026-03-18T11:00:00Z', lines: [{ kind: 'accommodation', category: 'room_in_shared_home', places: 5, region_code: 'GR-M' }] },
  O5: {
    status: 'completed',
    submittedAt: '2026-02-19T10:00:00Z',
    lines: [
      { kind: 'essential_items', category: 'food', quantity: 100, unit: 'kg', region_code: 'GR-B' },
      { kind: 'money', amount: '50', currency: 'EUR', frequency: 'monthly' },
    ],
  },
  O6: { status: 'verified', submittedAt: '2026-02-10T10:00:00Z', lines: [{ kind: 'accommodation', category: 'hostel', places: 3, region_code: 'GR-I' }] },
  // 22:30 UTC on the 19th is 00:30 on the 20th in Athens: a day in Greece, not in UTC.
  O7: { status: 'in_review', submittedAt: '2026-03-19T22:30:00Z', lines: [{ kind: 'service', category: 'interpretation_translation', delivery: 'remote', capacity_per_week: 10 }] },
};

async function insertFixtures(db: Kysely<DB>): Promise<Record<string, string>> {
  const ids: Record<string, string> = {};
  for (const [name, f] of Object.entries(FIXTURES)) {
    ids[name] = (await insertOffer(db, { submittedAt: f.submittedAt, offer: { status: f.status }, lines: f.lines })).id;
  }
  // What the needs module does on an allocation: the line's and the need's allocated quantities.
  await db.updateTable('offer_lines').set({ allocated_quantity: '2' }).where('offer_id', '=', ids.O3!).where('kind', '=', 'accommodation').execute();
  await db.updateTable('offer_lines').set({ withdrawn_at: new Date() }).where('offer_id', '=', ids.O6!).execute();
  const staff = await insertStaffAccount(db);
  const need = { created_by: staff.id, starts_on: '2026-03-01' };
  await db
    .insertInto('needs')
    .values([
      { ...need, kind: 'accommodation', quantity: '20', region_code: 'GR-M', status: 'partly_met', allocated_quantity: '2' },
      { ...need, kind: 'accommodation', quantity: '5', region_code: 'GR-I' },
      { ...need, kind: 'essential_items', category: 'hygiene', quantity: '100', unit: 'kits', region_code: 'GR-I', status: 'met', allocated_quantity: '100' },
      { ...need, kind: 'money', quantity: '1000', currency: 'EUR', region_code: 'GR-B', status: 'closed', closed_at: new Date(), closed_reason: 'Covered elsewhere' },
    ])
    .execute();
  return ids;
}

const statusCounts = (r: DashboardReport) => Object.fromEntries(r.offers.statuses.filter((s) => s.total > 0).map((s) => [s.status, s.total]));
const days = (r: DashboardReport) => Object.fromEntries(r.days.filter((d) => d.offers > 0).map((d) => [d.day, d.offers]));
const region = (r: DashboardReport, code: string) => r.map.find((m) => m.code === code);

/** The cells of the table with this id, row by row, as text. */
function tableRows(html: string, id: string): string[][] {
  const table = new RegExp(`<table[^>]*id="${id}"[^>]*>([\\s\\S]*?)</table>`).exec(html)?.[1];
  assert.ok(table, `no table #${id}`);
  const body = /<tbody[^>]*>([\s\S]*?)<\/tbody>/.exec(table)?.[1] ?? '';
  return [...body.matchAll(/<tr[^>]*>([\s\S]*?)<\/tr>/g)].map((row) =>
    [...row[1]!.matchAll(/<t[hd][^>]*>([\s\S]*?)<\/t[hd]>/g)].map((cell) => cell[1]!.replace(/<[^>]+>/g, '').trim()),
  );
}

for (const engine of engines()) {
  describe(`the dashboard on ${engine}`, () => {
    let t: TestApp;
    let coordinator: StaffAgent;
    let cretan: StaffAgent;

    before(async () => {
      t = await buildTestApp(engine, { clock: testClock(NOW) });
      await insertFixtures(t.ctx.db);
      coordinator = await signInAs(t.app, t.ctx, 'coordinator');
      cretan = await signInAs(t.app, t.ctx, 'regional_coordinator', { regions: ['GR-M'] });
    });
    after(async () => t?.close());

    test('counts offers by status and kind of help as counted by hand', async () => {
      const r = await showDashboard(t.ctx, { regions: 'all' }, null, REGIONS);
      assert.deepEqual(statusCounts(r), { submitted: 1, in_review: 1, verified: 2, allocated: 1, completed: 1, rejected: 1 });
      assert.deepEqual(r.offers.all, { total: 7, byKind: { accommodation: 5, service: 2, essential_items: 2, money: 2 } });
      assert.deepEqual(r.offers.statuses.find((s) => s.status === 'verified')!.byKind, { accommodation: 2, service: 0, essential_items: 0, money: 1 });
    });

    test('counts places offered, verified, allocated, free and needed', async () => {
      const r = await showDashboard(t.ctx, { regions: 'all' }, null, REGIONS);
      // offered: O1 4 + O2 10 + O3 6; verified: O1 + O3; allocated: 2 on O3; free: 4 + (6 − 2);
      // needed: (20 − 2) in Crete + 5 in Attica. O4 is rejected, O6's line withdrawn.
      assert.deepEqual(r.places, { offered: 20, verified: 10, allocated: 2, free: 8, needed: 23 });
      assert.deepEqual(region(r, 'GR-M'), { code: 'GR-M', free: 8, needed: 18, coverage: 'short' });
      assert.deepEqual(region(r, 'GR-I'), { code: 'GR-I', free: 0, needed: 5, coverage: 'short' });
      assert.deepEqual(region(r, 'GR-B'), { code: 'GR-B', free: 0, needed: 0, coverage: 'none' });
      assert.equal(r.map.length, 13);
    });

    test('counts items by category, services by category and money by currency', async () => {
      const r = await showDashboard(t.ctx, { regions: 'all' }, null, REGIONS);
      assert.deepEqual(r.items, [
        { category: 'hygiene', unit: 'kits', offered: 500, verified: 0, allocated: 0, free: 0 },
        { category: 'food', unit: 'kg', offered: 100, verified: 100, allocated: 0, free: 0 },
      ]);
      assert.deepEqual(r.services, [
        { category: 'legal_aid', offered: 20, verified: 20, allocated: 0, free: 20 },
        { category: 'interpretation_translation', offered: 10, verified: 0, allocated: 0, free: 0 },
      ]);
      assert.deepEqual(r.money, [
        { currency: 'EUR', frequency: 'monthly', offered: 50, verified: 50, allocated: 0, free: 0 },
        { currency: 'EUR', frequency: 'one_off', offered: 100, verified: 100, allocated: 0, free: 100 },
      ]);
    });

    test('counts needs by status and kind', async () => {
      const r = await showDashboard(t.ctx, { regions: 'all' }, null, REGIONS);
      assert.deepEqual(
        r.needs.statuses.map((s) => [s.status, s.total]),
        [['open', 1], ['partly_met', 1], ['met', 1], ['closed', 1]],
      );
      assert.deepEqual(r.needs.all, { total: 4, byKind: { accommodation: 2, service: 0, essential_items: 1, money: 1 } });
    });

    test('counts offers per day of the last 30 days in Greek calendar days', async () => {
      const r = await showDashboard(t.ctx, { regions: 'all' }, null, REGIONS);
      assert.equal(r.days.length, 30);
      assert.equal(r.days[0]!.day, '2026-02-19');
      assert.equal(r.days.at(-1)!.day, '2026-03-20');
      assert.deepEqual(days(r), { '2026-02-19': 1, '2026-03-18': 2, '2026-03-20': 3 });
    });

    test('a regional coordinator counts only what is in their regions', async () => {
      const r = await showDashboard(t.ctx, { regions: ['GR-M'] }, null, REGIONS);
      assert.deepEqual(statusCounts(r), { verified: 1, allocated: 1, rejected: 1 });
      assert.deepEqual(r.offers.all, { total: 3, byKind: { accommodation: 3, service: 1, essential_items: 0, money: 1 } });
      assert.deepEqual(r.places, { offered: 10, verified: 10, allocated: 2, free: 8, needed: 18 });
      assert.deepEqual(r.items, []);
      // O1's money has no region and counts where O1 is seen; O5's does not.
      assert.deepEqual(r.money, [{ currency: 'EUR', frequency: 'one_off', offered: 100, verified: 100, allocated: 0, free: 100 }]);
      assert.deepEqual(r.services, [{ category: 'legal_aid', offered: 20, verified: 20, allocated: 0, free: 20 }]);
      assert.deepEqual(r.needs.all.total, 1);
      assert.deepEqual(r.map.map((m) => m.code), ['GR-M']);
      assert.deepEqual(days(r), { '2026-03-18': 2, '2026-03-20': 1 });
    });

    test('a regional coordinator without regions sees zeros', async () => {
      const r = await showDashboard(t.ctx, { regions: [] }, null, REGIONS);
      assert.equal(r.offers.all.total, 0);
      assert.equal(r.places.offered, 0);
      assert.deepEqual(r.map, []);
    });

    test('the kind filter limits every figure to that kind of help', async () => {
      const accommodation = await showDashboard(t.ctx, { regions: 'all' }, 'accommodation', REGIONS);
      assert.deepEqual(statusCounts(accommodation), { submitted: 1, verified: 2, allocated: 1, rejected: 1 });
      assert.equal(accommodation.offers.all.total, 5);
      assert.deepEqual(accommodation.items, []);
      assert.deepEqual(accommodation.money, []);
      assert.equal(accommodation.places.free, 8);
      assert.equal(accommodation.needs.all.total, 2);
      assert.deepEqual(days(accommodation), { '2026-03-18': 2, '2026-03-20': 2 });

      const money = await showDashboard(t.ctx, { regions: 'all' }, 'money', REGIONS);
      assert.deepEqual(statusCounts(money), { verified: 1, completed: 1 });
      assert.equal(money.places.offered, 0);
      assert.equal(money.money.length, 2);
      assert.equal(money.needs.all.total, 1);
    });

    test('totals kept by the triggers equal totals recomputed from scratch after more changes', async () => {
      const before = await showDashboard(t.ctx, { regions: 'all' }, null, REGIONS);
      const extra = await insertOffer(t.ctx.db, {
        submittedAt: '2026-03-19T10:00:00Z',
        lines: [
          { kind: 'accommodation', category: 'apartment', places: 7, region_code: 'GR-K' },
          { kind: 'money', amount: '25.50', currency: 'USD', frequency: 'one_off' },
        ],
      });
      await t.ctx.db.updateTable('offers').set({ status: 'verified' }).where('id', '=', extra.id).execute();
      await t.ctx.db.updateTable('offer_lines').set({ allocated_quantity: '3' }).where('offer_id', '=', extra.id).where('kind', '=', 'accommodation').execute();
      // A line moves to another region: the money line follows the offer's regions.
      await t.ctx.db.updateTable('offer_lines').set({ region_code: 'GR-L' }).where('offer_id', '=', extra.id).where('kind', '=', 'accommodation').execute();
      const after = await showDashboard(t.ctx, { regions: 'all' }, null, REGIONS);
      assert.equal(after.offers.all.total, before.offers.all.total + 1);
      assert.deepEqual(after.places, { ...before.places, offered: 27, verified: 17, allocated: 5, free: 12 });
      assert.deepEqual(region(after, 'GR-L'), { code: 'GR-L', free: 4, needed: 0, coverage: 'ample' });
      const southAegean = await showDashboard(t.ctx, { regions: ['GR-L'] }, 'money', REGIONS);
      assert.deepEqual(southAegean.money, [{ currency: 'USD', frequency: 'one_off', offered: 25.5, verified: 25.5, allocated: 0, free: 25.5 }]);
      const northAegean = await showDashboard(t.ctx, { regions: ['GR-K'] }, null, REGIONS);
      assert.equal(northAegean.offers.all.total, 0);

      await rebuildDashboardTotals(t.ctx);
      for (const [scope, kind] of [[{ regions: 'all' as const }, null], [{ regions: ['GR-M', 'GR-L'] }, null], [{ regions: 'all' as const }, 'money']] as const) {
        const kept = await showDashboard(t.ctx, scope, kind, REGIONS);
        await rebuildDashboardTotals(t.ctx);
        assert.deepEqual(await showDashboard(t.ctx, scope, kind, REGIONS), kept);
      }
      // Deleting the offer takes it and its lines out again.
      await t.ctx.db.deleteFrom('offers').where('id', '=', extra.id).execute();
      assert.deepEqual(await showDashboard(t.ctx, { regions: 'all' }, null, REGIONS), before);
      const pending = await sql<{ n: string }>`SELECT count(*)::text AS n FROM dashboard_line_changes`.execute(t.ctx.db);
      assert.equal(pending.rows[0]!.n, '0', 'the dashboard folds the change log before reading');
    });

    test('the page shows the map with a link to the queue for each of the 13 regions', async () => {
      const res = await coordinator.get('/staff/dashboard');
      assert.equal(res.statusCode, 200);
      const links = [...res.body.matchAll(/<a href="(\/staff\/offers\?region=GR-[A-M])" aria-label="([^"]+)" class="prosfero-map__region">/g)];
      assert.deepEqual(links.map((l) => l[1]).sort(), REGIONS.map((r) => `/staff/offers?region=${r}`));
      const crete = links.find((l) => l[1]!.endsWith('GR-M'))!;
      assert.equal(crete[2], 'Kriti: 8 free places, 18 needed (44%)');
      assert.match(res.body, /© EuroGeographics for the administrative boundaries/);
      // The map's table says the same.
      const regions = tableRows(res.body, 'regions');
      assert.equal(regions.length, 13);
      assert.deepEqual(
        regions.find((r) => r[0] === 'Kriti'),
        ['Kriti', '8', '18', '44% – Fewer than half the places needed are free'],
      );
      assert.deepEqual(tableRows(res.body, 'places'), [['20', '10', '2', '8', '23']]);
    });

    test("the chart's table gives the offers per day", async () => {
      const res = await coordinator.get('/staff/dashboard');
      const rows = tableRows(res.body, 'offers-per-day');
      assert.equal(rows.length, 30);
      const counted = Object.fromEntries(rows.filter((r) => r[1] !== '0'));
      assert.deepEqual(counted, { '19/02/2026': '1', '18/03/2026': '2', '20/03/2026': '3' });
      assert.equal((res.body.match(/<rect [^>]*fill="#003375"/g) ?? []).length, 30);
    });

    test('the offers table links each status to the queue and matches the counts', async () => {
      const res = await coordinator.get('/staff/dashboard?kind=accommodation');
      assert.equal(res.statusCode, 200);
      const rows = tableRows(res.body, 'offers-by-status');
      assert.deepEqual(rows.find((r) => r[0] === 'Verified'), ['Verified', '2']);
      assert.deepEqual(rows.at(-1), ['All statuses', '5']);
      assert.match(res.body, /href="\/staff\/offers\?status=verified&amp;kind=accommodation"/);
      // The map's links keep the kind.
      assert.match(res.body, /<a href="\/staff\/offers\?kind=accommodation&amp;region=GR-M"/);
      assert.doesNotMatch(res.body, /id="items"/);
    });

    test('a regional coordinator sees only their regions on the map and in the figures', async () => {
      const res = await cretan.get('/staff/dashboard');
      assert.equal(res.statusCode, 200);
      const mapLinks = [...res.body.matchAll(/<a href="(\/staff\/offers\?region=GR-[A-M])"[^>]*class="prosfero-map__region"/g)].map((l) => l[1]);
      assert.deepEqual(mapLinks, ['/staff/offers?region=GR-M']);
      assert.match(res.body, /<a class="govgr-link" href="\/staff\/offers\?region=GR-M">Kriti<\/a>/);
      assert.deepEqual(tableRows(res.body, 'regions').map((r) => r[0]), ['Kriti']);
      assert.deepEqual(tableRows(res.body, 'offers-by-status').at(-1), ['All statuses', '3', '3', '1', '0', '1']);
      assert.doesNotMatch(res.body, /Attiki/);
    });

    test('the page is in Greek for a member who reads Greek', async () => {
      const res = await coordinator.get('/staff/dashboard?lang=el');
      assert.equal(res.statusCode, 200);
      assert.match(res.body, /<h1 class="govgr-heading-xl">Πίνακας ελέγχου<\/h1>/);
      assert.match(res.body, /aria-label="Κρήτη: 8 ελεύθερες θέσεις, χρειάζονται 18 \(44%\)"/);
      assert.match(res.body, /© EuroGeographics για τα διοικητικά όρια/);
      await coordinator.get('/staff/dashboard?lang=en');
    });

    test('a kind that is not one of the four comes back with 422 and an error summary', async () => {
      const res = await coordinator.get('/staff/dashboard?kind=boats');
      assert.equal(res.statusCode, 422);
      assert.match(res.body, /class="govgr-error-summary"/);
      assert.match(res.body, /Choose a kind of help from the list/);
      assert.doesNotMatch(res.body, /id="offers-by-status"/);
      const twice = await coordinator.get('/staff/dashboard?kind=money&kind=service');
      assert.equal(twice.statusCode, 422);
    });
  });
}
