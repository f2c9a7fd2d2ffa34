// The bounded launch day: fifty offerors at once, each walking the whole journey over real HTTP
// (a listening server, undici, cookies and CSRF tokens) with the fixture mix of
// bench/launch-day. It asserts correctness under concurrency, not speed: no request fails and
// every confirmation page's reference is a complete offer in the database.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Pool } from 'undici';
import { todayInAthens } from '../../src/modules/offers/index.js';
import { HttpOfferor, anotherOfferor, offerorAddress, referenceOn, walkJourney, weightedPicker } from '../../bench/launch-day/journey.js';
import { verifyOffers, type Confirmed } from '../../bench/launch-day/verify.js';
import { buildTestApp, type TestApp } from '../support/app.js';
import { engines } from '../support/database.js';
import { loadFixtures } from '../support/fixtures.js';

const JOURNEYS = 50;

for (const engine of engines()) {
  describe(`fifty offerors at once on ${engine}`, () => {
    let t: TestApp;
    let pool: Pool;
    before(async () => {
      // Each offeror has its own address (X-Forwarded-For), as on launch day, so the default
      // per-address rate limits stay in force.
      t = await buildTestApp(engine, { env: { TRUST_PROXY: 'true' } });
      const address = await t.app.listen({ host: '127.0.0.1', port: 0 });
      pool = new Pool(address, { connections: 16 });
    });
    after(async () => {
      await pool?.close();
      await t?.close();
    });

    test('every journey completes without an error and every confirmed offer is in the database, complete', async () => {
      const pick = weightedPicker(loadFixtures());
      const today = new Date(`${todayInAthens(new Date())}T00:00:00Z`);
      const statuses = new Map<number, number>();
      const results = await Promise.allSettled(
        Array.from({ length: JOURNEYS }, async (_, i): Promise<Confirmed> => {
          const f = anotherOfferor(pick());
          const o = new HttpOfferor(pool, offerorAddress(1000 + i), (_step, _ms, status) => statuses.set(status, (statuses.get(status) ?? 0) + 1));
          const reference = await walkJourney(o, f, today);
          return { reference: reference!, lines: f.lines.length };
        }),
      );
      const failures = results.flatMap((r) => (r.status === 'rejected' ? [String((r.reason as Error).message)] : []));
      assert.deepEqual(failures, []);
      const confirmed = results.map((r) => (r as PromiseFulfilledResult<Confirmed>).value);
      // Only the statuses of a working journey: pages (200) and redirects after each post (303).
      assert.deepEqual([...statuses.keys()].sort(), [200, 303]);
      assert.equal(new Set(confirmed.map((c) => c.reference)).size, JOURNEYS);

      const v = await verifyOffers(t.ctx.db, confirmed);
      assert.equal(v.offers, JOURNEYS);
      assert.deepEqual(v.lost, []);
      assert.deepEqual(v.wrongLines, []);
      assert.deepEqual(v.partial, []);
      const drafts = await t.ctx.db.selectFrom('drafts').select(['offer_id', 'answers']).execute();
      assert.equal(drafts.length, JOURNEYS);
      // Submitted drafts keep only the link to their offer, no copy of the answers.
      assert.ok(drafts.every((d) => d.offer_id !== null && JSON.stringify(d.answers) === '{}'));
    });

    test('ten offer lines saved to one draft at the same instant are all kept', async () => {
      // Each save is a compare-and-set on the answers it read; the losers of each race take the
      // row lock and apply their change to what the winner wrote, so none is lost.
      const o = new HttpOfferor(pool, offerorAddress(900));
      const f = anotherOfferor(loadFixtures()[2]!);
      const today = new Date(`${todayInAthens(new Date())}T00:00:00Z`);
      assert.equal(await walkJourney(o, f, today, { submit: false }), null);
      const before = f.lines.length;
      const ids = Array.from({ length: 10 }, (_, i) => `race${String(i).padStart(8, '0')}`);
      const answers = await Promise.all(
        ids.map((id, i) => o.post('/offers/new/lines/add/money', { line_id: id, amount: String(100 + i), currency: 'EUR', frequency: 'one_off', purpose: `race ${i}` })),
      );
      assert.deepEqual(answers.map((a) => a.status), ids.map(() => 303));
      const draft = await t.ctx.db.selectFrom('drafts').select('answers').where('offer_id', 'is', null).executeTakeFirstOrThrow();
      const lines = (draft.answers as { lines: { id: string }[] }).lines;
      assert.equal(lines.length, before + ids.length);
      assert.deepEqual(lines.map((l) => l.id).filter((id) => id.startsWith('race')).sort(), ids);
      const submitted = await o.post('/offers/new/submit');
      assert.equal(submitted.status, 303);
      const reference = referenceOn((await o.get('/offers/new/confirmation')).body);
      const v = await verifyOffers(t.ctx.db, [{ reference, lines: before + ids.length }]);
      assert.deepEqual([v.lost, v.wrongLines, v.partial], [[], [], []]);
    });
  });
}
