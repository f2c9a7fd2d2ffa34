// Reading an uploaded file into a header and data rows, refusing — with a reason the member can
// act on — what is not a usable CSV or XLSX: empty, another kind of file than its name says,
// not UTF-8, binary, a zip that inflates far beyond any real workbook, too many rows. The
// contents of cells are not judged here: that is the form's rules' job (imports.columns.ts).
import { Readable } from 'node:stream';
import { createInflateRaw } from 'node:zlib';
import { parse } from 'csv-parse/sync';
import type ExcelJS from 'exceljs';
import type { Cell, SheetRow } from './imports.columns.js';

export type FileFormat = 'csv' | 'xlsx';

/** Why a file cannot be read at all; each has a message in imports.messages.ts (`file_<code>`). */
export type FileProblemCode =
  | 'missing'
  | 'empty'
  | 'too_large'
  | 'unsupported_type'
  | 'xls'
  | 'not_csv'
  | 'not_xlsx'
  | 'utf16'
  | 'encoding'
  | 'binary'
  | 'unreadable'
  | 'record_too_long'
  | 'inflates_too_much'
  | 'no_rows'
  | 'too_many_rows'
  | 'missing_columns'
  | 'repeated_columns';

/** The HTTP status of each problem: 413 for size, 415 for the wrong kind of file, 422 for the rest. */
export const FILE_PROBLEM_STATUS: Record<FileProblemCode, number> = {
  missing: 422,
  empty: 422,
  too_large: 413,
  unsupported_type: 415,
  xls: 415,
  not_csv: 415,
  not_xlsx: 415,
  utf16: 415,
  encoding: 415,
  binary: 415,
  unreadable: 422,
  record_too_long: 422,
  inflates_too_much: 413,
  no_rows: 422,
  too_many_rows: 413,
  missing_columns: 422,
  repeated_columns: 422,
};

export class FileProblem extends Error {
  constructor(
    readonly code: FileProblemCode,
    readonly params: Record<string, string | number> = {},
  ) {
    super(code);
  }
}

export type Sheet = { format: FileFormat; headers: string[]; rows: SheetRow[] };

/**
 * Longest cell kept, in UTF-16 units: beyond every rule's maximum (2,048), so an over-long
 * answer is still reported as too long, while a hostile 10 MB cell is not carried any further.
 */
export const MAX_CELL = 10_001;
/** Longest CSV record read, in characters; a longer one is refused as not a spreadsheet row. */
export const MAX_RECORD = 200_000;
/**
 * The most an XLSX may inflate to, all parts together. A real workbook of the largest allowed
 * size inflates about tenfold; a zip bomb inflates a thousandfold and more, and is refused here
 * before any XML parser sees it.
 */
export const MAX_INFLATED_BYTES = 512 * 1024 * 1024;

const ZIP_LOCAL = 0x04034b50;
const OLE_MAGIC = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);

function claimedFormat(name: string): FileFormat | 'xls' | null {
  const ext = /\.([a-z0-9]+)$/i.exec(name.trim())?.[1]?.toLowerCase();
  if (ext === 'csv') return 'csv';
  if (ext === 'xlsx') return 'xlsx';
  if (ext === 'xls') return 'xls';
  return null;
}

/** Cell text as it may be stored: no NUL (PostgreSQL's JSON cannot hold it), no lone surrogate, bounded. */
function keep(text: string): string {
  const bounded = text.length > MAX_CELL ? text.slice(0, MAX_CELL) : text;
  // U+FFFD is refused by the form's rules, so such a cell is reported, never silently accepted.
  return bounded.replace(/\u0000/g, '\uFFFD').toWellFormed();
}

function isBlankRow(cells: readonly Cell[]): boolean {
  return cells.every((c) => typeof c === 'string' && c.trim() === '');
}

/**
 * Reads an uploaded file.
 * @param file the name as uploaded (its extension says what it claims to be) and its bytes.
 * @param limits maxRows: data rows allowed (blank rows are not counted); maxInflatedBytes: default MAX_INFLATED_BYTES.
 * @returns the header row (first non-blank row) and the data rows under it, with spreadsheet row
 *   numbers (the first row of the file is 1).
 * @throws FileProblem for every file that cannot be read as a sheet of offers.
 */
export async function readSheet(file: { name: string; data: Buffer }, limits: { maxRows: number; maxInflatedBytes?: number }): Promise<Sheet> {
  const claimed = claimedFormat(file.name);
  const data = file.data;
  if (claimed === 'xls') throw new FileProblem('xls');
  if (claimed === null) throw new FileProblem('unsupported_type');
  if (data.length === 0) throw new FileProblem('empty');
  const isZip = data.length >= 4 && data.readUInt32LE(0) === ZIP_LOCAL;
  const isOle = data.subarray(0, 8).equals(OLE_MAGIC);

  let sheet: { headers: string[]; rows: SheetRow[] };
  if (claimed === 'csv') {
    if (isZip) throw new FileProblem('not_csv', { actual: 'XLSX' });
    if (isOle) throw new FileProblem('not_csv', { actual: 'XLS' });
    sheet = readCsv(data, limits.maxRows);
  } else {
    if (isOle) throw new FileProblem('xls');
    if (!isZip) throw new FileProblem('not_xlsx');
    const zip = await checkZip(data, limits.maxInflatedBytes ?? MAX_INFLATED_BYTES);
    sheet = await readXlsx(workbookPartsFirst(data, zip), limits.maxRows);
  }
  if (sheet.rows.length === 0) throw new FileProblem('no_rows');
  return { format: claimed, ...sheet };
}

// --- CSV -------------------------------------------------------------------------------------

function readCsv(data: Buffer, maxRows: number): { headers: string[]; rows: SheetRow[] } {
  if ((data[0] === 0xff && data[1] === 0xfe) || (data[0] === 0xfe && data[1] === 0xff)) throw new FileProblem('utf16');
  // Text never holds a NUL byte; a file that does is binary, whatever its name.
  if (data.includes(0)) throw new FileProblem('binary');
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(data);
  } catch {
    throw new FileProblem('encoding');
  }
  if (text.trim() === '') throw new FileProblem('empty');
  const delimiter = guessDelimiter(text);
  let records: string[][];
  try {
    records = parse(text, {
      delimiter,
      relax_column_count: true,
      skip_empty_lines: false,
      max_record_size: MAX_RECORD,
      to: maxRows + 50_000, // blank lines are skipped below; this only bounds a runaway file
    }) as string[][];
  } catch (err) {
    const e = err as { code?: string; lines?: number; records?: number };
    if (e.code === 'CSV_MAX_RECORD_SIZE') throw new FileProblem('record_too_long', { row: (e.records ?? 0) + 1 });
    throw new FileProblem('unreadable', { line: e.lines ?? 0 });
  }
  let headers: string[] | null = null;
  const rows: SheetRow[] = [];
  for (const [i, record] of records.entries()) {
    const cells: Cell[] = record.map((c) => keep(c));
    if (isBlankRow(cells)) continue;
    if (headers === null) {
      headers = cells.map((c) => (typeof c === 'string' ? c : ''));
      continue;
    }
    if (rows.length >= maxRows) throw new FileProblem('too_many_rows', { max: maxRows });
    rows.push({ row: i + 1, cells });
  }
  if (headers === null) throw new FileProblem('empty');
  return { headers, rows };
}

/** `;` (what Greek Excel writes) or `,`: whichever the header line has more of, outside quotes. */
function guessDelimiter(text: string): ';' | ',' {
  let semicolons = 0;
  let commas = 0;
  let quoted = false;
  for (let i = 0; i < text.length && i < 100_000; i++) {
    const ch = text[i];
    if (ch === '"') quoted = !quoted;
    else if (!quoted && (ch === '\n' || ch === '\r')) {
      if (semicolons + commas > 0) break;
    } else if (!quoted && ch === ';') semicolons++;
    else if (!quoted && ch === ',') commas++;
  }
  return semicolons >= commas ? ';' : ',';
}

// --- XLSX ------------------------------------------------------------------------------------

type ZipEntry = {
  name: string;
  /** where its central directory record starts and how long it is */
  record: { at: number; length: number };
  /** where its local header starts */
  local: number;
};

/**
 * Checks the zip's central directory: it must be a workbook (a `xl/workbook.xml` part) and its
 * parts together must inflate to at most MAX_INFLATED_BYTES, measured by inflating them (the
 * sizes a zip declares can lie), output discarded as it comes.
 * @returns the entries in central directory order and where that directory starts.
 */
async function checkZip(data: Buffer, maxInflated: number): Promise<{ entries: ZipEntry[]; directory: number; eocd: number }> {
  const eocd = data.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (eocd < 0 || eocd + 22 > data.length) throw new FileProblem('not_xlsx');
  const count = data.readUInt16LE(eocd + 10);
  const directory = data.readUInt32LE(eocd + 16);
  let at = directory;
  let workbook = false;
  let budget = maxInflated;
  const entries: ZipEntry[] = [];
  for (let n = 0; n < count; n++) {
    if (at + 46 > data.length || data.readUInt32LE(at) !== 0x02014b50) throw new FileProblem('not_xlsx');
    const method = data.readUInt16LE(at + 10);
    const compressed = data.readUInt32LE(at + 20);
    const nameLength = data.readUInt16LE(at + 28);
    const extraLength = data.readUInt16LE(at + 30);
    const commentLength = data.readUInt16LE(at + 32);
    const local = data.readUInt32LE(at + 42);
    const name = data.toString('utf8', at + 46, at + 46 + nameLength);
    if (name === 'xl/workbook.xml') workbook = true;
    if (local + 30 > data.length || local >= directory || data.readUInt32LE(local) !== ZIP_LOCAL) throw new FileProblem('not_xlsx');
    const start = local + 30 + data.readUInt16LE(local + 26) + data.readUInt16LE(local + 28);
    if (start + compressed > directory) throw new FileProblem('not_xlsx');
    const body = data.subarray(start, start + compressed);
    if (method === 0) budget -= body.length;
    else if (method === 8) budget -= await inflatedSize(body, budget);
    else throw new FileProblem('not_xlsx');
    if (budget < 0) throw new FileProblem('inflates_too_much');
    const length = 46 + nameLength + extraLength + commentLength;
    entries.push({ name, record: { at, length }, local });
    at += length;
  }
  if (!workbook) throw new FileProblem('not_xlsx');
  if (new Set(entries.map((e) => e.local)).size !== entries.length) throw new FileProblem('not_xlsx');
  return { entries, directory, eocd };
}

/** Parts exceljs's streaming reader must have read before it meets a worksheet (see below). */
const READ_FIRST = ['xl/_rels/workbook.xml.rels', 'xl/workbook.xml', 'xl/sharedStrings.xml', 'xl/styles.xml'];

/**
 * The same workbook with the parts a worksheet depends on moved before the worksheets.
 *
 * exceljs's streaming reader (4.4.0) parks a worksheet met before the shared strings in a
 * temporary file, and while it does so it sometimes stops reading the zip: the entries after it
 * (the workbook part among them) are never seen and the read fails with «Cannot read properties
 * of undefined (reading 'sheets')» (exceljs issue #962; measured here about once in 600 reads of
 * the same file). exceljs writes its worksheets first, and Excel writes the shared strings after
 * them, so real files take that path. In this order every worksheet is read straight from the
 * zip. Each entry keeps its bytes (local header, data and any data descriptor, up to the next
 * entry); the central directory is rewritten with the new offsets.
 */
function workbookPartsFirst(data: Buffer, zip: { entries: ZipEntry[]; directory: number; eocd: number }): Buffer {
  const byOffset = [...zip.entries].sort((a, b) => a.local - b.local);
  const span = new Map<ZipEntry, Buffer>();
  byOffset.forEach((e, i) => span.set(e, data.subarray(e.local, i + 1 < byOffset.length ? byOffset[i + 1]!.local : zip.directory)));
  const rank = (e: ZipEntry) => {
    const i = READ_FIRST.indexOf(e.name);
    return i < 0 ? READ_FIRST.length : i;
  };
  const ordered = [...zip.entries].sort((a, b) => rank(a) - rank(b) || a.local - b.local);
  const parts: Buffer[] = [];
  const records: Buffer[] = [];
  let offset = 0;
  for (const e of ordered) {
    const bytes = span.get(e)!;
    const record = Buffer.from(data.subarray(e.record.at, e.record.at + e.record.length));
    record.writeUInt32LE(offset, 42);
    parts.push(bytes);
    records.push(record);
    offset += bytes.length;
  }
  const eocd = Buffer.from(data.subarray(zip.eocd, zip.eocd + 22));
  eocd.writeUInt32LE(offset, 16);
  eocd.writeUInt16LE(0, 20); // no comment
  return Buffer.concat([...parts, ...records, eocd]);
}

function inflatedSize(body: Buffer, budget: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const inflate = createInflateRaw();
    let size = 0;
    inflate.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > budget) {
        inflate.destroy();
        resolve(size);
      }
    });
    inflate.on('end', () => resolve(size));
    inflate.on('error', () => reject(new FileProblem('not_xlsx')));
    inflate.end(body);
  });
}

/**
 * exceljs, loaded the first time a workbook is read or written rather than with the service: it
 * holds 22 MB of memory (measured under tsx) that a process which never sees a workbook — an
 * export's, most requests' — would otherwise carry from its start.
 */
export const loadExcelJS = (() => {
  let loaded: Promise<typeof ExcelJS> | undefined;
  // a CommonJS package: its exports object is the ES module's default
  return () => (loaded ??= import('exceljs').then((m) => (m as unknown as { default?: typeof ExcelJS }).default ?? m));
})();

type XlsxValue = ExcelJS.CellValue | undefined;

function xlsxCell(value: XlsxValue): Cell {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return keep(value);
  if (typeof value === 'number') return { number: Number.isFinite(value) ? String(value) : '' };
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (value instanceof Date) {
    // Excel keeps a date as a day count; exceljs returns it as midnight UTC of that day.
    if (Number.isNaN(value.getTime())) return '';
    return { date: value.toISOString().slice(0, 10) };
  }
  if (typeof value === 'object') {
    if ('formula' in value || 'sharedFormula' in value || 'error' in value) return { formula: true };
    if ('richText' in value) return keep(value.richText.map((r) => r.text).join(''));
    if ('text' in value) {
      const t = (value as { text: unknown }).text;
      if (typeof t === 'string') return keep(t);
      if (t && typeof t === 'object' && 'richText' in t) return keep((t as ExcelJS.CellRichTextValue).richText.map((r) => r.text).join(''));
    }
  }
  return '';
}

async function readXlsx(data: Buffer, maxRows: number): Promise<{ headers: string[]; rows: SheetRow[] }> {
  const excel = await loadExcelJS();
  const reader = new excel.stream.xlsx.WorkbookReader(Readable.from(data), {
    worksheets: 'emit',
    sharedStrings: 'cache',
    hyperlinks: 'ignore',
    styles: 'cache',
    entries: 'ignore',
  });
  let headers: string[] | null = null;
  const rows: SheetRow[] = [];
  try {
    // The first sheet holds the offers (the template's second sheet documents the columns).
    for await (const worksheet of reader) {
      for await (const row of worksheet as AsyncIterable<ExcelJS.Row>) {
        const values = row.values as XlsxValue[];
        const cells: Cell[] = [];
        for (let i = 1; i < values.length; i++) cells.push(xlsxCell(values[i]));
        if (isBlankRow(cells)) continue;
        if (headers === null) {
          headers = cells.map((c) => (typeof c === 'string' ? c : typeof c === 'object' && 'number' in c ? c.number : ''));
          continue;
        }
        if (rows.length >= maxRows) throw new FileProblem('too_many_rows', { max: maxRows });
        rows.push({ row: row.number, cells });
      }
      break;
    }
  } catch (err) {
    if (err instanceof FileProblem) throw err;
    throw new FileProblem('not_xlsx');
  }
  if (headers === null) throw new FileProblem('empty');
  return { headers, rows };
}
