// XLSX written as its XML parts (ECMA-376 SpreadsheetML) into a zip (archiver, what exceljs itself
// zips with), row by row, with backpressure from end to end: each worksheet is a Readable that
// reads the next batch of rows only when the zip's deflate stream asks for more, and the zip
// writes only as fast as `out` takes it. So memory holds about one batch whatever the export's
// size, and no cell becomes an object.
//
// Why not exceljs's streaming WorkbookWriter (measured, bench/exports.ts): it writes a sheet's XML
// into the zip without heeding the zip's backpressure, so rows pile up in memory (RSS past 600 MB
// a third of the way through a million lines), and it builds a Row and Cell objects for every
// cell, about 2,300 rows a second on this machine (0.09× COPY). Reading the workbook back (tests,
// imports) still uses exceljs.
import { once } from 'node:events';
import { Readable, type Writable } from 'node:stream';
import archiver from 'archiver';
import type { StaffLang } from '../../platform/i18n/index.js';
import type { Cell, Column, ColumnContext, ColumnType } from './exports.columns.js';
import type { ExportRow } from './exports.repository.js';

/** Rows a worksheet holds (Excel's limit, 2^20, less the header); more go on to a further sheet. */
export const XLSX_SHEET_ROWS = 1_048_575;

/** A sheet to write: its name, its columns, and its rows (whole batches, in order). */
export type XlsxSheet = {
  name: string;
  columns: Column[];
  rows: AsyncIterable<ExportRow[]>;
  /** called after each batch with the rows written to this sheet (and its sheets past the first) so far */
  progress?: (rows: number) => Promise<void> | void;
};

// Cell styles (xl/styles.xml cellXfs, by index): what a column's type is shown as.
const STYLE_HEADER = 1;
const STYLE_OF: Partial<Record<ColumnType, number>> = { id: 2, phone: 2, decimal: 3, date: 4, datetime: 5 };

const STYLES = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><numFmts count="3"><numFmt numFmtId="164" formatCode="#,##0.00"/><numFmt numFmtId="165" formatCode="yyyy-mm-dd"/><numFmt numFmtId="166" formatCode="yyyy-mm-dd hh:mm"/></numFmts><fonts count="2"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font><font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts><fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills><borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="6"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/><xf numFmtId="49" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/><xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/><xf numFmtId="165" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/><xf numFmtId="166" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs><cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>`;

/** Characters XML 1.0 cannot hold (a cell with one would make the whole file unreadable), and those to escape. */
const XML_INVALID = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;
const XML_SPECIAL = /[&<>\r\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/;

/**
 * Text for XML character data: invalid characters dropped, &, < and > escaped, and a carriage
 * return written as a character reference, since XML readers turn a literal CR LF into LF.
 */
export function xmlText(s: string): string {
  if (!XML_SPECIAL.test(s)) return s;
  return s.replace(XML_INVALID, '').replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('\r', '&#13;');
}
const xmlAttribute = (s: string) => xmlText(s).replaceAll('"', '&quot;');

/** A1-style column letters: 1 → A, 27 → AA. */
function columnLetters(n: number): string {
  let s = '';
  for (; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

/** Days since 1899-12-30 (Excel's serial date) of a wall-clock time written as UTC. */
const serial = (utcMs: number) => utcMs / 86_400_000 + 25_569;

/** An inline string cell (no shared-strings table: that would hold every distinct string in memory). */
function textCell(ref: string, s: string, style: number | undefined): string {
  const text = xmlText(s);
  const first = text.charCodeAt(0);
  const last = text.charCodeAt(text.length - 1);
  // Spaces at either end are dropped by XML readers unless marked to be kept.
  const keep = first <= 32 || last <= 32 ? ' xml:space="preserve"' : '';
  return `<c r="${ref}"${style ? ` s="${style}"` : ''} t="inlineStr"><is><t${keep}>${text}</t></is></c>`;
}

/**
 * One cell: identifiers and phones as text with the text format (never numbers), numbers as
 * numbers, dates as serial dates formatted as dates, yes/no as words, text as text — a string in
 * XLSX is never a formula, so no apostrophe is needed. Empty values write no cell.
 */
function cellXml(ref: string, type: ColumnType, v: Cell, yesNo: [string, string]): string {
  if (v === null || v === '') return '';
  switch (type) {
    case 'int':
    case 'decimal': {
      const n = typeof v === 'number' ? v : Number(v);
      if (!Number.isFinite(n)) return textCell(ref, String(v), undefined);
      return `<c r="${ref}"${type === 'decimal' ? ` s="${STYLE_OF.decimal}"` : ''}><v>${n}</v></c>`;
    }
    case 'bool':
      return textCell(ref, v ? yesNo[0] : yesNo[1], undefined);
    case 'date':
    case 'datetime': {
      // Greek wall-clock time, written as such: a spreadsheet date has no time zone.
      const s = String(v);
      const ms = Date.parse(type === 'date' ? `${s}T00:00:00Z` : `${s.replace(' ', 'T')}:00Z`);
      if (Number.isNaN(ms)) return textCell(ref, s, undefined);
      return `<c r="${ref}" s="${STYLE_OF[type]}"><v>${serial(ms)}</v></c>`;
    }
    default:
      return textCell(ref, String(v), STYLE_OF[type]);
  }
}

/** The start of a worksheet: frozen header row, column widths, the header in bold. */
function sheetStart(columns: Column[], letters: string[], lang: StaffLang): string {
  const cols = columns.map((col, i) => `<col min="${i + 1}" max="${i + 1}" width="${Math.min(40, Math.max(10, col.header[lang].length + 2))}" customWidth="1"/>`).join('');
  const header = columns.map((col, i) => textCell(`${letters[i]}1`, col.header[lang], STYLE_HEADER)).join('');
  return (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
    '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">' +
    '<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/><selection pane="bottomLeft" activeCell="A2" sqref="A2"/></sheetView></sheetViews>' +
    `<sheetFormatPr defaultRowHeight="15"/><cols>${cols}</cols><sheetData><row r="1">${header}</row>`
  );
}
const SHEET_END = '</sheetData></worksheet>';

/** The workbook writer's options. */
export type XlsxOptions = { lang: StaffLang; context: ColumnContext; yesNo: [string, string]; rowsPerSheet: number };

/** The cause of an export stopped because its reader went away (a closed download). */
export type AbortedError = new (message: string) => Error;

/**
 * Writes a workbook of `sheets` to `out` (and ends it), each sheet going on to «<name> (2)», «(3)» …
 * past `rowsPerSheet` rows, so no row is ever dropped. The sheets are written one after the other:
 * a zip is written entry by entry, and the rows of a sheet are read only when its entry is written.
 * @returns the rows written per sheet given.
 * @throws `aborted` when `out` closes before the end; any error of a sheet's rows (the zip is then
 *   abandoned and `out` destroyed, so the file is visibly incomplete).
 */
export async function writeWorkbook(sheets: XlsxSheet[], out: Writable, o: XlsxOptions, aborted: AbortedError): Promise<number[]> {
  // Deflate level 1: compressing is much of an XLSX's cost (its XML is several times the CSV),
  // and the fastest level costs least for files a little larger. Buffers of 64 KB between the
  // zip's stages rather than archiver's 1 MB: read-ahead stays well under a megabyte
  // (exports.formats.test.ts, a reader that stops).
  const zip = archiver('zip', { zlib: { level: 1 }, highWaterMark: 64 * 1024 });
  let failure: Error | null = null;
  const failed = new Promise<never>((_, reject) => {
    zip.once('error', (err: Error) => reject((failure ??= err)));
    out.once('error', (err: Error) => reject((failure ??= err)));
    out.once('close', () => {
      if (!out.writableFinished) reject((failure ??= new aborted('the export’s reader has gone')));
    });
  });
  failed.catch(() => {});
  zip.pipe(out);

  /** Appends an entry and waits until the zip has written it whole (or the export fails). */
  const entry = async (name: string, source: Readable | string) => {
    const written = once(zip, 'entry');
    zip.append(source, { name });
    try {
      await Promise.race([written, failed]);
    } catch (err) {
      if (typeof source !== 'string') source.destroy();
      throw err;
    }
  };

  const names: string[] = [];
  const counts: number[] = [];
  try {
    for (const sheet of sheets) {
      const letters = sheet.columns.map((_, i) => columnLetters(i + 1));
      const batches = sheet.rows[Symbol.asyncIterator]();
      let carry: ExportRow[] = [];
      let exhausted = false;
      let total = 0;
      const next = async (): Promise<ExportRow[] | null> => {
        if (carry.length) {
          const rows = carry;
          carry = [];
          return rows;
        }
        if (exhausted) return null;
        const r = await batches.next();
        if (r.done) {
          exhausted = true;
          return null;
        }
        return r.value;
      };
      try {
        for (let part = 1; ; part++) {
          names.push(part === 1 ? sheet.name : `${sheet.name} (${part})`);
          // Rows of this part: it ends at rowsPerSheet; the rest of its batch opens the next part.
          const xml = async function* (): AsyncGenerator<string> {
            yield sheetStart(sheet.columns, letters, o.lang);
            let r = 1;
            while (r <= o.rowsPerSheet) {
              const rows = await next();
              if (!rows) break;
              const room = o.rowsPerSheet - r + 1;
              const take = rows.length > room ? rows.slice(0, room) : rows;
              if (take !== rows) carry = rows.slice(room);
              let text = '';
              for (const row of take) {
                r++;
                let cells = '';
                for (let i = 0; i < sheet.columns.length; i++) {
                  const col = sheet.columns[i]!;
                  cells += cellXml(letters[i]! + r, col.type, col.value(row, o.context), o.yesNo);
                }
                text += `<row r="${r}">${cells}</row>`;
              }
              total += take.length;
              yield text;
              await sheet.progress?.(total);
            }
            yield SHEET_END;
          };
          // Not object mode: the stream holds one chunk at most beyond its 16 KB, not 16 batches.
          await entry(`xl/worksheets/sheet${names.length}.xml`, Readable.from(xml(), { objectMode: false }));
          if (!carry.length) {
            if (exhausted) break;
            // Exactly full: another part only if there are more rows.
            const more = await next();
            if (!more) break;
            carry = more;
          }
        }
      } finally {
        if (!exhausted) await batches.return?.();
      }
      counts.push(total);
    }

    const sheetList = names.map((n, i) => `<sheet name="${xmlAttribute(n)}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`).join('');
    const sheetRels = names.map((_, i) => `<Relationship Id="rId${i + 1}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet${i + 1}.xml"/>`).join('');
    const sheetTypes = names.map((_, i) => `<Override PartName="/xl/worksheets/sheet${i + 1}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`).join('');
    const head = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';
    await entry('xl/styles.xml', STYLES);
    await entry(
      'xl/workbook.xml',
      `${head}<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><bookViews><workbookView/></bookViews><sheets>${sheetList}</sheets></workbook>`,
    );
    await entry(
      'xl/_rels/workbook.xml.rels',
      `${head}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${sheetRels}<Relationship Id="rId${names.length + 1}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>`,
    );
    await entry(
      'docProps/app.xml',
      `${head}<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"><Application>Prosfero</Application></Properties>`,
    );
    await entry(
      '_rels/.rels',
      `${head}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties" Target="docProps/app.xml"/></Relationships>`,
    );
    await entry(
      '[Content_Types].xml',
      `${head}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>${sheetTypes}<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/><Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/></Types>`,
    );
    const ended = once(out, 'finish');
    await Promise.race([zip.finalize(), failed]);
    await Promise.race([ended, failed]);
  } catch (err) {
    // Unpiped and destroyed before the zip is abandoned, so nothing ends `out` as if it were whole.
    zip.unpipe(out);
    if (!out.destroyed) out.destroy(err instanceof Error ? err : new Error(String(err)));
    zip.abort();
    throw err;
  }
  return counts;
}
