// Idempotency under fire: a hundred identical final submissions of one draft at the same instant
// (a stuck button, a retrying proxy, a script) over real concurrent HTTP connections make one
// offer, with one of everything submission writes, and every answer leads to its confirmation.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Pool } from 'undici';
import { todayInAthens } from '../../src/modules/offers/index.js';
import { HttpOfferor, anotherOfferor, offerorAddress, referenceOn, walkJourney } from '../../bench/launch-day/journey.js';
import { verifyOffers } from '../../bench/launch-day/verify.js';
import { buildTestApp, type TestApp } from '../support/app.js';
import { engines } from '../support/database.js';
import { loadFixtures } from '../support/fixtures.js';

const AT_ONCE = 100;
const fixtures = loadFixtures();
const today = () => new Date(`${todayInAthens(new Date())}T00:00:00Z`);

for (const engine of engines()) {
  for (const limited of [false, true]) {
    describe(`${AT_ONCE} identical final submissions at once on ${engine}${limited ? ', with the default rate limit' : ''}`, () => {
      let t: TestApp;
      let pool: Pool;
      before(async () => {
        t = await buildTestApp(engine, { env: { TRUST_PROXY: 'true', ...(limited ? {} : { SUBMIT_RATE_LIMIT: '1000' }) } });
        pool = new Pool(await t.app.listen({ host: '127.0.0.1', port: 0 }), { connections: AT_ONCE });
      });
      after(async () => {
        await pool?.close();
        await t?.close();
      });

      test(limited ? 'make one offer; those over the limit get the 429 page, the rest the confirmation' : 'make one offer, and every answer leads to its confirmation', async () => {
        const f = anotherOfferor(fixtures[1]!);
        const person = new HttpOfferor(pool, offerorAddress(limited ? 7 : 8));
        assert.equal(await walkJourney(person, f, today(), { submit: false }), null);
        const answers = await Promise.all(Array.from({ length: AT_ONCE }, () => person.post('/offers/new/submit')));
        const statuses = new Map<number, number>();
        for (const a of answers) statuses.set(a.status, (statuses.get(a.status) ?? 0) + 1);
        if (limited) {
          assert.deepEqual([...statuses.keys()].sort(), [303, 429]);
          assert.equal(statuses.get(303), t.ctx.config.submitRateLimit.max);
        } else {
          assert.deepEqual([...statuses], [[303, AT_ONCE]]);
        }
        for (const a of answers) if (a.status === 303) assert.equal(a.location, '/offers/new/confirmation');

        const confirmation = await person.get('/offers/new/confirmation');
        assert.equal(confirmation.status, 200);
        const reference = referenceOn(confirmation.body);
        const count = async (table: 'offers' | 'organisations' | 'offer_lines' | 'offer_answer_versions' | 'offer_status_changes') =>
          Number((await t.ctx.db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
        assert.deepEqual(
          { offers: await count('offers'), organisations: await count('organisations'), lines: await count('offer_lines'), answers: await count('offer_answer_versions'), statuses: await count('offer_status_changes') },
          { offers: 1, organisations: 1, lines: f.lines.length, answers: 1, statuses: 1 },
        );
        const audit = await t.ctx.db.selectFrom('audit_events').select('action').where('action', '=', 'offer.submitted').execute();
        assert.equal(audit.length, 1);
        assert.deepEqual(await verifyOffers(t.ctx.db, [{ reference, lines: f.lines.length }]), { offers: 1, lost: [], wrongLines: [], partial: [] });
      });
    });
  }
}
