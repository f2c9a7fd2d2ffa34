// Export at scale (issue 5): seeds ~690,000 offers (about 1,000,000 offer lines) into a database
// of its own on the bench server, exports every line as CSV and as XLSX through the exports
// service (the path staff use, less HTTP), and prints rows per second and memory beside
// PostgreSQL's own `COPY (the same query) TO STDOUT` run by the psql client on the same machine,
// with the ratio. Targets: CSV at least half COPY's speed, peak memory under 200 MB.
//
// Each export runs in a fresh Node process of its own (this file again, BENCH_CHILD=<format>), as
// the service's would: so its memory is the export's and the process's, not what seeding left in
// this one. It prints: RSS before the export (modules loaded, database pool open, gazetteer read,
// after a full collection), peak RSS sampled every 5 ms and after each batch, the kernel's own
// high-water mark of the process's RSS over its whole life (getrusage maxrss: nothing between two
// samples escapes it), and the peak of the JavaScript heap in use and committed.
//
// Environment: BENCH_OFFERS (default 690000), BENCH_DATABASE_URL, BENCH_KEEP=1 / BENCH_REUSE=<name>
// (bench/support/seed.ts), BENCH_FORMATS (default "csv,xlsx"), BENCH_NODE_FLAGS (V8/Node flags
// for the export processes; default the service's, see EXPORT_NODE_FLAGS).
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { openSync, closeSync } from 'node:fs';
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
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
/**
 * The flag the export processes run with (BENCH_NODE_FLAGS to try others): a cap on V8's old
 * generation, which makes it collect the export's promoted garbage long before the 100–200 MB it
 * otherwise lets the heap grow to. Measured over a million lines (CSV in a fresh process, peak
 * RSS / heap peak / seconds, on this shared, loaded machine): no flag 315 / 160 MB / 33 s;
 * --max-semi-space-size=64 428 / 209 MB / 45 s; =4 297 / 162 MB / 80 s; --max-old-space-size=96
 * 231 / 69 MB / 41 s; --optimize-for-size 157–164 / 54 MB but 86–360 s (a 1 MB young generation:
 * too slow).
 */
const EXPORT_NODE_FLAGS = '--max-old-space-size=96';
const NODE_FLAGS = (process.env.BENCH_NODE_FLAGS ?? EXPORT_NODE_FLAGS).split(/\s+/).filter(Boolean);

/** What an export process reports (bytes, seconds). */
type ChildResult = {
  format: ExportFormat;
  rows: number;
  offers: number;
  bytes: number;
  seconds: number;
  baseRss: number;
  peakRss: number;
  maxRss: number;
  peakHeap: number;
  peakHeapCommitted: number;
  lines: number;
};

/** A Writable that only counts bytes: the network or disk left out, as COPY's output goes to /dev/null. */
function sink(): Writable & { bytes: number } {
  const w = new Writable({
    highWaterMark: 64 * 1024,
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
 * and order as exports.repository streamExportRows declares its cursor with.
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

/** `psql -c "COPY (…) TO STDOUT (FORMAT csv, HEADER)"` with its output to /dev/null. @returns seconds */
function copyWithPsql(url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const out = openSync('/dev/null', 'w');
    const started = performance.now();
    const child = spawn('psql', [url, '-X', '-q', '-v', 'ON_ERROR_STOP=1', '-c', `COPY (${COPY_QUERY}) TO STDOUT (FORMAT csv, HEADER)`], { stdio: ['ignore', out, 'inherit'] });
    child.on('error', reject);
    child.on('exit', (code) => {
      closeSync(out);
      if (code === 0) resolve((performance.now() - started) / 1000);
      else reject(new Error(`psql exited with ${code}`));
    });
  });
}

/** Runs one export in a fresh process (this file, BENCH_CHILD=format) over the kept database `name`. */
function exportInChild(format: ExportFormat, name: string): Promise<ChildResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...NODE_FLAGS, '--expose-gc', '--import', 'tsx', fileURLToPath(import.meta.url)], {
      env: { ...process.env, BENCH_CHILD: format, BENCH_REUSE: name },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (d: string) => (out += d));
    child.on('error', reject);
    child.on('exit', (code) => {
      const last = out.trim().split('\n').pop() ?? '';
      if (code === 0 && last.startsWith('{')) resolve(JSON.parse(last) as ChildResult);
      else reject(new Error(`the ${format} export process exited with ${code}: ${out}`));
    });
  });
}

/** In an export process: exports every line in `format` and prints a ChildResult as JSON. */
async function child(format: ExportFormat): Promise<void> {
  const bench = await openSeededDatabase('exports', OFFERS);
  const ctx: AppContext = {
    db: bench.db,
    engine: 'postgres',
    config: loadConfig({ NODE_ENV: 'test', SESSION_SECRET: 'bench-secret-bench-secret-bench-secret-0', LOG_LEVEL: 'silent' }),
    clock: systemClock,
  };
  const counts = await sql<{ lines: string }>`SELECT (SELECT count(*) FROM offer_lines) AS lines`.execute(bench.db);
  const gazetteer = await loadGazetteer(bench.db);
  // A national coordinator's export: every offer, contact data included (the widest file).
  const exporter: Exporter = { staffId: randomUUID(), lang: 'el', scope: { regions: 'all' }, contact: true };
  const gc = (globalThis as { gc?: () => void }).gc ?? (vm.runInNewContext('gc') as () => void);
  gc();
  gc();
  const baseRss = process.memoryUsage.rss();
  let peakRss = baseRss;
  let peakHeap = 0;
  let peakHeapCommitted = 0;
  const sample = () => {
    peakRss = Math.max(peakRss, process.memoryUsage.rss());
    const h = v8.getHeapStatistics();
    peakHeap = Math.max(peakHeap, h.used_heap_size);
    peakHeapCommitted = Math.max(peakHeapCommitted, h.total_heap_size);
  };
  const timer = setInterval(sample, 5);
  const out = sink();
  const started = performance.now();
  // progress is called after every batch: a sample there too, where a batch's memory is at its height
  const result = await writeSelection(ctx, gazetteer, exporter, { format, filters: { sort: 'newest' }, query: '' }, out, { progress: sample });
  sample();
  const seconds = (performance.now() - started) / 1000;
  clearInterval(timer);
  const maxRss = process.resourceUsage().maxRSS * 1024;
  await bench.database.close();
  const r: ChildResult = { format, rows: result.rows, offers: result.offers, bytes: out.bytes, seconds, baseRss, peakRss, maxRss, peakHeap, peakHeapCommitted, lines: Number(counts.rows[0]!.lines) };
  console.log(JSON.stringify(r));
}

async function main(): Promise<void> {
  const bench = await openSeededDatabase('exports', OFFERS);
  try {
    const counts = await sql<{ offers: string; lines: string }>`SELECT (SELECT count(*) FROM offers) AS offers, (SELECT count(*) FROM offer_lines) AS lines`.execute(bench.db);
    const lines = Number(counts.rows[0]!.lines);
    log(`${Number(counts.rows[0]!.offers).toLocaleString('en')} offers, ${lines.toLocaleString('en')} offer lines`);
    // The export processes read the database by name: it must outlive them.
    await sql`SELECT 1`.execute(bench.db);

    // COPY first, twice, so the tables are as warm for it as for the exports after it; again at
    // the end, since others share the machine: the ratio is to the better of the two.
    await copyWithPsql(urlOf(bench.name));
    let copySeconds = await copyWithPsql(urlOf(bench.name));
    log(`COPY TO STDOUT (psql): ${copySeconds.toFixed(2)} s, ${Math.round(lines / copySeconds).toLocaleString('en')} rows/s`);

    const results: ChildResult[] = [];
    for (const format of FORMATS) {
      log(`${format}: exporting in a fresh process (${NODE_FLAGS.join(' ') || 'no flags'})`);
      const r = await exportInChild(format, bench.name);
      if (r.rows !== lines) throw new Error(`${format}: ${r.rows} rows written, ${lines} in the database`);
      results.push(r);
      log(`${format}: ${r.seconds.toFixed(2)} s, peak RSS ${mb(Math.max(r.peakRss, r.maxRss))}`);
    }
    const again = await copyWithPsql(urlOf(bench.name));
    log(`COPY TO STDOUT (psql), again: ${again.toFixed(2)} s`);
    copySeconds = Math.min(copySeconds, again);
    const copyRate = lines / copySeconds;

    console.log(`\nExports of every offer line (${lines.toLocaleString('en')} rows; 1 staff member, contact data included), on this machine:`);
    console.log(`COPY   ${copySeconds.toFixed(2).padStart(7)} s  ${Math.round(copyRate).toLocaleString('en').padStart(9)} rows/s  (psql, output to /dev/null; the better of two runs)`);
    for (const r of results) {
      const rate = r.rows / r.seconds;
      console.log(
        `${r.format.padEnd(6)} ${r.seconds.toFixed(2).padStart(7)} s  ${Math.round(rate).toLocaleString('en').padStart(9)} rows/s  ${(rate / copyRate).toFixed(2)}× COPY  ` +
          `RSS before ${mb(r.baseRss)}, peak ${mb(r.peakRss)} sampled, ${mb(r.maxRss)} process high-water mark  ` +
          `heap peak ${mb(r.peakHeap)} used / ${mb(r.peakHeapCommitted)} committed  file ${mb(r.bytes)}  rows ${r.rows.toLocaleString('en')} = database`,
      );
    }
    console.log(`Node flags of the export processes: ${NODE_FLAGS.join(' ') || '(none)'}. Targets: CSV ≥ 0.5× COPY; peak RSS < 200 MB.`);
    console.log(`Load average after the run: ${os.loadavg().map((l) => l.toFixed(1)).join(' ')} on ${os.cpus().length} cores.`);
  } finally {
    await bench.drop();
  }
}

const format = process.env.BENCH_CHILD as ExportFormat | undefined;
(format ? child(format) : main()).catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
