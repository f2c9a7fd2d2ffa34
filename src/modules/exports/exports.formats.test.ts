// The export formats' cell rules, unit by unit: the CSV encoder against csv-stringify (the
// reference implementation) and csv-parse, formula-inert text, identifiers and phones for Excel,
// XLSX going on to a further sheet rather than dropping rows and keeping text XML cannot hold as
// it is, and every writer reading no further ahead of a slow reader than about a batch.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { PassThrough, Writable } from 'node:stream';
import { after, before, describe, test } from 'node:test';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import ExcelJS from 'exceljs';
import fc from 'fast-check';
import { loadGazetteer, type Gazetteer } from '../geography/index.js';
import { testDatabase, type TestDatabase } from '../../../test/support/database.js';
import { csvRecord, excelIdentifier, excelPhone, inertText, writeExport, type ExportFormat } from './exports.formats.js';
import type { ExportRow } from './exports.repository.js';

describe('the CSV encoder', () => {
  test('writes exactly what csv-stringify writes, and csv-parse reads the cells back, for any text', () => {
    const cell = fc.string({ unit: fc.constantFrom('a', 'Ω', 'ї', ' ', ';', ',', '"', '\r', '\n', '=', '0', "'", '\t') });
    fc.assert(
      fc.property(fc.array(cell, { minLength: 1, maxLength: 8 }), fc.constantFrom(';' as const, ',' as const), (cells, delimiter) => {
        const ours = csvRecord(cells, delimiter);
        assert.equal(ours, stringify([cells], { delimiter, record_delimiter: '\r\n', quoted_match: /[\r\n]/ }));
        // csv-parse reads an empty record as no record at all: one empty cell is the only exception.
        if (cells.length === 1 && cells[0] === '') return;
        assert.deepEqual(parse(ours, { delimiter, relax_quotes: false }), [cells]);
      }),
      { numRuns: 500 },
    );
  });
});

describe('cells made safe for spreadsheets', () => {
  test('text starting with = + - @ tab or CR gets an apostrophe; other text is left alone', () => {
    for (const v of ['=1+1', '+30', '-5', '@SUM(A1)', '\tx', '\rx']) assert.equal(inertText(v), `'${v}`);
    for (const v of ['Αθήνα', 'Київ', "'quoted", ' =x', 'a=b', '']) assert.equal(inertText(v), v);
  });

  test('identifiers Excel would read as numbers are text literals; others stay as they are', () => {
    assert.equal(excelIdentifier('012345678'), '="012345678"');
    assert.equal(excelIdentifier('01234'), '="01234"');
    assert.equal(excelIdentifier('12E45'), '="12E45"');
    assert.equal(excelIdentifier('0702'), '="0702"');
    assert.equal(excelIdentifier('7KQ-4M9-TXR'), '7KQ-4M9-TXR');
    assert.equal(excelIdentifier('GR-M'), 'GR-M');
    assert.equal(excelIdentifier('EL123456789'), 'EL123456789');
    assert.equal(excelIdentifier('=cmd|x'), "'=cmd|x");
  });

  test('an E.164 phone stays dialable; anything else is inert text', () => {
    assert.equal(excelPhone('+306912345678'), '="+306912345678"');
    assert.equal(excelPhone('+30 691"&cmd'), `'+30 691"&cmd`);
  });
});

describe('XLSX past a sheet’s rows', () => {
  let database: TestDatabase;
  let gazetteer: Gazetteer;
  before(async () => {
    database = await testDatabase('pglite');
    gazetteer = await loadGazetteer(database.db);
  });
  after(async () => database?.close());

  const row = (n: number): ExportRow => ({
    offer_id: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
    reference: `0000000${String(n).padStart(2, '0')}`,
    position_at: '2026-03-01T10:00:00.000000Z',
    submitted_local: '2026-03-01 12:00',
    status: 'submitted', language: 'uk', channel: 'web', possible_duplicate: false, last_contact_outcome: null,
    organisation_kind: 'ngo', legal_name: `Організація ${n}`, distinctive_title: null, country: 'GR', tax_id: '012345678',
    tax_id_kind: 'afm', registry_number: null, website: null, organisation_region_code: null, organisation_municipality_code: null,
    preferred_language: 'uk', position: 1, kind: 'money', category: null, description: null, region_code: null, municipality_code: null,
    available_from: null, available_until: null, cost_basis: null, places: null, rooms: null, step_free_access: null,
    suitable_for: null, languages: null, delivery: null, capacity_per_week: null, quantity: null, unit: null, condition: null,
    can_deliver: null, delivery_area: null, expiry: null, amount: '10.00', currency: 'EUR', frequency: 'one_off', purpose: '=1+1',
  });

  test('rows beyond a sheet’s limit go on to «(2)», none dropped, identifiers as text', async () => {
    const rows = Array.from({ length: 7 }, (_, i) => row(i + 1));
    const chunks: Buffer[] = [];
    const out = new Writable({ write(chunk: Buffer, _e, done) { chunks.push(chunk); done(); } });
    const result = await writeExport('xlsx', async function* () { yield rows.slice(0, 4); yield rows.slice(4); }, out, { lang: 'en', contact: false, gazetteer, rowsPerSheet: 3 });
    assert.deepEqual(result, { offers: 7, rows: 7 });
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(Buffer.concat(chunks) as unknown as ArrayBuffer);
    assert.deepEqual(book.worksheets.map((w) => [w.name, w.actualRowCount - 1]), [
      ['Offers', 3], ['Offers (2)', 3], ['Offers (3)', 1], ['Offer lines', 3], ['Offer lines (2)', 3], ['Offer lines (3)', 1],
    ]);
    const tax = book.getWorksheet('Offers (3)')!.getRow(2).getCell(12);
    assert.equal(tax.value, '012345678');
    assert.equal(book.getWorksheet('Offers (3)')!.getRow(2).getCell(1).value, '000-000-007');
  });

  const collect = () => {
    const chunks: Buffer[] = [];
    const out = new Writable({ write(chunk: Buffer, _e, done) { chunks.push(chunk); done(); } });
    return { out, book: async () => {
      const book = new ExcelJS.Workbook();
      await book.xlsx.load(Buffer.concat(chunks) as unknown as ArrayBuffer);
      return book;
    } };
  };

  test('a sheet filled exactly opens no empty sheet after it', async () => {
    const rows = Array.from({ length: 6 }, (_, i) => row(i + 1));
    const { out, book } = collect();
    await writeExport('xlsx', async function* () { yield rows.slice(0, 3); yield rows.slice(3); }, out, { lang: 'en', contact: false, gazetteer, rowsPerSheet: 3 });
    assert.deepEqual((await book()).worksheets.map((w) => [w.name, w.actualRowCount - 1]), [['Offers', 3], ['Offers (2)', 3], ['Offer lines', 3], ['Offer lines (2)', 3]]);
  });

  test('markup, control characters, spaces at the ends and Greek and Ukrainian text read back as written', async () => {
    const hostile = { ...row(1), legal_name: '  <b>Σύλλογος & «Φίλοι»</b>\u0007 ', purpose: '=HYPERLINK("http://x.example","Київ")', description: 'γραμμή 1\r\nлінія 2', amount: '1500.50', available_from: '2026-03-27' };
    const { out, book } = collect();
    const result = await writeExport('xlsx', async function* () { yield [hostile]; }, out, { lang: 'en', contact: false, gazetteer });
    assert.deepEqual(result, { offers: 1, rows: 1 });
    const [offers, lines] = (await book()).worksheets as [ExcelJS.Worksheet, ExcelJS.Worksheet];
    const header = (sheet: ExcelJS.Worksheet) => (sheet.getRow(1).values as unknown[]).slice(1) as string[];
    const cell = (sheet: ExcelJS.Worksheet, name: string) => sheet.getRow(2).getCell(header(sheet).indexOf(name) + 1);
    assert.equal(cell(offers, 'Legal name').value, '  <b>Σύλλογος & «Φίλοι»</b> ', 'the bell character, which XML cannot hold, is dropped; nothing else');
    assert.equal(cell(lines, 'Purpose').value, '=HYPERLINK("http://x.example","Київ")');
    assert.equal(cell(lines, 'Purpose').type, ExcelJS.ValueType.String, 'text, never a formula');
    assert.equal(cell(lines, 'Description').value, 'γραμμή 1\r\nлінія 2');
    assert.equal(cell(lines, 'Amount').value, 1500.5);
    assert.equal(cell(lines, 'Amount').numFmt, '#,##0.00');
    assert.deepEqual(cell(lines, 'Available from').value, new Date('2026-03-27T00:00:00Z'));
    assert.equal(cell(lines, 'Available from').numFmt, 'yyyy-mm-dd');
    assert.equal(offers.getRow(1).getCell(1).font?.bold, true);
  });

  test('a failing source leaves the file visibly broken, never ended as if complete', async () => {
    const out = new PassThrough();
    out.resume();
    let ended = false;
    out.on('end', () => (ended = true));
    await assert.rejects(
      writeExport('xlsx', async function* () { yield [row(1)]; throw new Error('connection lost'); }, out, { lang: 'en', contact: false, gazetteer }),
      /connection lost/,
    );
    assert.equal(ended, false);
    assert.equal(out.destroyed, true);
  });

  for (const format of ['csv', 'xlsx', 'jsonl', 'hxl'] as ExportFormat[]) {
    test(`${format}: a reader that stops taking bytes stops the reading of rows within about a batch`, async () => {
      const BATCHES = 400;
      // Text that does not compress, as a zip's output would otherwise lag far behind its input.
      const batchOf = () => Array.from({ length: 50 }, (_, i) => ({ ...row(i + 1), legal_name: randomBytes(300).toString('base64'), description: randomBytes(300).toString('base64') }));
      const batch = batchOf();
      let pulled = 0;
      async function* source() {
        for (let i = 0; i < BATCHES; i++) {
          pulled++;
          yield batchOf();
        }
      }
      // takes 256 KB, then nothing more until released
      let taken = 0;
      let release: (() => void) | null = null;
      const out = new Writable({
        highWaterMark: 16 * 1024,
        write(chunk: Buffer, _e, done) {
          taken += chunk.length;
          if (taken < 256 * 1024) done();
          else release = done;
        },
      });
      const writing = writeExport(format, source, out, { lang: 'en', contact: true, gazetteer });
      while (!release) await new Promise((r) => setTimeout(r, 20));
      const atStop = pulled;
      await new Promise((r) => setTimeout(r, 300));
      if (format === 'xlsx') {
        // What the zip reads ahead fills its buffers (compressed, 64 KB a stage), then it stops.
        const stalled = pulled;
        await new Promise((r) => setTimeout(r, 300));
        assert.equal(pulled, stalled, 'no more rows are read while the reader takes nothing');
        assert.ok(pulled < BATCHES / 2, `${pulled} batches read: the zip stopped reading within a fraction of the rows`);
      } else {
        assert.ok(pulled - atStop <= 1, `${pulled - atStop} batches read while the reader took nothing: the text formats read at most the batch they are writing`);
      }
      assert.ok(pulled < BATCHES, 'the whole source was not read ahead');
      const go = () => { const r = release; release = null; r?.(); };
      out._write = (chunk: Buffer, _e, done) => { taken += chunk.length; done(); };
      go();
      const result = await writing;
      assert.equal(result.rows, BATCHES * batch.length);
      assert.equal(pulled, format === 'xlsx' ? 2 * BATCHES : BATCHES);
    });
  }
});
