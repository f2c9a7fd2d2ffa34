// The totals kept by the triggers of 0012 are exact: after any sequence of the writes the service
// makes (submissions, status changes, allocations and releases, lines withdrawn, moved, removed,
// offers deleted), and after concurrent transactions on PostgreSQL, the dashboard says what a
// recomputation from every offer and line says.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import fc from 'fast-check';
import { sql, type Kysely } from 'kysely';
import { foldDashboardChanges, rebuildDashboardTotals, showDashboard, type DashboardReport } from '../../src/modules/dashboard/index.js';
import type { DB } from '../../src/platform/db/schema.js';
import { testDatabase, engines, type TestDatabase } from '../support/database.js';
import { insertOffer, type LineOverrides } from '../support/factories.js';
import { loadConfig } from '../../src/config.js';
import type { AppContext } from '../../src/platform/context.js';

const REGIONS = ['GR-A', 'GR-B', 'GR-C', 'GR-D', 'GR-E', 'GR-F', 'GR-G', 'GR-H', 'GR-I', 'GR-J', 'GR-K', 'GR-L', 'GR-M'];
const FEW = ['GR-I', 'GR-M', 'GR-K'];
const STATUSES = ['submitted', 'in_review', 'verified', 'allocated', 'completed', 'rejected', 'withdrawn', 'duplicate', 'expired'];

const line = fc.oneof(
  fc.record({ places: fc.integer({ min: 1, max: 9 }), region: fc.constantFrom(...FEW) }).map(
    (l): LineOverrides => ({ kind: 'accommodation', category: 'house', places: l.places, region_code: l.region }),
  ),
  fc.record({ quantity: fc.integer({ min: 1, max: 500 }), region: fc.constantFrom(...FEW) }).map(
    (l): LineOverrides => ({ kind: 'essential_items', category: 'food', quantity: l.quantity, unit: 'kg', region_code: l.region }),
  ),
  fc.record({ capacity: fc.integer({ min: 1, max: 40 }), remote: fc.boolean() }).map(
    (l): LineOverrides => ({ kind: 'service', category: 'legal_aid', delivery: l.remote ? 'remote' : 'in_person', capacity_per_week: l.capacity, region_code: l.remote ? null : 'GR-M' }),
  ),
  fc.integer({ min: 1, max: 5000 }).map((amount): LineOverrides => ({ kind: 'money', amount: String(amount), currency: 'EUR', frequency: 'one_off' })),
);

type Op =
  | { op: 'submit'; lines: LineOverrides[]; day: number }
  | { op: 'status'; pick: number; status: string }
  | { op: 'allocate'; pick: number; share: number }
  | { op: 'withdraw_line'; pick: number }
  | { op: 'move_line'; pick: number; region: string }
  | { op: 'remove_line'; pick: number }
  | { op: 'delete_offer'; pick: number }
  | { op: 'fold' };

const op: fc.Arbitrary<Op> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ op: fc.constant('submit' as const), lines: fc.array(line, { minLength: 1, maxLength: 3 }), day: fc.integer({ min: 0, max: 40 }) }) },
  { weight: 3, arbitrary: fc.record({ op: fc.constant('status' as const), pick: fc.nat(), status: fc.constantFrom(...STATUSES) }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('allocate' as const), pick: fc.nat(), share: fc.double({ min: 0, max: 1, noNaN: true }) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('withdraw_line' as const), pick: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('move_line' as const), pick: fc.nat(), region: fc.constantFrom(...REGIONS) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('remove_line' as const), pick: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('delete_offer' as const), pick: fc.nat() }) },
  { weight: 1, arbitrary: fc.constant({ op: 'fold' as const }) },
);

const NOW = new Date('2026-03-20T10:00:00Z');

async function apply(db: Kysely<DB>, o: Op): Promise<void> {
  const offers = await db.selectFrom('offers').select('id').orderBy('id').execute();
  const lines = await db.selectFrom('offer_lines').select(['id', 'offer_id', 'capacity', 'kind', 'region_code']).orderBy('id').execute();
  const offer = offers.length ? offers[('pick' in o ? o.pick : 0) % offers.length]! : null;
  const l = lines.length ? lines[('pick' in o ? o.pick : 0) % lines.length]! : null;
  switch (o.op) {
    case 'submit':
      await insertOffer(db, { submittedAt: new Date(NOW.getTime() - o.day * 86400_000), lines: o.lines });
      break;
    case 'status':
      if (offer) await db.updateTable('offers').set({ status: o.status }).where('id', '=', offer.id).execute();
      break;
    case 'allocate':
      if (l) await db.updateTable('offer_lines').set({ allocated_quantity: String(Math.floor(Number(l.capacity ?? 0) * o.share)) }).where('id', '=', l.id).execute();
      break;
    case 'withdraw_line':
      if (l) await db.updateTable('offer_lines').set({ withdrawn_at: new Date() }).where('id', '=', l.id).execute();
      break;
    case 'move_line':
      // only lines placed somewhere move (accommodation must keep a region)
      if (l && l.region_code) await db.updateTable('offer_lines').set({ region_code: o.region }).where('id', '=', l.id).execute();
      break;
    case 'remove_line': {
      const siblings = l ? lines.filter((x) => x.offer_id === l.offer_id).length : 0;
      if (l && siblings > 1) await db.deleteFrom('offer_lines').where('id', '=', l.id).execute();
      break;
    }
    case 'delete_offer':
      if (offer) await db.deleteFrom('offers').where('id', '=', offer.id).execute();
      break;
    case 'fold':
      await foldDashboardChanges({ db });
      break;
  }
}

const SCOPES = [{ regions: 'all' as const }, { regions: ['GR-M'] }, { regions: ['GR-I', 'GR-K'] }];

async function reports(ctx: AppContext): Promise<DashboardReport[]> {
  const out: DashboardReport[] = [];
  for (const scope of SCOPES) for (const kind of [null, 'accommodation', 'money'] as const) out.push(await showDashboard(ctx, scope, kind, REGIONS));
  return out;
}

for (const engine of engines()) {
  describe(`the dashboard's totals on ${engine}`, () => {
    let database: TestDatabase;
    let ctx: AppContext;
    before(async () => {
      database = await testDatabase(engine);
      const config = loadConfig({ NODE_ENV: 'test', SESSION_SECRET: 'test-secret-test-secret-test-secret-0123', LOG_LEVEL: 'silent' });
      ctx = { db: database.db, engine, config, clock: { now: () => NOW } };
    });
    after(async () => database?.close());

    test('after any sequence of writes, the kept totals equal a recomputation', { timeout: 300_000 }, async () => {
      await fc.assert(
        fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 12 }), async (ops) => {
          for (const o of ops) await apply(ctx.db, o);
          const kept = await reports(ctx);
          await rebuildDashboardTotals(ctx);
          assert.deepEqual(await reports(ctx), kept);
        }),
        { numRuns: engine === 'pglite' ? 25 : 15 },
      );
    });

    if (engine === 'postgres') {
      test('concurrent transactions on the same offers leave exact totals', { timeout: 120_000 }, async () => {
        const ids = [];
        for (let i = 0; i < 6; i++) {
          ids.push(
            (
              await insertOffer(ctx.db, {
                lines: [
                  { kind: 'accommodation', category: 'house', places: 8, region_code: 'GR-M' },
                  { kind: 'money', amount: '100', currency: 'EUR', frequency: 'one_off' },
                ],
              })
            ).id,
          );
        }
        // Status changes, allocations, new lines in new regions (which move the money line's scope)
        // and withdrawals, in parallel transactions that touch the same offers and lines.
        const work = ids.flatMap((id, i) => [
          ctx.db.transaction().execute(async (trx) => {
            await trx.updateTable('offers').set({ status: i % 2 ? 'verified' : 'allocated' }).where('id', '=', id).execute();
            await sql`SELECT pg_sleep(0.02)`.execute(trx);
          }),
          ctx.db.transaction().execute(async (trx) => {
            await trx.updateTable('offer_lines').set({ allocated_quantity: String(1 + i) }).where('offer_id', '=', id).where('kind', '=', 'accommodation').execute();
            await sql`SELECT pg_sleep(0.02)`.execute(trx);
          }),
          ctx.db.transaction().execute(async (trx) => {
            await trx.insertInto('offer_lines').values({ offer_id: id, position: 3, kind: 'accommodation', category: 'hotel', places: 2, region_code: 'GR-I' }).execute();
            await sql`SELECT pg_sleep(0.02)`.execute(trx);
          }),
          ctx.db.transaction().execute(async (trx) => {
            await trx.updateTable('offer_lines').set({ allocated_quantity: '50' }).where('offer_id', '=', id).where('kind', '=', 'money').execute();
          }),
          foldDashboardChanges(ctx),
        ]);
        await Promise.all(work);
        const kept = await reports(ctx);
        await rebuildDashboardTotals(ctx);
        assert.deepEqual(await reports(ctx), kept);
        // and the figures are the ones expected: every money line now also seen in Attica
        const attica = await showDashboard(ctx, { regions: ['GR-I'] }, 'money', REGIONS);
        assert.ok(attica.money.some((m) => m.offered >= 600));
      });
    }
  });
}
