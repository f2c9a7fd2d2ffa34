// Matching at scale: seeds about 1,000,000 offer lines into a PostgreSQL database of its own, records
// a few needs of every kind in regions large and small, and times the ranked matches of a need
// (issue 6: p95 under 100 ms), for a national coordinator and for a regional one, plus the needs an
// offer line could serve. Prints p50/p95/p99 per need.
// Run: npm run bench:matching
//   BENCH_DATABASE_URL  server to use (default postgres://postgres@127.0.0.1:5432/test)
//   BENCH_LINES         offer lines to aim for (default 1000000; the seed makes ~1.45 lines an offer)
//   BENCH_RUNS          timed runs per need (default 100, after 10 untimed)
//   BENCH_EXPLAIN=1     also print EXPLAIN ANALYZE of the first tier of each need once
//   BENCH_KEEP=1, BENCH_REUSE=<name>  as the other scale benchmarks (bench/support/seed.ts)
import { performance } from 'node:perf_hooks';
import { sql } from 'kysely';
import { loadConfig } from '../src/config.js';
import type { StaffMember } from '../src/modules/accounts/index.js';
import { findMatches, needsForLine, type MatchableNeed } from '../src/modules/needs/index.js';
import type { AppContext } from '../src/platform/context.js';
import { log, openSeededDatabase, percentile } from './support/seed.js';

const RUNS = Number(process.env.BENCH_RUNS ?? 100);
const WARM = 10;
const LINES = Number(process.env.BENCH_LINES ?? 1_000_000);

const base: Omit<MatchableNeed, 'kind' | 'category' | 'regionCode' | 'regionalUnitCode' | 'municipalityCode' | 'outstanding'> = {
  unit: null,
  currency: null,
  startsOn: '2026-05-01',
  endsOn: null,
  familiesWithChildren: false,
  stepFreeAccessNeeded: false,
  elderly: false,
  pets: false,
  languages: [],
};

/** Needs as coordinators record them: the biggest region, small ones, every kind, with and without a category. */
const NEEDS: { label: string; need: MatchableNeed }[] = [
  { label: 'accommodation, apartment, Athens (Attica), families', need: { ...base, kind: 'accommodation', category: 'apartment', regionCode: 'GR-I', regionalUnitCode: '45', municipalityCode: '4501', outstanding: 40, familiesWithChildren: true, stepFreeAccessNeeded: true } },
  { label: 'accommodation, any type, Attica (whole region)', need: { ...base, kind: 'accommodation', category: null, regionCode: 'GR-I', regionalUnitCode: null, municipalityCode: null, outstanding: 200 } },
  { label: 'accommodation, hostel, Crete', need: { ...base, kind: 'accommodation', category: 'hostel', regionCode: 'GR-M', regionalUnitCode: '71', municipalityCode: '7101', outstanding: 25, pets: true } },
  { label: 'accommodation, room, North Aegean', need: { ...base, kind: 'accommodation', category: 'room_in_shared_home', regionCode: 'GR-K', regionalUnitCode: null, municipalityCode: null, outstanding: 10 } },
  { label: 'essential items, hygiene (pieces), Thessaly', need: { ...base, kind: 'essential_items', category: 'hygiene', unit: 'pieces', regionCode: 'GR-E', regionalUnitCode: '22', municipalityCode: null, outstanding: 500 } },
  { label: 'service, legal aid in Ukrainian, Thessaloniki', need: { ...base, kind: 'service', category: 'legal_aid', regionCode: 'GR-B', regionalUnitCode: '07', municipalityCode: '0701', outstanding: 20, languages: ['uk'] } },
  { label: 'money, EUR, Attica', need: { ...base, kind: 'money', category: null, currency: 'EUR', regionCode: 'GR-I', regionalUnitCode: null, municipalityCode: null, outstanding: 10000 } },
];

type Result = { label: string; p50: number; p95: number; p99: number; found: number };

async function time(label: string, run: () => Promise<number>): Promise<Result> {
  const times: number[] = [];
  let found = 0;
  for (let i = 0; i < WARM + RUNS; i++) {
    const start = performance.now();
    found = await run();
    if (i >= WARM) times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return { label, p50: percentile(times, 50), p95: percentile(times, 95), p99: percentile(times, 99), found };
}

async function main(): Promise<void> {
  const bench = await openSeededDatabase('bench_matching', Math.round(LINES / 1.45));
  try {
    const db = bench.db;
    const counts = await sql<{ lines: string; live: string }>`
      SELECT count(*) AS lines, count(*) FILTER (WHERE offer_status IN ('verified', 'allocated')) AS live FROM offer_lines`.execute(db);
    log(`${Number(counts.rows[0]!.lines).toLocaleString('en')} offer lines, ${Number(counts.rows[0]!.live).toLocaleString('en')} of them in verified or allocated offers`);
    // Some of the live capacity already given out, so "capacity left" filters something.
    await sql`UPDATE offer_lines SET allocated_quantity = capacity WHERE offer_status = 'allocated' AND kind = 'accommodation' AND position = 1 AND random() < 0.5`.execute(db);
    await sql`VACUUM (ANALYZE) offer_lines`.execute(db);

    const results: Result[] = [];
    for (const { label, need } of NEEDS) {
      if (process.env.BENCH_EXPLAIN === '1') {
        const plan = await sql<{ 'QUERY PLAN': string }>`EXPLAIN (ANALYZE, BUFFERS) SELECT id FROM offer_lines l
          WHERE l.kind = ${need.kind} AND l.offer_status IN ('verified', 'allocated') AND l.withdrawn_at IS NULL AND l.allocated_quantity < l.capacity
          AND l.region_code = ${need.regionCode}`.execute(db);
        console.log(plan.rows.map((r) => r['QUERY PLAN']).join('\n'));
      }
      results.push(await time(`match, all regions: ${label}`, async () => (await findMatches(db, need, { limit: 50, regions: 'all' })).length));
      results.push(await time(`match, regional coordinator of ${need.regionCode}: ${label}`, async () => (await findMatches(db, need, { limit: 50, regions: [need.regionCode] })).length));
    }

    // From an offer line: the needs it could serve, with a few hundred needs recorded.
    const staff = await db
      .insertInto('staff_accounts')
      .values({ email: `bench-${Date.now()}@prosfero.test`, name: 'Bench', role: 'coordinator', password_hash: 'x' })
      .returning('id')
      .executeTakeFirstOrThrow();
    await sql`
      INSERT INTO needs (kind, category, quantity, region_code, starts_on, created_by)
      SELECT 'accommodation', (ARRAY['apartment', 'house', 'hostel', NULL])[1 + (n % 4)], 10 + n % 50,
             (ARRAY['GR-A','GR-B','GR-C','GR-D','GR-E','GR-F','GR-G','GR-H','GR-I','GR-J','GR-K','GR-L','GR-M'])[1 + (n % 13)],
             date '2026-05-01' + (n % 60), ${staff.id}
      FROM generate_series(1, 500) AS n`.execute(db);
    const line = await sql<{ reference: string; position: number }>`
      SELECT o.reference, l.position FROM offer_lines l JOIN offers o ON o.id = l.offer_id
      WHERE l.kind = 'accommodation' AND l.category = 'apartment' AND l.region_code = 'GR-I' AND l.offer_status = 'verified' LIMIT 1`.execute(db);
    const member: StaffMember = { id: staff.id, email: 'bench@prosfero.test', name: 'Bench', role: 'coordinator', language: 'en', mustChangePassword: false, regions: [], totpEnrolled: true, pendingStep: null };
    const ctx: AppContext = { db, engine: 'postgres', config: loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent' }), clock: { now: () => new Date() } };
    const target = line.rows[0]!;
    results.push(await time('needs an apartment in Attica could serve (500 needs recorded)', async () => (await needsForLine(ctx, member, target.reference, target.position)).needs.length));

    console.log('\n| query | p50 ms | p95 ms | p99 ms | matches |\n| --- | ---: | ---: | ---: | ---: |');
    for (const r of results) console.log(`| ${r.label} | ${r.p50.toFixed(1)} | ${r.p95.toFixed(1)} | ${r.p99.toFixed(1)} | ${r.found} |`);
    const worst = Math.max(...results.map((r) => r.p95));
    console.log(`\nworst p95: ${worst.toFixed(1)} ms (target: under 100 ms)`);
  } finally {
    await bench.drop();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
