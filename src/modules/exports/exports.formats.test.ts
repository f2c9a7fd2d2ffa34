// The export formats' cell rules, unit by unit: the CSV encoder against csv-stringify (the
// reference implementation) and csv-parse, formula-inert text, identifiers and phones for Excel,
// and XLSX going on to a further sheet rather than dropping rows.
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { after, before, describe, test } from 'node:test';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import ExcelJS from 'exceljs';
import fc from 'fast-check';
import { loadGazetteer, type Gazetteer } from '../geography/index.js';
import { testDatabase, type TestDatabase } from '../../../test/support/database.js';
import { csvRecord, excelIdentifier, excelPhone, inertText, writeExport } from './exports.formats.js';
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
});
