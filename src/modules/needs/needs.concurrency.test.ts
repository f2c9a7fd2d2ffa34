// Two coordinators allocating the last places at the same instant, on a real PostgreSQL server with
// real concurrent transactions. PGlite has one connection and runs one transaction at a time, so
// there is nothing to race there: these run on the PostgreSQL engine (TEST_DATABASE_URL, as in CI).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import pg from 'pg';
import { buildTestApp, type TestApp } from '../../../test/support/app.js';
import { engines } from '../../../test/support/database.js';
import { insertOffer, type InsertedOffer } from '../../../test/support/factories.js';
import { signInAs, type StaffAgent } from '../../../test/support/staff.js';

const NEED = (place: string) => ({
  kind: 'accommodation',
  category: 'apartment',
  quantity: '4',
  region: 'GR-M',
  municipality: place,
  'starts_on-day': '1',
  'starts_on-month': '5',
  'starts_on-year': '2026',
  priority: 'normal',
});

for (const engine of engines().filter((e) => e === 'postgres')) {
describe(`allocating the last places at the same instant (${engine})`, () => {
  let t: TestApp;
  let first: StaffAgent;
  let second: StaffAgent;
  let offer: InsertedOffer;
  let lineId: string;
  const needs: string[] = [];

  before(async () => {
    t = await buildTestApp(engine);
    first = await signInAs(t.app, t.ctx, 'coordinator');
    second = await signInAs(t.app, t.ctx, 'coordinator');
    offer = await insertOffer(t.ctx.db, {
      offer: { status: 'verified' },
      lines: [{ kind: 'accommodation', category: 'apartment', places: 3, region_code: 'GR-M', municipality_code: '7101' }],
    });
    lineId = (await t.ctx.db.selectFrom('offer_lines').select('id').where('offer_id', '=', offer.id).executeTakeFirstOrThrow()).id;
    for (const place of ['7101', '7105']) {
      const res = await first.submit('/staff/needs/new', NEED(place), '/staff/needs');
      needs.push(/(N-\d{5})/.exec(String(res.headers.location))![1]!);
    }
  });
  after(async () => t.close());

  test('one coordinator gets the 3 places, the other a clear 409 page, and nothing is over-allocated', async () => {
    // Both pages are open before either posts, as two people looking at the same free places.
    const [pageA, pageB] = await Promise.all([first.get(`/staff/needs/${needs[0]}`), second.get(`/staff/needs/${needs[1]}`)]);
    const token = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)![1]!;
    const [a, b] = await Promise.all([
      first.post(`/staff/needs/${needs[0]}/allocations`, { _csrf: token(pageA.body), line: lineId, quantity: '3' }),
      second.post(`/staff/needs/${needs[1]}/allocations`, { _csrf: token(pageB.body), line: lineId, quantity: '3' }),
    ]);
    const codes = [a.statusCode, b.statusCode].sort();
    assert.deepEqual(codes, [303, 409]);
    const loser = a.statusCode === 409 ? a : b;
    assert.match(loser.body, /Someone else got there first/);
    assert.match(loser.body, /only 0 places is left now/);
    const line = await t.ctx.db.selectFrom('offer_lines').select(['allocated_quantity', 'capacity']).where('id', '=', lineId).executeTakeFirstOrThrow();
    assert.equal(Number(line.allocated_quantity), 3);
    const active = await t.ctx.db.selectFrom('allocations').select(['quantity']).where('offer_line_id', '=', lineId).where('status', '=', 'active').execute();
    assert.deepEqual(active.map((r) => Number(r.quantity)), [3]);
    const statuses = await t.ctx.db.selectFrom('offer_status_changes').select('event').where('offer_id', '=', offer.id).execute();
    assert.deepEqual(statuses.map((s) => s.event), ['allocate']);
  });

  test('many allocations of one place each, all at once, stop exactly at the capacity', async () => {
    const more = await insertOffer(t.ctx.db, {
      offer: { status: 'verified' },
      lines: [{ kind: 'accommodation', category: 'apartment', places: 5, region_code: 'GR-M', municipality_code: '7101' }],
    });
    const id = (await t.ctx.db.selectFrom('offer_lines').select('id').where('offer_id', '=', more.id).executeTakeFirstOrThrow()).id;
    const bigNeed = await first.submit('/staff/needs/new', { ...NEED('7101'), quantity: '100' }, '/staff/needs');
    const ref = /(N-\d{5})/.exec(String(bigNeed.headers.location))![1]!;
    const page = await first.get(`/staff/needs/${ref}`);
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page.body)![1]!;
    const results = await Promise.all(Array.from({ length: 12 }, () => first.post(`/staff/needs/${ref}/allocations`, { _csrf: csrf, line: id, quantity: '1' })));
    const codes = results.map((r) => r.statusCode);
    assert.equal(codes.filter((c) => c === 303).length, 5, `codes: ${codes.join(',')}`);
    assert.equal(codes.filter((c) => c === 409).length, 7, `codes: ${codes.join(',')}`);
    const line = await t.ctx.db.selectFrom('offer_lines').select('allocated_quantity').where('id', '=', id).executeTakeFirstOrThrow();
    assert.equal(Number(line.allocated_quantity), 5);
    const need = await t.ctx.db.selectFrom('needs').select(['allocated_quantity', 'status']).where('reference', '=', ref).executeTakeFirstOrThrow();
    assert.equal(Number(need.allocated_quantity), 5);
    assert.equal(need.status, 'partly_met');
  });

  test('the database itself refuses a second transaction that would over-allocate, even without the service’s guard', async () => {
    const other = await insertOffer(t.ctx.db, {
      offer: { status: 'verified' },
      lines: [{ kind: 'accommodation', category: 'apartment', places: 2, region_code: 'GR-M' }],
    });
    const id = (await t.ctx.db.selectFrom('offer_lines').select('id').where('offer_id', '=', other.id).executeTakeFirstOrThrow()).id;
    const a = new pg.Client({ connectionString: t.database.url });
    const b = new pg.Client({ connectionString: t.database.url });
    await Promise.all([a.connect(), b.connect()]);
    try {
      await a.query('BEGIN');
      await b.query('BEGIN');
      await a.query('UPDATE offer_lines SET allocated_quantity = allocated_quantity + 2 WHERE id = $1', [id]);
      // b waits for a's row lock, then re-reads the committed row: 2 + 2 > 2 places.
      const pending = b.query('UPDATE offer_lines SET allocated_quantity = allocated_quantity + 2 WHERE id = $1', [id]).then(
        () => null,
        (err: { code?: string; constraint?: string }) => err,
      );
      await new Promise((r) => setTimeout(r, 200));
      await a.query('COMMIT');
      const err = await pending;
      assert.ok(err, 'the second update must fail');
      assert.equal(err.code, '23514');
      assert.equal(err.constraint, 'offer_lines_allocated_within_capacity');
      await b.query('ROLLBACK');
    } finally {
      await Promise.all([a.end(), b.end()]);
    }
    const line = await t.ctx.db.selectFrom('offer_lines').select('allocated_quantity').where('id', '=', id).executeTakeFirstOrThrow();
    assert.equal(Number(line.allocated_quantity), 2);
  });
});
}
