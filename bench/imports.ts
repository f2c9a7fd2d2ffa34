// Bulk import at scale: writes a 50,000-row file of offers (CSV, and XLSX), then reads and checks
// it by the public form's rules, stores the batch and imports every valid offer in one transaction
// into a PostgreSQL database of the bench's own (seeded with BENCH_OFFERS existing offers, default
// 100,000, so duplicate detection searches a realistic register). Prints rows per second for each
// step and the process's peak memory. Environment: BENCH_ROWS (default 50,000), BENCH_OFFERS,
// BENCH_DATABASE_URL, BENCH_KEEP=1 (see bench/support/seed.ts). Memory is printed per step (peak RSS).
import { performance } from 'node:perf_hooks';
import { PassThrough } from 'node:stream';
import { stringify } from 'csv-stringify/sync';
import ExcelJS from 'exceljs';
import { loadConfig } from '../src/config.js';
import type { StaffMember } from '../src/modules/accounts/index.js';
import { loadGazetteer } from '../src/modules/geography/index.js';
import { importBatch, openBatch, readSheet, settleImportJobs, templateHeaders, uploadImport, COLUMN_KEYS } from '../src/modules/imports/index.js';
import { todayInAthens } from '../src/modules/offers/index.js';
import { systemClock } from '../src/platform/context.js';
import { insertStaffAccount } from '../test/support/factories.js';
import { log, openSeededDatabase } from './support/seed.js';

const ROWS = Number(process.env.BENCH_ROWS ?? 50_000);
const EXISTING = Number(process.env.BENCH_OFFERS ?? 100_000);

// Peak RSS per step: `phase()` starts a new one and returns the last (sampled every 50 ms and at
// each call). Writing the files comes first, in this process too, so it is a step of its own.
let peakRss = 0;
const sample = () => (peakRss = Math.max(peakRss, process.memoryUsage().rss));
const sampler = setInterval(sample, 50);
sampler.unref();
function phase(): number {
  sample();
  const peak = peakRss;
  peakRss = process.memoryUsage().rss;
  return peak;
}
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;
const rate = (n: number, ms: number) => `${Math.round((n / ms) * 1000).toLocaleString('en-GB')} rows/s`;

/** A valid ΑΦΜ from 8 digits: the check digit is Σ dᵢ·2^(8−i) mod 11 mod 10 (ΓΓΠΣ). */
function afm(seed: number): string {
  const body = String(10_000_000 + (seed % 89_999_999)).padStart(8, '0');
  let sum = 0;
  for (let i = 0; i < 8; i++) sum += Number(body[i]) * 2 ** (8 - i);
  return body + String((sum % 11) % 10);
}

const FIRST = ['Γιώργος', 'Μαρία', 'Олена', 'Андрій', 'Ελένη', 'Νίκος', 'Ірина', 'Sophie', 'Κατερίνα', 'Дмитро'];
const GREEK_SYLLABLES = ['κα', 'λο', 'με', 'ρι', 'τσα', 'νο', 'πα', 'δη', 'στρα', 'βο', 'γι', 'θε', 'ξα', 'ζω', 'φι', 'χρυ'];
const CYRILLIC_SYLLABLES = ['ко', 'ва', 'лен', 'шев', 'чен', 'бон', 'да', 'ри', 'мель', 'ник', 'пет', 'ру', 'сен', 'тка'];
/** A surname of 3–4 syllables from the offer's number: realistic spread, so few names look alike. */
function surname(i: number, cyrillic: boolean): string {
  const s = cyrillic ? CYRILLIC_SYLLABLES : GREEK_SYLLABLES;
  let n = i * 2_654_435_761 >>> 0;
  let word = '';
  for (let k = 0; k < 3 + (i % 2); k++) {
    word += s[n % s.length];
    n = Math.floor(n / s.length);
  }
  return word.charAt(0).toUpperCase() + word.slice(1) + (cyrillic ? 'енко' : 'άκης');
}
const REGIONS = ['GR-I', 'GR-B', 'GR-M', 'GR-E', 'GR-A', 'Κρήτη', 'Attiki'];

function dayFirst(days: number): string {
  const [y, m, d] = todayInAthens(new Date(Date.now() + days * 86_400_000)).split('-');
  return `${Number(d)}/${Number(m)}/${y}`;
}

/** One file row: mostly valid offers of every kind, a few with mistakes (2%), every 10th offer with two lines. */
function row(line: number): Record<string, string> {
  // The second row of a two-line offer repeats its first row's offer columns.
  const i = line % 20 === 1 ? line - 1 : line;
  const person = `${FIRST[i % FIRST.length]} ${surname(i, i % 5 === 0)}`;
  const greek = i % 5 !== 0;
  const base: Record<string, string> = {
    offer_key: `K${i}`,
    organisation_kind: i % 3 === 0 ? 'Ιδιώτης' : i % 3 === 1 ? 'ngo' : 'Δήμος',
    registered_in_greece: greek ? 'Ναι' : 'Όχι',
    legal_name: i % 3 === 0 ? person : `${['Σύλλογος', 'Δίκτυο', 'Ένωση', 'Ίδρυμα'][i % 4]} ${surname(i * 31 + 7, false)}`,
    tax_id: greek ? afm(i * 7919) : `UA${String(10_000_000 + i)}`,
    country: greek ? '' : 'UA',
    street: `Οδός ${i % 300} ${1 + (i % 90)}`,
    postcode: greek ? String(10_431 + (i % 70_000)).padStart(5, '0') : String(i % 99_999).padStart(5, '0'),
    city: greek ? 'Αθήνα' : 'Київ',
    organisation_region: greek ? REGIONS[i % REGIONS.length]! : '',
    contact_name: person,
    phone: greek ? `210${String(1_000_000 + i).slice(-7)}` : `+38050${String(1_000_000 + i).slice(-7)}`,
    email: `offeror${i}@example.org`,
    preferred_language: ['el', 'Українська', 'English'][i % 3]!,
    privacy_notice: i % 50 === 49 ? 'όχι' : 'Ναι',
    share_with_partners: 'Ναι',
  };
  switch (line % 4) {
    case 0:
      return { ...base, line_kind: 'Στέγαση', category: 'Διαμέρισμα', places: String(1 + (i % 8)), rooms: '1', line_region: REGIONS[i % REGIONS.length]!, available_from: dayFirst(5), cost_basis: 'Δωρεάν', step_free_access: 'Όχι', suitable_for: 'Οικογένειες, Παιδιά' };
    case 1:
      return { ...base, line_kind: 'service', category: 'legal_aid', description: 'Νομική συμβουλευτική για άσυλο\nκαι άδειες διαμονής', languages: 'el, uk', delivery: 'remote', capacity_per_week: '12', available_from: dayFirst(2), cost_basis: 'free' };
    case 2:
      return { ...base, line_kind: 'Είδη πρώτης ανάγκης', category: 'Είδη υγιεινής', description: 'Κιτ υγιεινής', quantity: String(50 + line), unit: 'kits', condition: 'new', line_region: 'GR-B', can_deliver: 'Ναι', delivery_area: 'Θεσσαλονίκη' };
    default:
      return { ...base, line_kind: 'money', amount: `${1 + (line % 900)}.000,00`, frequency: 'one_off', purpose: 'Ενοίκια' };
  }
}

function csvFile(rows: number): Buffer {
  const records = [templateHeaders('el')];
  for (let i = 0; i < rows; i++) {
    const r = row(i);
    records.push(COLUMN_KEYS.map((k) => r[k] ?? ''));
  }
  return Buffer.from(`\uFEFF${stringify(records, { delimiter: ';' })}`, 'utf8');
}

/** The XLSX through exceljs's streaming writer, row by row (its in-memory workbook took gigabytes). */
async function xlsxFile(rows: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  const out = new PassThrough();
  out.on('data', (c: Buffer) => chunks.push(c));
  const ended = new Promise((resolve) => out.on('end', resolve));
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useSharedStrings: true, useStyles: false });
  const sheet = workbook.addWorksheet('Offers');
  sheet.addRow(templateHeaders('en')).commit();
  for (let i = 0; i < rows; i++) {
    const r = row(i);
    sheet.addRow(COLUMN_KEYS.map((k) => r[k] ?? null)).commit();
  }
  sheet.commit();
  await workbook.commit();
  await ended;
  return Buffer.concat(chunks);
}

async function main(): Promise<void> {
  log(`writing ${ROWS.toLocaleString('en-GB')} rows`);
  const csv = csvFile(ROWS);
  const xlsx = await xlsxFile(ROWS);
  log(`CSV ${mb(csv.length)}, XLSX ${mb(xlsx.length)} (peak RSS writing them: ${mb(phase())})`);

  const bench = await openSeededDatabase('imports', EXISTING, 6);
  try {
    const gazetteer = await loadGazetteer(bench.db);
    const config = { ...loadConfig({ NODE_ENV: 'test', SESSION_SECRET: 'bench-secret-bench-secret-bench-secret-0', LOG_LEVEL: 'silent' }) };
    config.imports = { maxBytes: 256 * 1024 * 1024, maxRows: Math.max(ROWS, 50_000), ttlHours: 24 };
    const ctx = { db: bench.db, engine: 'postgres' as const, config, clock: systemClock };
    const account = await insertStaffAccount(bench.db, { role: 'coordinator', language: 'en' });
    const member: StaffMember = { id: account.id, email: account.email, name: 'Bench', role: 'coordinator', language: 'en', mustChangePassword: false, regions: [], totpEnrolled: true, pendingStep: null } as StaffMember;

    for (const [name, data] of [['CSV', csv], ['XLSX', xlsx]] as const) {
      const t0 = performance.now();
      const sheet = await readSheet({ name: `offers.${name.toLowerCase()}`, data }, { maxRows: ROWS });
      const readMs = performance.now() - t0;
      phase();
      log(`${name}: read ${sheet.rows.length.toLocaleString('en-GB')} rows in ${(readMs / 1000).toFixed(2)} s (${rate(sheet.rows.length, readMs)}; peak RSS ${mb(phase())})`);
    }

    // The whole path as staff use it: upload (read, keep the batch, check and store every offer in
    // the background), then import the valid offers in one transaction.
    phase();
    let t0 = performance.now();
    const uploaded = await uploadImport(ctx, member, { name: 'offers.csv', data: csv, truncated: false }, gazetteer);
    if (!uploaded.ok) throw new Error(`upload refused: ${uploaded.problem.code}`);
    await settleImportJobs();
    const uploadMs = performance.now() - t0;
    const checked = (await openBatch(ctx, uploaded.batchId))!;
    log(`upload + check by the form's rules + store batch: ${checked.rowCount.toLocaleString('en-GB')} rows, ${checked.offerCount.toLocaleString('en-GB')} offers (${checked.validOfferCount.toLocaleString('en-GB')} valid, ${checked.rejectedRowCount} rows rejected) in ${(uploadMs / 1000).toFixed(2)} s (${rate(checked.rowCount, uploadMs)}; peak RSS ${mb(phase())})`);

    t0 = performance.now();
    const started = await importBatch(ctx, member, uploaded.batchId, gazetteer);
    if (started !== 'started') throw new Error(`import refused: ${started}`);
    // What the batch's page shows meanwhile (progress is written outside the import's transaction).
    const progress = setInterval(() => {
      void openBatch(ctx, uploaded.batchId).then((b) => b && log(`… ${b.processed.toLocaleString('en-GB')} of ${b.validOfferCount.toLocaleString('en-GB')} offers imported (${Math.round((b.processed / (performance.now() - t0)) * 1000)} offers/s)`));
    }, 30_000);
    await settleImportJobs();
    clearInterval(progress);
    const importMs = performance.now() - t0;
    const done = (await openBatch(ctx, uploaded.batchId))!;
    if (done.status !== 'imported') throw new Error(`import ended as ${done.status} (${done.failure})`);
    const validRows = checked.rowCount - checked.rejectedRowCount;
    log(`import (one transaction, duplicate detection against ${EXISTING.toLocaleString('en-GB')} offers): ${done.importedCount!.toLocaleString('en-GB')} offers from ${validRows.toLocaleString('en-GB')} rows in ${(importMs / 1000).toFixed(1)} s (${rate(validRows, importMs)}; ${Math.round((done.importedCount! / importMs) * 1000)} offers/s; peak RSS ${mb(phase())})`);
  } finally {
    await bench.drop();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
