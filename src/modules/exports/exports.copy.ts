// CSV exports on PostgreSQL written by PostgreSQL itself: `COPY (SELECT …) TO STDOUT (FORMAT csv)`
// over the same rows, order and snapshot as the cursor the other formats read (exports.repository
// streamExportRows), with every cell already in its final form — labels in the member's language,
// place names, decimal commas, identifiers and phones as `="…"`, free text made inert — so this
// process only adds the header, turns PostgreSQL's LF record ends into CRLF and passes bytes on.
//
// Why: a cursor never gets a parallel plan and every row then costs node-postgres's parsing and a
// cell-by-cell formatting in JavaScript (over a million lines, 33 s against COPY's 7 s,
// bench/exports.ts); COPY of a query is planned in parallel and its output needs no parsing.
//
// The cell rules are those of exports.formats.ts (csvCell): the label and place look-ups are
// built here from the same label tables and gazetteer, already made inert where needed, and the
// three pattern rules (FORMULA_START_PATTERN, NUMBER_LIKE_PATTERN, E164_PATTERN) are the same
// strings in both. exports.copy.test.ts checks that this file and the row-by-row writer produce
// the same bytes for the same offers, hostile values included.
//
// COPY takes no bind parameters: the queue's condition is compiled by Kysely and its parameters
// written into the statement as quoted literals (pg's escapeLiteral), the way psql would.
import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import pg from 'pg';
import { to as copyTo } from 'pg-copy-streams';
import type { Writable } from 'node:stream';
import { postgresPoolOf } from '../../platform/db/database.js';
import type { DB } from '../../platform/db/schema.js';
import type { StaffLang } from '../../platform/i18n/index.js';
import type { Gazetteer } from '../geography/index.js';
import {
  CHANNEL_LABELS,
  CONDITION_LABELS,
  COST_BASIS_LABELS,
  DELIVERY_LABELS,
  FREQUENCY_LABELS,
  label,
  LINE_KIND_LABELS,
  OFFER_STATUS_LABELS,
  ORGANISATION_KIND_LABELS,
  SERVICE_LANGUAGES,
  SUITABLE_FOR_LABELS,
  UNIT_LABELS,
} from '../offers/index.js';
import {
  CATEGORY_LABELS,
  columnsFor,
  CONTACT_OUTCOME_LABELS,
  languageLabel,
  LINE_COLUMNS,
  OFFER_COLUMNS,
  regionalUnitOf,
  YES_NO,
  type ColumnType,
} from './exports.columns.js';
import { csvRecord, E164_PATTERN, ExportAbortedError, FORMULA_START_PATTERN, inertText, NUMBER_LIKE_PATTERN, put, putAll, type WriteResult } from './exports.formats.js';
import type { ExportSelection } from './exports.repository.js';

type Labels = Parameters<typeof label>[0];

/** An SQL literal for a value of a compiled query's parameters (as node-postgres would send it). */
function literal(v: unknown): string {
  if (v === null || v === undefined) return 'NULL';
  if (typeof v === 'string') return pg.escapeLiteral(v);
  if (typeof v === 'number' || typeof v === 'bigint') {
    if (typeof v === 'number' && !Number.isFinite(v)) throw new TypeError(`cannot write ${v} into a COPY statement`);
    return `'${String(v)}'`;
  }
  if (typeof v === 'boolean') return v ? `'true'` : `'false'`;
  if (v instanceof Date) return pg.escapeLiteral(v.toISOString());
  if (Array.isArray(v)) {
    const items = v.map((x) => {
      if (x === null || x === undefined) return 'NULL';
      if (typeof x !== 'string' && typeof x !== 'number') throw new TypeError('cannot write a nested or non-scalar array into a COPY statement');
      return `"${String(x).replaceAll('\\', '\\\\').replaceAll('"', '\\"')}"`;
    });
    return pg.escapeLiteral(`{${items.join(',')}}`);
  }
  throw new TypeError(`cannot write a ${typeof v} into a COPY statement`);
}

/** `sql` with its `$n` placeholders replaced by literals of `parameters`. */
export function inlineParameters(text: string, parameters: readonly unknown[]): string {
  const used = new Set<number>();
  const out = text.replace(/\$(\d+)(?!\d)/g, (_, n: string) => {
    const i = Number(n) - 1;
    if (i < 0 || i >= parameters.length) throw new Error(`placeholder $${n} has no parameter`);
    used.add(i);
    return literal(parameters[i]);
  });
  if (used.size !== parameters.length) throw new Error(`${parameters.length - used.size} parameters have no placeholder`);
  return out;
}

// --- cells in SQL ---------------------------------------------------------------------------------

const str = (v: string) => pg.escapeLiteral(v);
/** exports.formats inertText */
const inert = (x: string) => `CASE WHEN ${x} ~ ${str(FORMULA_START_PATTERN)} THEN '''' || ${x} ELSE ${x} END`;
/** exports.formats excelIdentifier */
const identifier = (x: string) => `CASE WHEN ${x} ~ ${str(NUMBER_LIKE_PATTERN)} THEN '="' || ${x} || '"' ELSE ${inert(x)} END`;
/** exports.formats excelPhone */
const phone = (x: string) => `CASE WHEN ${x} ~ ${str(E164_PATTERN)} THEN '="' || ${x} || '"' ELSE ${inert(x)} END`;
/** A constant look-up table: jsonb keeps an object's keys sorted, so `->>` is a binary search. */
const table = (entries: Iterable<[string, string]>) => `${str(JSON.stringify(Object.fromEntries(entries)))}::jsonb`;

/** What the SQL of a cell may use: the member's language and the CSV's decimal separator. */
type CellContext = { lang: StaffLang; decimalComma: boolean; gazetteer: Gazetteer };

/**
 * A cell's SQL by its column type, from the expression of its value: exports.formats csvCell.
 * (`label` columns are not here: their look-ups hold finished cells, see `labelled`.)
 */
function typed(type: Exclude<ColumnType, 'label'>, x: string, c: CellContext): string {
  switch (type) {
    case 'text':
      return inert(x);
    case 'id':
      return identifier(x);
    case 'phone':
      return phone(x);
    case 'bool': {
      const [yes, no] = YES_NO[c.lang];
      return `CASE WHEN ${x} THEN ${str(yes)} WHEN NOT ${x} THEN ${str(no)} END`;
    }
    case 'decimal':
      return c.decimalComma ? `replace(${x}, '.', ',')` : x;
    case 'int':
      return `${x}::text`;
    case 'date':
      return `to_char(${x}, 'YYYY-MM-DD')`;
    case 'datetime':
      return x;
  }
}

/** A label column: the code looked up in a table of finished cells (csvCell of the label); an unknown code as itself, inert. */
const labelled = (entries: Iterable<[string, string]>, x: string) => `coalesce(${table([...entries].map(([k, v]) => [k, inertText(v)]))} ->> ${x}, ${inert(x)})`;
const labelsOf = (labels: Labels, lang: StaffLang): [string, string][] => Object.keys(labels).map((k) => [k, label(labels, k, lang)]);
/** A list of codes as their labels joined by ", " (exports.columns `list`); the whole made inert. */
const labelledList = (entries: [string, string][], x: string) => {
  const joined = `array_to_string(ARRAY(SELECT coalesce(${table(entries)} ->> e.code, e.code) FROM unnest(${x}) WITH ORDINALITY AS e(code, n) ORDER BY e.n), ', ')`;
  return `(SELECT ${inert('j.v')} FROM (SELECT ${joined} AS v) AS j)`;
};

/** The language codes an offer or a service line can hold (the form's and the import's choices). */
const LANGUAGE_CODES = [...new Set<string>(['el', 'en', 'uk', ...SERVICE_LANGUAGES])];

/** Each export column's cell in SQL, by its key (exports.columns OFFER_COLUMNS, LINE_COLUMNS). */
function cellSql(key: string, c: CellContext): string {
  const g = c.gazetteer;
  const places = () => g.codes().map((code): [string, string] => [code, g.unitName(code, c.lang)]);
  const place = (x: string) => labelled(places(), x);
  const languages = () => LANGUAGE_CODES.map((code): [string, string] => [code, languageLabel(code, c.lang)]);
  switch (key) {
    // the offer
    case 'reference':
      return typed('id', `(CASE WHEN length(offers.reference) = 9 THEN substr(offers.reference, 1, 3) || '-' || substr(offers.reference, 4, 3) || '-' || substr(offers.reference, 7) ELSE offers.reference END)`, c);
    case 'submitted_at':
      return typed('datetime', `to_char(offers.submitted_at AT TIME ZONE 'Europe/Athens', 'YYYY-MM-DD HH24:MI')`, c);
    case 'status':
      return labelled(labelsOf(OFFER_STATUS_LABELS, c.lang), 'offers.status');
    case 'channel':
      return labelled(labelsOf(CHANNEL_LABELS, c.lang), 'offers.channel');
    case 'language':
      return labelled(languages(), 'offers.language');
    case 'possible_duplicate':
      return typed('bool', 'offers.possible_duplicate', c);
    case 'last_contact_outcome':
      return labelled(labelsOf(CONTACT_OUTCOME_LABELS, c.lang), 'offers.last_contact_outcome');
    case 'organisation_kind':
      return labelled(labelsOf(ORGANISATION_KIND_LABELS, c.lang), 'offers.organisation_kind');
    case 'legal_name':
    case 'distinctive_title':
    case 'website':
    case 'legal_representative':
    case 'contact_name':
    case 'contact_role':
    case 'contact_email':
    case 'street':
    case 'city':
      return typed('text', `g.${key}`, c);
    case 'country':
    case 'tax_id':
    case 'registry_number':
    case 'postcode':
      return typed('id', `g.${key}`, c);
    case 'contact_phone':
      return typed('phone', 'g.contact_phone', c);
    case 'organisation_region':
      return place('g.region_code');
    case 'organisation_municipality':
      return place('g.municipality_code');
    // the line
    case 'line':
      return typed('int', 'l.position', c);
    case 'kind':
      return labelled(labelsOf(LINE_KIND_LABELS, c.lang), 'l.kind');
    case 'category': {
      const entries = Object.entries(CATEGORY_LABELS).flatMap(([kind, labels]) => labelsOf(labels, c.lang).map(([k, v]): [string, string] => [`${kind}:${k}`, v]));
      return `CASE WHEN l.kind IS NOT NULL AND l.category IS NOT NULL THEN coalesce(${table(entries.map(([k, v]) => [k, inertText(v)]))} ->> (l.kind || ':' || l.category), ${inert('l.category')}) END`;
    }
    case 'description':
    case 'address':
    case 'delivery_area':
    case 'purpose':
      return typed('text', `l.${key}`, c);
    case 'region_code':
    case 'municipality_code':
    case 'currency':
      return typed('id', `l.${key}`, c);
    case 'region':
      return place('l.region_code');
    case 'regional_unit': {
      const entries = g.codes().flatMap((code): [string, string][] => {
        const unit = regionalUnitOf(code, g);
        return unit ? [[code, g.unitName(unit, c.lang)]] : [];
      });
      return `(${table(entries.map(([k, v]) => [k, inertText(v)]))} ->> l.municipality_code)`;
    }
    case 'municipality':
      return place('l.municipality_code');
    case 'available_from':
    case 'available_until':
    case 'expiry':
      return typed('date', `l.${key}`, c);
    case 'cost_basis':
      return labelled(labelsOf(COST_BASIS_LABELS, c.lang), 'l.cost_basis');
    case 'places':
    case 'rooms':
    case 'capacity_per_week':
    case 'quantity':
      return typed('int', `l.${key}`, c);
    case 'step_free_access':
    case 'can_deliver':
      return typed('bool', `l.${key}`, c);
    case 'suitable_for':
      return labelledList(labelsOf(SUITABLE_FOR_LABELS, c.lang), 'l.suitable_for');
    case 'languages':
      return labelledList(languages(), 'l.languages');
    case 'delivery':
      return labelled(labelsOf(DELIVERY_LABELS, c.lang), 'l.delivery');
    case 'unit':
      return labelled(labelsOf(UNIT_LABELS, c.lang), 'l.unit');
    case 'condition':
      return labelled(labelsOf(CONDITION_LABELS, c.lang), 'l.condition');
    case 'amount':
      return typed('decimal', 'l.amount::text', c);
    case 'frequency':
      return labelled(labelsOf(FREQUENCY_LABELS, c.lang), 'l.frequency');
    default:
      throw new Error(`no SQL for the export column ${key}`);
  }
}

/**
 * The statement PostgreSQL writes the CSV's records with (no header): the export's columns for
 * the member (contact columns only with `contact`), each cell finished, an empty cell as NULL so
 * COPY leaves it bare as the row-by-row writer does.
 */
export function csvCopyStatement(db: Kysely<DB>, selection: ExportSelection, o: { lang: StaffLang; contact: boolean; gazetteer: Gazetteer; delimiter: ';' | ',' }): string {
  const c: CellContext = { lang: o.lang, decimalComma: o.delimiter === ';', gazetteer: o.gazetteer };
  const columns = [...columnsFor(OFFER_COLUMNS, o.contact), ...columnsFor(LINE_COLUMNS, o.contact)];
  const cells = columns.map((col) => `nullif(${cellSql(col.key, c)}, '')`).join(',\n  ');
  const dir = selection.sort === 'newest' ? 'DESC' : 'ASC';
  const where = sql`${selection.where} AND offers.submitted_at <= ${selection.asOf}::timestamptz`.compile(db);
  const query = `SELECT ${cells}
FROM offers
JOIN organisations g ON g.id = offers.organisation_id
LEFT JOIN offer_lines l ON l.offer_id = offers.id
WHERE ${inlineParameters(where.sql, where.parameters)}
ORDER BY offers.submitted_at ${dir}, offers.id ${dir}, l.position`;
  return `COPY (${query}) TO STDOUT (FORMAT csv, DELIMITER ${str(o.delimiter)})`;
}

const QUOTE = 0x22;
const LF = 0x0a;
const CRLF = Buffer.from('\r\n');

/**
 * Turns the record ends of PostgreSQL's CSV (LF) into CRLF (RFC 4180), leaving line breaks inside
 * quoted cells as they are; counts records. Fed the output a chunk at a time (a record may span
 * chunks): a quote toggles being inside a cell (a doubled quote toggles twice).
 */
export class CsvRecordEnds {
  private quoted = false;
  records = 0;

  /**
   * The chunk with each record's LF as CRLF, as pieces of the chunk itself and CRLFs (no copy:
   * a million lines' CSV is half a gigabyte of buffers otherwise).
   */
  convert(chunk: Buffer): Buffer[] {
    const parts: Buffer[] = [];
    let from = 0;
    let at = 0;
    while (at < chunk.length) {
      if (this.quoted) {
        const q = chunk.indexOf(QUOTE, at);
        if (q < 0) break;
        this.quoted = false;
        at = q + 1;
        continue;
      }
      const q = chunk.indexOf(QUOTE, at);
      const n = chunk.indexOf(LF, at);
      if (n >= 0 && (q < 0 || n < q)) {
        parts.push(chunk.subarray(from, n), CRLF);
        this.records++;
        from = at = n + 1;
      } else if (q >= 0) {
        this.quoted = true;
        at = q + 1;
      } else break;
    }
    if (from < chunk.length) parts.push(from === 0 ? chunk : chunk.subarray(from));
    return parts;
  }
}

/** How often progress is told, in records. */
const PROGRESS_EVERY = 5000;

/**
 * Writes a CSV export (exports.formats writeCsv's file) to `out` through COPY on PostgreSQL: the
 * byte order mark and header here, the records by PostgreSQL, in one read-only REPEATABLE READ
 * transaction that also counts the offers. Does not end `out`.
 * @throws ExportAbortedError if `out` closes first or `signal` aborts (the connection is then
 *   closed rather than returned to the pool: a COPY cannot be stopped half-way otherwise);
 *   database errors. An error if `db` is not a PostgreSQL database opened by openDatabase.
 */
export async function copyCsv(
  db: Kysely<DB>,
  selection: ExportSelection,
  out: Writable,
  o: { lang: StaffLang; contact: boolean; gazetteer: Gazetteer; delimiter: ';' | ','; progress?: (done: number) => Promise<void> | void; signal?: AbortSignal },
): Promise<WriteResult> {
  const pool = postgresPoolOf(db);
  if (!pool) throw new Error('a CSV export by COPY needs a PostgreSQL database');
  const statement = csvCopyStatement(db, selection, o);
  const columns = [...columnsFor(OFFER_COLUMNS, o.contact), ...columnsFor(LINE_COLUMNS, o.contact)];
  const client = await pool.connect();
  let broken: Error | undefined;
  try {
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    // as streamExportRows: the sort of a large export spills to disk less (bench/exports.ts)
    await client.query(`SET LOCAL work_mem = '64MB'`);
    const count = sql<{ n: string }>`SELECT count(*) AS n FROM offers WHERE ${selection.where} AND offers.submitted_at <= ${selection.asOf}::timestamptz`.compile(db);
    const counted = await client.query<{ n: string }>(count.sql, count.parameters as unknown[]);
    const offers = Number(counted.rows[0]!.n);
    await put(out, '\ufeff' + csvRecord(columns.map((col) => col.header[o.lang]), o.delimiter));
    const ends = new CsvRecordEnds();
    let told = 0;
    const stream = client.query(copyTo(statement));
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      if (o.signal?.aborted) throw o.signal.reason instanceof Error ? o.signal.reason : new ExportAbortedError('export stopped');
      await putAll(out, ends.convert(chunk));
      if (o.progress && ends.records - told >= PROGRESS_EVERY) {
        told = ends.records;
        await o.progress(told);
      }
    }
    if (stream.rowCount !== ends.records) throw new Error(`COPY sent ${stream.rowCount} rows, ${ends.records} records read`);
    await client.query('COMMIT');
    await o.progress?.(ends.records);
    return { offers, rows: ends.records };
  } catch (err) {
    broken = err instanceof Error ? err : new Error(String(err));
    throw err;
  } finally {
    // A connection left inside a COPY or a failed transaction is closed, not reused.
    client.release(broken);
  }
}
