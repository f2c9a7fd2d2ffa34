// Export at scale (issue 5): seeds ~690,000 offers (about 1,000,000 offer lines) into a database
// of its own on the bench server, exports every line as CSV and as XLSX through the exports
// service (the path staff use, less HTTP), and prints rows per second and peak memory (RSS and
// heap, sampled every 10 ms), beside PostgreSQL's own `COPY (the same query) TO STDOUT` run by
// the psql client on the same machine, with the ratio. Targets: CSV at least half COPY's speed,
// peak memory under 200 MB.
//
// Environment: BENCH_OFFERS (default 690000), BENCH_DATABASE_URL, BENCH_KEEP=1 / BENCH_REUSE=<name>
// (bench/support/seed.ts), BENCH_FORMATS (default "csv,xlsx").
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { openSync, closeSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { Writable } from 'node:stream';
import v8 from 'node:v8';
import vm from 'node:vm';
import { sql } from 'kysely';
import { loadConfig } from '../src/config.js';
import { writeSelection, type Exporter, type ExportFormat } from '../src/modules/exports/index.js';
import { loadGazetteer } from '../src/modules/geography/index.js';
import { systemClock, type AppContext } from '../src/platform/context.js';
import { log, openSeededDatabase, urlOf } from './support/seed.js';

const OFFERS = Number(process.env.BENCH_OFFERS ?? 690_000);
const FORMATS = (process.env.BENCH_FORMATS ?? 'csv,xlsx').split(',') as ExportFormat[];

// A full collection before each run, so its peak is its own and not the previous run's garbage.
v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;

/** Peak RSS and heap while `run` runs, sampled every 10 ms (and at its start and end), and RSS before it. */
async function measured<T>(run: () => Promise<T>): Promise<{ result: T; seconds: number; peakRss: number; peakHeap: number; baseRss: number }> {
  gc();
  const baseRss = process.memoryUsage().rss;
  let peakRss = 0;
  let peakHeap = 0;
  const sample = () => {
    const m = process.memoryUsage();
    peakRss = Math.max(peakRss, m.rss);
    peakHeap = Math.max(peakHeap, m.heapUsed);
  };
  sample();
  const timer = setInterval(sample, 10);
  const started = performance.now();
  try {
    const result = await run();
    sample();
    return { result, seconds: (performance.now() - started) / 1000, peakRss, peakHeap, baseRss };
  } finally {
    clearInterval(timer);
  }
}

/** A Writable that only counts bytes: the network or disk left out, as COPY's output goes to /dev/null. */
function sink(): Writable & { bytes: number } {
  const w = new Writable({
    highWaterMark: 1024 * 1024,
    write(chunk: Buffer, _enc, done) {
      w.bytes += chunk.length;
      done();
    },
  }) as Writable & { bytes: number };
  w.bytes = 0;
  return w;
}

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;

/**
 * The export's query for every offer line, as one statement for COPY: the same columns, joins
 * and order as exports.repository selectExportBatch reads a batch at a time.
 */
const COPY_QUERY = `
  SELECT o.id AS offer_id, o.reference, to_char(o.submitted_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS position_at,
         to_char(o.submitted_at AT TIME ZONE 'Europe/Athens', 'YYYY-MM-DD HH24:MI') AS submitted_local,
         o.status, o.language, o.channel, o.possible_duplicate, o.last_contact_outcome, o.organisation_kind,
         g.legal_name, g.distinctive_title, g.country, g.tax_id, g.tax_id_kind, g.registry_number, g.website,
         g.region_code AS organisation_region_code, g.municipality_code AS organisation_municipality_code, g.preferred_language,
         g.legal_representative, g.contact_name, g.contact_role, g.contact_phone, g.contact_email, g.street, g.postcode, g.city,
         l.position, l.kind, l.category, l.description, l.region_code, l.municipality_code, l.available_from, l.available_until,
         l.cost_basis, l.places, l.rooms, l.step_free_access, l.suitable_for, l.languages, l.delivery, l.capacity_per_week,
         l.quantity, l.unit, l.condition, l.can_deliver, l.delivery_area, l.expiry, l.amount::text AS amount, l.currency,
         l.frequency, l.purpose, l.address
  FROM offers o
  JOIN organisations g ON g.id = o.organisation_id
  LEFT JOIN offer_lines l ON l.offer_id = o.id
  ORDER BY o.submitted_at DESC, o.id DESC, l.position`.replace(/\s+/g, ' ');

/** `psql -c "COPY (…) TO STDOUT (FORMAT csv, HEADER)"` with its output to /dev/null. */
function copyWithPsql(url: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const out = openSync('/dev/null', 'w');
    const child = spawn('psql', [url, '-X', '-q', '-v', 'ON_ERROR_STOP=1', '-c', `COPY (${COPY_QUERY}) TO STDOUT (FORMAT csv, HEADER)`], { stdio: ['ignore', out, 'inherit'] });
    child.on('error', reject);
    child.on('exit', (code) => {
      closeSync(out);
      if (code === 0) resolve();
      else reject(new Error(`psql exited with ${code}`));
    });
  });
}

async function main(): Promise<void> {
  const bench = await openSeededDatabase('exports', OFFERS);
  try {
    const ctx: AppContext = {
      db: bench.db,
      engine: 'postgres',
      config: loadConfig({ NODE_ENV: 'test', SESSION_SECRET: 'bench-secret-bench-secret-bench-secret-0', LOG_LEVEL: 'silent' }),
      clock: systemClock,
    };
    const counts = await sql<{ offers: string; lines: string }>`SELECT (SELECT count(*) FROM offers) AS offers, (SELECT count(*) FROM offer_lines) AS lines`.execute(bench.db);
    const lines = Number(counts.rows[0]!.lines);
    log(`${Number(counts.rows[0]!.offers).toLocaleString('en')} offers, ${lines.toLocaleString('en')} offer lines`);
    const gazetteer = await loadGazetteer(bench.db);
    // A national coordinator's export: every offer, contact data included (the widest file).
    const exporter: Exporter = { staffId: randomUUID(), lang: 'el', scope: { regions: 'all' }, contact: true };

    // COPY first, twice, so the tables are as warm for it as for the exports after it.
    await copyWithPsql(urlOf(bench.name));
    const copy = await measured(() => copyWithPsql(urlOf(bench.name)));
    const copyRate = lines / copy.seconds;
    log(`COPY TO STDOUT (psql): ${copy.seconds.toFixed(2)} s, ${Math.round(copyRate).toLocaleString('en')} rows/s`);

    const results: string[] = [];
    for (const format of FORMATS) {
      const out = sink();
      const run = await measured(() => writeSelection(ctx, gazetteer, exporter, { format, filters: { sort: 'newest' }, query: '' }, out));
      if (run.result.rows !== lines) throw new Error(`${format}: ${run.result.rows} rows written, ${lines} in the database`);
      const rate = lines / run.seconds;
      const line =
        `${format.padEnd(5)} ${run.seconds.toFixed(2).padStart(7)} s  ${Math.round(rate).toLocaleString('en').padStart(9)} rows/s  ` +
        `${(rate / copyRate).toFixed(2)}× COPY  peak RSS ${mb(run.peakRss)} (${mb(run.baseRss)} before)  peak heap ${mb(run.peakHeap)}  file ${mb(out.bytes)}  ` +
        `rows ${run.result.rows.toLocaleString('en')} = database`;
      log(line);
      results.push(line);
    }
    console.log('\nExports of every offer line (1 staff member, contact data included), on this machine:');
    console.log(`COPY  ${copy.seconds.toFixed(2).padStart(7)} s  ${Math.round(copyRate).toLocaleString('en').padStart(9)} rows/s  (psql, output to /dev/null)`);
    for (const r of results) console.log(r);
    console.log(`Targets: CSV ≥ 0.5× COPY; peak RSS < 200 MB. Load average during the run: ${(await import('node:os')).loadavg().map((l) => l.toFixed(1)).join(' ')} on ${(await import('node:os')).cpus().length} cores.`);
  } finally {
    await bench.drop();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
