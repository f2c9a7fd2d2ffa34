// The export formats: CSV for Excel (`;` or `,`), XLSX, JSON Lines and HXL 3W. Each writer reads
// batches of rows (whole offers, in order) and writes to a Writable, waiting whenever the
// Writable asks it to (backpressure), so memory holds about one batch whatever the export's size.
// Pure formatting: no database, no HTTP.
import { once } from 'node:events';
import { finished } from 'node:stream/promises';
import type { Writable } from 'node:stream';
import type { StaffLang } from '../../platform/i18n/index.js';
import type { Gazetteer } from '../geography/index.js';
import { formatReference } from '../offers/index.js';
import { columnsFor, HXL_COLUMNS, LINE_COLUMNS, OFFER_COLUMNS, YES_NO, type Cell, type ColumnContext, type ColumnType } from './exports.columns.js';
import { writeWorkbook, XLSX_SHEET_ROWS } from './exports.xlsx.js';
import type { ExportRow } from './exports.repository.js';

export const EXPORT_FORMATS = ['csv', 'csv-comma', 'xlsx', 'jsonl', 'hxl'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export const FORMAT_FILES: Record<ExportFormat, { extension: string; contentType: string; name: string }> = {
  csv: { extension: 'csv', contentType: 'text/csv; charset=utf-8; header=present', name: 'offers' },
  'csv-comma': { extension: 'csv', contentType: 'text/csv; charset=utf-8; header=present', name: 'offers' },
  xlsx: { extension: 'xlsx', contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', name: 'offers' },
  jsonl: { extension: 'jsonl', contentType: 'application/jsonl; charset=utf-8', name: 'offers' },
  hxl: { extension: 'csv', contentType: 'text/csv; charset=utf-8; header=present', name: 'offers-3w-hxl' },
};

/** Where rows come from: whole offers, a batch at a time, in the export's order; `lines` false reads offers alone. */
export type RowSource = (options: { lines: boolean }) => AsyncIterable<ExportRow[]>;

export type WriteOptions = {
  lang: StaffLang;
  /** whether personal contact data is written (accounts policy `offers.view_contact`); HXL never has it */
  contact: boolean;
  gazetteer: Gazetteer;
  /** called after each batch with the units written so far (rows of lines; for XLSX offers then lines) */
  progress?: (done: number) => Promise<void> | void;
};

/** What a file holds: offers, and rows of offer lines (an offer without lines counts as one row). */
export type WriteResult = { offers: number; rows: number };

/** The cause of an export stopped because its reader went away (a closed download). */
export class ExportAbortedError extends Error {
  readonly code = 'export_aborted';
}

/** Writes `chunk`, then waits while the Writable's buffer is full; throws if it closes first. */
export async function put(out: Writable, chunk: string | Buffer): Promise<void> {
  if (out.destroyed || out.writableEnded) throw new ExportAbortedError('the export’s reader has gone');
  out.write(chunk);
  await drained(out);
}

/**
 * Writes `chunks` as one (corked, so a stream that can write several at once gets them together),
 * then waits while the Writable's buffer is full; throws if it closes first.
 */
export async function putAll(out: Writable, chunks: readonly Buffer[]): Promise<void> {
  if (out.destroyed || out.writableEnded) throw new ExportAbortedError('the export’s reader has gone');
  out.cork();
  for (const chunk of chunks) out.write(chunk);
  out.uncork();
  await drained(out);
}

/** Resolves when `out` has drained; rejects when it closes or fails first (or already has). */
async function drained(out: Writable): Promise<void> {
  if (out.destroyed) throw new ExportAbortedError('the export’s reader has gone');
  if (!out.writableNeedDrain) return;
  const ac = new AbortController();
  try {
    await Promise.race([once(out, 'drain', { signal: ac.signal }), once(out, 'close', { signal: ac.signal }).then(() => Promise.reject(new ExportAbortedError('the export’s reader has gone')))]);
  } finally {
    ac.abort();
  }
}

// --- CSV ------------------------------------------------------------------------------------

/**
 * Cells Excel, LibreOffice and Google Sheets would run as a formula: those starting with `=`,
 * `+`, `-`, `@`, a tab or a carriage return (OWASP, «CSV Injection»).
 */
export const FORMULA_START_PATTERN = '^[=+\\-@\\t\\r]';
const FORMULA_START = new RegExp(FORMULA_START_PATTERN);

/**
 * Free text made inert against formula injection: a cell starting with one of FORMULA_START
 * gets a leading apostrophe, what OWASP's «CSV Injection» guidance recommends — the spreadsheet
 * then shows the text, apostrophe and all, and never evaluates it. Text that starts otherwise is
 * written as it is (a formula cannot start in the middle of a properly quoted cell).
 */
export function inertText(value: string): string {
  return FORMULA_START.test(value) ? `'${value}` : value;
}

/** What Excel would turn into a number or a date on opening a CSV, losing leading zeros or digits. */
export const NUMBER_LIKE_PATTERN = '^[0-9][0-9 .,:/-]*$|^[0-9]+[eE][0-9]+$';
const NUMBER_LIKE = new RegExp(NUMBER_LIKE_PATTERN);

/**
 * An identifier (ΑΦΜ, reference, postcode, registry number, region code) kept exactly as stored.
 * Excel reads a CSV cell of digits as a number («012345678» becomes 12345678, a long one is
 * rounded, «1E5» is 100000) and there is no way to mark a CSV cell as text; so a value that looks
 * like a number is written as the text formula `="012345678"`, which Excel, LibreOffice and
 * Google Sheets show as the text 012345678. It is a formula, but one we write around a value
 * that holds only digits and separators (NUMBER_LIKE), so nothing from outside can run in it.
 * Anything else is written as it is, made inert like free text.
 */
export function excelIdentifier(value: string): string {
  return NUMBER_LIKE.test(value) ? `="${value}"` : inertText(value);
}

/** A phone number as the database holds it: `+` and 7 to 15 digits (E.164). */
export const E164_PATTERN = '^\\+[0-9]{7,15}$';
const E164 = new RegExp(E164_PATTERN);

/**
 * A phone number in E.164 («+306912345678»). As it is, a spreadsheet would evaluate it (a
 * leading `+` starts a formula) and show 3.06912E+11; with OWASP's apostrophe it would be safe
 * but could not be dialled or pasted without editing. Written as the text formula
 * `="+306912345678"` it shows as the number people dial and copy, and nothing runs: the database
 * only ever holds `+` and digits there (CHECK contact_phone ~ '^\+[1-9][0-9]{6,14}$', 0002), and
 * anything else falls back to free text's treatment.
 */
export function excelPhone(value: string): string {
  return E164.test(value) ? `="${value}"` : inertText(value);
}

// The three patterns above are written so that JavaScript and PostgreSQL's regular expressions
// (ARE) read them alike: exports.copy.ts applies the same rules inside PostgreSQL.

/**
 * A cell for CSV: `decimalComma` for the Greek Excel (`;` files), where `.` separates thousands;
 * `excel` false (HXL, read by systems) writes identifiers as they are, made inert only.
 */
function csvCell(type: ColumnType, v: Cell, decimalComma: boolean, yesNo: [string, string], excel = true): string {
  if (v === null || v === '') return '';
  switch (type) {
    case 'text':
    case 'label':
      return inertText(String(v));
    case 'id':
      return excel ? excelIdentifier(String(v)) : inertText(String(v));
    case 'phone':
      return excel ? excelPhone(String(v)) : inertText(String(v));
    case 'bool':
      return v ? yesNo[0] : yesNo[1];
    case 'decimal':
      return decimalComma ? String(v).replace('.', ',') : String(v);
    default:
      return String(v);
  }
}

/**
 * One CSV record (RFC 4180): cells joined by `delimiter`, a cell holding the delimiter, a quote,
 * CR or LF quoted with its quotes doubled, CRLF at the end. This is byte for byte what
 * csv-stringify writes with `{ delimiter, record_delimiter: '\r\n', quoted_match: /[\r\n]/ }`
 * (exports.formats.test.ts checks it against csv-stringify on random text), written out here
 * because csv-stringify spends about 0.15 ms a record of 54 cells (measured, bench/exports.ts
 * development: 440 ms against 55 ms for 3,000 records), which alone would make an export of a
 * million lines several times slower than PostgreSQL's COPY, against the target of half
 * its speed.
 */
export function csvRecord(cells: readonly string[], delimiter: ';' | ','): string {
  const special = delimiter === ';' ? SPECIAL_SEMICOLON : SPECIAL_COMMA;
  let line = '';
  for (let i = 0; i < cells.length; i++) {
    const v = cells[i]!;
    if (i > 0) line += delimiter;
    line += special.test(v) ? `"${v.replaceAll('"', '""')}"` : v;
  }
  return line + '\r\n';
}
const SPECIAL_SEMICOLON = /[";\r\n]/;
const SPECIAL_COMMA = /[",\r\n]/;

/**
 * CSV for Excel: UTF-8 with a byte order mark (without it Excel reads Greek and Cyrillic as
 * Windows-1252 mojibake), `;` between cells by default — what Excel expects where the decimal
 * separator is a comma, as in Greece — or `,`; CRLF between records, and cells holding the
 * separator, a quote or a line break quoted with quotes doubled (RFC 4180), so a line break in a
 * description never splits a row. One row per offer line with its offer's columns repeated.
 */
async function writeCsv(source: RowSource, out: Writable, o: WriteOptions, delimiter: ';' | ','): Promise<WriteResult> {
  const columns = [...columnsFor(OFFER_COLUMNS, o.contact), ...columnsFor(LINE_COLUMNS, o.contact)];
  const c: ColumnContext = { lang: o.lang, gazetteer: o.gazetteer };
  const decimalComma = delimiter === ';';
  const yesNo = YES_NO[o.lang];
  await put(out, '\ufeff' + csvRecord(columns.map((col) => col.header[o.lang]), delimiter));
  let offers = 0;
  let rows = 0;
  let last = '';
  const cells: string[] = new Array<string>(columns.length);
  for await (const batch of source({ lines: true })) {
    let text = '';
    for (const row of batch) {
      if (row.offer_id !== last) {
        offers++;
        last = row.offer_id;
      }
      for (let i = 0; i < columns.length; i++) {
        const col = columns[i]!;
        cells[i] = csvCell(col.type, col.value(row, c), decimalComma, yesNo);
      }
      text += csvRecord(cells, delimiter);
    }
    rows += batch.length;
    await put(out, text);
    await o.progress?.(rows);
  }
  return { offers, rows };
}

/**
 * HXL 3W (hxlstandard.org 1.1): CSV with `,`, a header row, then the hashtag row, then one row
 * per offer line. Codes are written as they are (HXL tools read them as text; the `="…"` form
 * for Excel would reach them as garbage); text is still made inert. UTF-8 with a byte order
 * mark, which HXL tools, pandas ('utf-8-sig') and csv-parse skip and Excel needs to read
 * non-Latin names. No contact data, whoever exports.
 */
async function writeHxl(source: RowSource, out: Writable, o: WriteOptions): Promise<WriteResult> {
  await put(out, '\ufeff' + csvRecord(HXL_COLUMNS.map((h) => h.header), ',') + csvRecord(HXL_COLUMNS.map((h) => h.hashtag), ','));
  let offers = 0;
  let rows = 0;
  let last = '';
  for await (const batch of source({ lines: true })) {
    let text = '';
    for (const row of batch) {
      if (row.offer_id !== last) {
        offers++;
        last = row.offer_id;
      }
      text += csvRecord(HXL_COLUMNS.map((h) => csvCell(h.type, h.value(row, o.gazetteer), false, YES_NO.en, false)), ',');
    }
    rows += batch.length;
    await put(out, text);
    await o.progress?.(rows);
  }
  return { offers, rows };
}

// --- JSON Lines -----------------------------------------------------------------------------

/**
 * JSON Lines (jsonlines.org): one offer a line, its lines nested, codes rather than words (for
 * systems), amounts as decimal strings so no cent is lost, the submission time in UTC with
 * microseconds. Contact data in `organisation.contact` and `lines[].address` only when allowed.
 */
async function writeJsonLines(source: RowSource, out: Writable, o: WriteOptions): Promise<WriteResult> {
  let offers = 0;
  let rows = 0;
  for await (const batch of source({ lines: true })) {
    let text = '';
    let current: Record<string, unknown> | null = null;
    let lines: Record<string, unknown>[] = [];
    const flush = () => {
      if (current) text += JSON.stringify({ ...current, lines }) + '\n';
    };
    for (const r of batch) {
      if (!current || current.id !== r.offer_id) {
        flush();
        offers++;
        lines = [];
        current = {
          id: r.offer_id,
          reference: formatReference(r.reference),
          submittedAt: r.position_at,
          status: r.status,
          channel: r.channel,
          language: r.language,
          possibleDuplicate: r.possible_duplicate,
          lastContactOutcome: r.last_contact_outcome,
          organisation: {
            kind: r.organisation_kind,
            legalName: r.legal_name,
            distinctiveTitle: r.distinctive_title,
            country: r.country,
            taxId: r.tax_id,
            taxIdKind: r.tax_id_kind,
            registryNumber: r.registry_number,
            website: r.website,
            regionCode: r.organisation_region_code,
            municipalityCode: r.organisation_municipality_code,
            preferredLanguage: r.preferred_language,
            ...(o.contact
              ? {
                  contact: {
                    legalRepresentative: r.legal_representative ?? null,
                    name: r.contact_name ?? null,
                    role: r.contact_role ?? null,
                    phone: r.contact_phone ?? null,
                    email: r.contact_email ?? null,
                    street: r.street ?? null,
                    postcode: r.postcode ?? null,
                    city: r.city ?? null,
                  },
                }
              : {}),
          },
        };
      }
      rows++;
      if (r.position === null) continue;
      lines.push({
        position: r.position,
        kind: r.kind,
        category: r.category,
        description: r.description,
        regionCode: r.region_code,
        municipalityCode: r.municipality_code,
        ...(o.contact ? { address: r.address ?? null } : {}),
        availableFrom: r.available_from,
        availableUntil: r.available_until,
        costBasis: r.cost_basis,
        places: r.places,
        rooms: r.rooms,
        stepFreeAccess: r.step_free_access,
        suitableFor: r.suitable_for,
        languages: r.languages,
        delivery: r.delivery,
        capacityPerWeek: r.capacity_per_week,
        quantity: r.quantity,
        unit: r.unit,
        condition: r.condition,
        canDeliver: r.can_deliver,
        deliveryArea: r.delivery_area,
        expiry: r.expiry,
        amount: r.amount,
        currency: r.currency,
        frequency: r.frequency,
        purpose: r.purpose,
      });
    }
    flush();
    await put(out, text);
    await o.progress?.(rows);
  }
  return { offers, rows };
}

// --- XLSX -----------------------------------------------------------------------------------

export { XLSX_SHEET_ROWS } from './exports.xlsx.js';

const SHEET_NAMES: Record<StaffLang, { offers: string; lines: string }> = {
  el: { offers: 'Προσφορές', lines: 'Γραμμές προσφορών' },
  en: { offers: 'Offers', lines: 'Offer lines' },
};

/**
 * XLSX (exports.xlsx.ts writeWorkbook): a sheet of offers, then a sheet of offer lines (each with
 * its offer's reference), headers in the member's language, frozen header rows, identifiers as
 * text cells. Strings in XLSX are never formulas, so text needs no apostrophe there. The sheets
 * are written one after the other (two passes over the offers): a zip is written entry by entry,
 * so rows of a second sheet written meanwhile would wait in memory.
 */
async function writeXlsx(source: RowSource, out: Writable, o: WriteOptions, rowsPerSheet = XLSX_SHEET_ROWS): Promise<WriteResult> {
  const offerColumns = columnsFor(OFFER_COLUMNS, o.contact);
  const lineColumns = [OFFER_COLUMNS[0]!, ...columnsFor(LINE_COLUMNS, o.contact)];
  let offers = 0;
  const [, rows] = await writeWorkbook(
    [
      {
        name: SHEET_NAMES[o.lang].offers,
        columns: offerColumns,
        rows: source({ lines: false }),
        progress: (n) => {
          offers = n;
          return o.progress?.(n);
        },
      },
      { name: SHEET_NAMES[o.lang].lines, columns: lineColumns, rows: source({ lines: true }), progress: (n) => o.progress?.(offers + n) },
    ],
    out,
    { lang: o.lang, context: { lang: o.lang, gazetteer: o.gazetteer }, yesNo: YES_NO[o.lang], rowsPerSheet },
    ExportAbortedError,
  );
  return { offers, rows: rows! };
}

/**
 * Writes an export in `format` to `out` (which it ends when done).
 * @returns what the file holds.
 * @throws ExportAbortedError when `out` closes before the end; any error of the source.
 */
export async function writeExport(format: ExportFormat, source: RowSource, out: Writable, options: WriteOptions & { rowsPerSheet?: number }): Promise<WriteResult> {
  let result: WriteResult;
  switch (format) {
    case 'csv':
      result = await writeCsv(source, out, options, ';');
      break;
    case 'csv-comma':
      result = await writeCsv(source, out, options, ',');
      break;
    case 'hxl':
      result = await writeHxl(source, out, options);
      break;
    case 'jsonl':
      result = await writeJsonLines(source, out, options);
      break;
    case 'xlsx':
      // the zip ends `out` itself
      return writeXlsx(source, out, options, options.rowsPerSheet);
  }
  await endOutput(out);
  return result;
}

/**
 * Ends `out` and waits until everything written has been flushed.
 * @throws ExportAbortedError when `out` was closed before (a download closed as the export ended).
 */
export async function endOutput(out: Writable): Promise<void> {
  if (out.destroyed) throw new ExportAbortedError('the export’s reader has gone');
  if (!out.writableEnded) out.end();
  try {
    await finished(out);
  } catch (err) {
    if (out.destroyed) throw new ExportAbortedError('the export’s reader has gone', { cause: err });
    throw err;
  }
}
