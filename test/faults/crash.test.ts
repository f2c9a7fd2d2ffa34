// A crash in the middle of launch day: offerors are walking the journey when the service is
// killed with SIGKILL (no shutdown code runs). Whatever a person was told — a confirmation page
// with a reference — must be in the database, complete; no offer may be half-written; and the
// service must serve again as soon as it is started, on PostgreSQL and on the embedded default.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { Pool } from 'undici';
import { todayInAthens } from '../../src/modules/offers/index.js';
import { openDatabase, type Database } from '../../src/platform/db/database.js';
import { HttpOfferor, anotherOfferor, offerorAddress, walkJourney, weightedPicker } from '../../bench/launch-day/journey.js';
import { verifyOffers, type Confirmed } from '../../bench/launch-day/verify.js';
import { engines, testDatabase } from '../support/database.js';
import { loadFixtures } from '../support/fixtures.js';
import { startService } from './process.js';

const OFFERORS = 16;
const today = () => new Date(`${todayInAthens(new Date())}T00:00:00Z`);

/**
 * Runs OFFERORS journeys in a loop against `origin` and kills the service once `killAfter`
 * confirmation pages have been served, with journeys still in flight.
 * @returns the confirmation pages served before the crash, and how many journeys broke off.
 */
async function loadUntilKilled(origin: string, killAfter: number, kill: () => Promise<void>): Promise<{ confirmed: Confirmed[]; brokenOff: number }> {
  const pool = new Pool(origin, { connections: OFFERORS });
  const pick = weightedPicker(loadFixtures());
  const confirmed: Confirmed[] = [];
  let brokenOff = 0;
  let killed = false;
  let n = 0;
  let killing: Promise<void> | undefined;
  await Promise.all(
    Array.from({ length: OFFERORS }, async () => {
      while (!killed) {
        const f = anotherOfferor(pick());
        try {
          const reference = await walkJourney(new HttpOfferor(pool, offerorAddress(n++)), f, today());
          if (killed) continue; // its page arrived, but the count for the kill is what matters below
          confirmed.push({ reference: reference!, lines: f.lines.length });
          if (confirmed.length >= killAfter && !killing) {
            killed = true;
            killing = kill();
          }
        } catch (err) {
          if (!killed) throw err;
          brokenOff++;
        }
      }
    }),
  );
  await killing;
  await pool.destroy();
  return { confirmed, brokenOff };
}

/** One more whole journey, right after the restart. */
async function oneJourney(origin: string): Promise<Confirmed> {
  const pool = new Pool(origin);
  try {
    const f = anotherOfferor(loadFixtures()[0]!);
    const reference = await walkJourney(new HttpOfferor(pool, offerorAddress(60_000)), f, today());
    return { reference: reference!, lines: f.lines.length };
  } finally {
    await pool.close();
  }
}

for (const engine of engines()) {
  describe(`the service killed with SIGKILL under load on ${engine}`, () => {
    const cleanups: (() => Promise<void>)[] = [];
    after(async () => {
      for (const c of cleanups.reverse()) await c().catch(() => {});
    });

    test('every confirmed offer survives complete, nothing is half-written, and the restarted service serves at once', async (t) => {
      let env: Record<string, string>;
      let openForCheck: () => Promise<Database>;
      if (engine === 'postgres') {
        const database = await testDatabase('postgres');
        cleanups.push(() => database.close());
        env = { DATABASE_URL: database.url! };
        openForCheck = async () => ({ ...database, close: async () => {} });
      } else {
        const dataDir = mkdtempSync(path.join(tmpdir(), 'prosfero-crash-'));
        cleanups.push(async () => rmSync(dataDir, { recursive: true, force: true }));
        env = { DATA_DIR: dataDir };
        openForCheck = () => openDatabase({ engine: 'pglite', dataDir });
      }

      // A fresh embedded data folder is migrated and loaded with reference data on first start.
      const first = await startService(env, 300_000);
      cleanups.push(() => first.kill());
      const loadStarted = Date.now();
      const { confirmed, brokenOff } = await loadUntilKilled(first.origin, engine === 'postgres' ? 25 : 10, () => first.kill());
      t.diagnostic(`first start ready in ${Math.round(first.readyInMs)} ms; killed after ${Date.now() - loadStarted} ms of load with ${confirmed.length} confirmations served and ${brokenOff} journeys in flight`);
      assert.equal(first.child.signalCode, 'SIGKILL');
      assert.ok(brokenOff > 0, 'journeys were in flight when the service was killed');

      // No recovery step, no waiting out a lock: started again on the same data, it serves.
      // Bounded generously: on a shared, loaded machine starting Node and tsx alone takes seconds.
      const second = await startService(env, 120_000);
      cleanups.push(() => second.stop());
      t.diagnostic(`ready again ${Math.round(second.readyInMs)} ms after the restart`);
      assert.ok(second.readyInMs < 60_000, `ready again in ${Math.round(second.readyInMs)} ms`);
      const home = await fetch(`${second.origin}/`);
      assert.equal(home.status, 200);
      const afterRestart = await oneJourney(second.origin);
      await second.stop();

      const database = await openForCheck();
      try {
        const v = await verifyOffers(database.db, [...confirmed, afterRestart]);
        assert.deepEqual(v.lost, [], 'every reference shown on a confirmation page is in the database');
        assert.deepEqual(v.wrongLines, []);
        assert.deepEqual(v.partial, [], 'no offer exists without its lines, answers, status and audit event');
        assert.ok(v.offers >= confirmed.length + 1);
        // Drafts point only at offers that exist (a submission is one transaction with its draft).
        const orphans = await database.db
          .selectFrom('drafts')
          .leftJoin('offers', 'offers.id', 'drafts.offer_id')
          .select('drafts.token_hash')
          .where('drafts.offer_id', 'is not', null)
          .where('offers.id', 'is', null)
          .execute();
        assert.deepEqual(orphans, []);
      } finally {
        await database.close();
      }
    });
  });
}
