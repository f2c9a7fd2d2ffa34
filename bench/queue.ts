// The review queue at scale: seeds 1,000,000 offers into a PostgreSQL database of its own, then
// times what a coordinator does most (issue 3: p95 under 50 ms each) and prints p50/p95/p99.
// Run: npm run bench:queue
//   BENCH_DATABASE_URL  server to use (default postgres://postgres@127.0.0.1:5432/test); the bench
//                       creates its own database there and drops it at the end
//   BENCH_OFFERS        offers to seed (default 1000000)
//   BENCH_RUNS          timed runs per query (default 200, after 20 untimed)
//   BENCH_EXPLAIN=1     also print EXPLAIN ANALYZE of each query shape once
//   BENCH_KEEP=1        keep the database afterwards (its name is printed)
//   BENCH_REUSE=<name>  time against a database kept earlier, without seeding (while tuning)
// The seeding (bench/support/seed.ts) is shared with the other scale benchmarks.
import { performance } from 'node:perf_hooks';
import { sql } from 'kysely';
import { loadConfig } from '../src/config.js';
import type { StaffMember } from '../src/modules/accounts/index.js';
import { formatReference } from '../src/modules/offers/index.js';
import { listOffers } from '../src/modules/review/index.js';
import { COUNT_BUDGET_MS } from '../src/modules/review/review.repository.js';
import type { QueueFilters } from '../src/modules/review/review.schemas.js';
import type { AppContext } from '../src/platform/context.js';
import { log, openSeededDatabase, percentile, REGION_WEIGHTS } from './support/seed.js';

const RUNS = Number(process.env.BENCH_RUNS ?? 200);
const WARM = 20;
const EXPLAIN = process.env.BENCH_EXPLAIN === '1';
// --- timing -----------------------------------------------------------------------------------

type Result = { label: string; p50: number; p95: number; p99: number; rows: string; counted: string };
/** What one run found: rows (or the page's total), and whether every count was made within its budget. */
type Run = { n: number; counted?: boolean };

async function time(label: string, run: (i: number) => Promise<Run>): Promise<Result> {
  const times: number[] = [];
  const found: number[] = [];
  let counted = 0;
  let countable = 0;
  for (let i = 0; i < WARM + RUNS; i++) {
    const start = performance.now();
    const r = await run(i);
    const took = performance.now() - start;
    if (i >= WARM) {
      times.push(took);
      found.push(r.n);
      if (r.counted !== undefined) {
        countable++;
        if (r.counted) counted++;
      }
    }
  }
  times.sort((a, b) => a - b);
  found.sort((a, b) => a - b);
  const rows = found[0] === found.at(-1) ? `${found[0]}` : `${found[0]}–${found.at(-1)} (median ${found[Math.floor(found.length / 2)]})`;
  return { label, p50: percentile(times, 50), p95: percentile(times, 95), p99: percentile(times, 99), rows, counted: countable ? `${Math.round((100 * counted) / countable)}%` : '' };
}

async function main(): Promise<void> {
  const bench = await openSeededDatabase('bench_queue');
  try {
    const db = bench.db;
    const counts = await sql<{ offers: string; lines: string }>`SELECT (SELECT count(*) FROM offers) AS offers, (SELECT count(*) FROM offer_lines) AS lines`.execute(db);
    log(`seeded ${counts.rows[0]!.offers} offers with ${counts.rows[0]!.lines} lines`);

    const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', SESSION_SECRET: 'bench-secret-bench-secret-bench-secret-00' });
    const ctx: AppContext = { db, engine: 'postgres', config, clock: { now: () => new Date() } };
    const sample = await sql<{ reference: string; id: string }>`SELECT reference, id FROM offers TABLESAMPLE SYSTEM (1) LIMIT 1000`.execute(db);
    const refs = sample.rows;
    // Regions in turn as often as coordinators would pick them: by population (100 slots).
    const regionByPopulation = Object.entries(REGION_WEIGHTS).flatMap(([code, w]) => Array<string>(Math.max(1, Math.round((w / 10_000) * 100))).fill(code));
    const all = { regions: 'all' as const };
    const page = async (filters: Omit<QueueFilters, 'sort'> & { sort?: QueueFilters['sort'] }, scope: { regions: 'all' | string[] } = all): Promise<Run> => {
      const p = await listOffers(ctx, scope, { filters: { sort: 'newest', ...filters } }, { contact: true });
      return { n: p.items.length, counted: p.total !== null && p.statusCounts.every((c) => c.count !== null) };
    };
    const greek = ['Θεσσαλονίκη', 'προσφυγών', 'Παπαδοπούλου', 'κουβέρτες', 'ΗΡΑΚΛΕΙΟΥ', 'Μανωλαράκης Ελένη', 'μαθήματα ελληνικών', 'φυσικοθεραπεία'];

    const results: Result[] = [];
    results.push(await time('default queue page (newest first, all statuses, with counts)', () => page({})));
    results.push(
      await time('three combined filters (status + region + kind of help)', (i) =>
        page({ status: 'submitted', region: regionByPopulation[i % regionByPopulation.length]!, kind: 'accommodation' }),
      ),
    );
    results.push(await time(`Greek free-text search (${greek.length} queries in turn)`, (i) => page({ q: greek[i % greek.length]! })));
    results.push(await time('reference lookup (formatted, from the search box)', (i) => page({ q: formatReference(refs[i % refs.length]!.reference) })));
    results.push(
      await time('offer page SQL (offer, organisation, lines)', async (i) => {
        const ref = refs[i % refs.length]!.reference;
        const offer = await db
          .selectFrom('offers')
          .innerJoin('organisations', 'organisations.id', 'offers.organisation_id')
          .selectAll('offers')
          .select(['organisations.legal_name', 'organisations.contact_email', 'organisations.contact_phone', 'organisations.tax_id'])
          .where('offers.reference', '=', ref)
          .executeTakeFirstOrThrow();
        const lines = await db.selectFrom('offer_lines').selectAll().where('offer_id', '=', offer.id).orderBy('position').execute();
        return { n: lines.length };
      }),
    );
    // The casework page as it is now, when the module is there: everything it loads and the
    // audit event it writes for a coordinator's view of contact data.
    try {
      const casework = (await import('../src/modules/casework/index.js')) as { openOfferCase?: (ctx: AppContext, m: StaffMember, r: string) => Promise<unknown> };
      if (casework.openOfferCase) {
        const staff = await db
          .insertInto('staff_accounts')
          .values({ email: `bench-${process.pid}@prosfero.test`, name: 'Bench', role: 'coordinator', password_hash: 'x', must_change_password: false })
          .returning('id')
          .executeTakeFirstOrThrow();
        const member = { id: staff.id, email: 'bench@prosfero.test', name: 'Bench', role: 'coordinator', language: 'en', mustChangePassword: false, regions: [] } as unknown as StaffMember;
        const open = casework.openOfferCase;
        results.push(await time('offer page (casework openOfferCase, with its audit event)', async (i) => ({ n: (await open(ctx, member, refs[i % refs.length]!.reference)) ? 1 : 0 })));
      }
    } catch (err) {
      console.log(`(casework's offer page not timed: ${(err as Error).message})`);
    }
    results.push(await time('regional coordinator (Attica) default page', () => page({}, { regions: ['GR-I'] })));
    results.push(await time('Latin transliteration search («Thessaloniki»)', () => page({ q: 'Thessaloniki' })));
    results.push(await time('oldest first, possible duplicates never reached', () => page({ sort: 'oldest', duplicate: 'yes', contact: 'never_reached' })));

    if (EXPLAIN) {
      // The shapes the service runs, once each with its plan (the service's own SQL is printed by
      // running it with Kysely's log option).
      for (const [label, walks, q] of [
        ['page, three filters (index-only walk)', true, sql`SELECT id FROM offers WHERE status = 'submitted' AND region_codes @> ARRAY['GR-B']::text[] AND line_kinds @> ARRAY['accommodation']::text[] ORDER BY submitted_at DESC, id DESC LIMIT 51`],
        ['count of one status, capped', true, sql`SELECT count(*) FROM (SELECT 1 FROM offers WHERE status = 'verified' AND region_codes && ARRAY['GR-I']::text[] LIMIT 1001) m`],
        ['search lookup (GIN, then sort)', false, sql`SELECT id FROM offers WHERE search_vector @@ (to_tsquery('greek', 'θεσσαλονικη') || to_tsquery('simple', 'θεσσαλονικη:*') || to_tsquery('simple', 'thessaloniki:*')) OR search_text LIKE '%θεσσαλονικη%' ORDER BY submitted_at DESC, id DESC LIMIT 51`],
      ] as const) {
        const plan = await db.transaction().execute(async (trx) => {
          if (!walks) await sql`SET LOCAL enable_indexscan = off; SET LOCAL enable_indexonlyscan = off`.execute(trx);
          return sql<{ 'QUERY PLAN': string }>`EXPLAIN (ANALYZE, BUFFERS) ${q}`.execute(trx);
        });
        console.log(`\n--- ${label}\n${plan.rows.map((r) => r['QUERY PLAN']).join('\n')}`);
      }
    }

    console.log(`\n${Number(counts.rows[0]!.offers).toLocaleString('en')} offers on ${(await sql<{ v: string }>`SELECT version() AS v`.execute(db)).rows[0]!.v.split(' on ')[0]}; ${RUNS} timed runs each (after ${WARM} untimed), through the review service (every query of the page)`);
    console.log(`(counted: the share of runs whose page had every count, each count having ${COUNT_BUDGET_MS} ms)`);
    console.log(`${'query'.padEnd(66)} ${'p50'.padStart(8)} ${'p95'.padStart(8)} ${'p99'.padStart(8)}   ${'counted'.padStart(7)}   rows shown`);
    for (const r of results) {
      console.log(`${r.label.padEnd(66)} ${r.p50.toFixed(1).padStart(6)} ms ${r.p95.toFixed(1).padStart(6)} ms ${r.p99.toFixed(1).padStart(6)} ms   ${r.counted.padStart(7)}   ${r.rows}`);
    }
    const slow = results.filter((r) => r.p95 >= 50);
    console.log(slow.length === 0 ? '\nevery p95 is under 50 ms' : `\np95 at or over 50 ms: ${slow.map((r) => r.label).join('; ')}`);
  } finally {
    await bench.drop();
  }
}

await main();
