// Exports of the review queue (issue 5), over HTTP as staff use them, every file read back with a
// real parser (csv-parse, exceljs): Greek and Ukrainian text, leading zeros, inert formulas, line
// breaks and quotes inside cells, the HXL hashtag row, the regional scope, no contact data for a
// viewer and never in HXL, row counts against the database, and the background job path (the
// inline limit set low) with its restart. On the embedded database and, with TEST_DATABASE_URL,
// on PostgreSQL.
import assert from 'node:assert/strict';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import type { Config } from '../../src/config.js';
import { runExportJobs, startExportWorker } from '../../src/modules/exports/index.js';
import { selectExportBatch, selectExportNow, streamExportRows, type ExportRow } from '../../src/modules/exports/exports.repository.js';
import { loadGazetteer, type Gazetteer } from '../../src/modules/geography/index.js';
import { formatReference } from '../../src/modules/offers/index.js';
import { buildTestApp, type TestApp } from '../support/app.js';
import { csrfToken } from '../support/agent.js';
import { engines } from '../support/database.js';
import { insertOffer, type InsertedOffer } from '../support/factories.js';
import { signInAs, type StaffAgent } from '../support/staff.js';

const GREEK_NAME = 'Σύλλογος «Αλληλεγγύη» Ηρακλείου';
const UKRAINIAN_NAME = 'Олена Ковальчук';
const TRICKY_DESCRIPTION = 'Δύο δωμάτια\r\nμε "θέα"; κοντά, στη θάλασσα\nκαι ξανά';
const FORMULAS = ['=HYPERLINK("http://example.org/x","κλικ")', '+SUM(1;2)', '-2+3', '@cmd', '\tTAB', '\rCR'];

const BOM = '\ufeff';

function parseCsv(body: string, delimiter: ';' | ','): string[][] {
  assert.ok(body.startsWith(BOM), 'the file starts with a UTF-8 byte order mark');
  return parse(body, { bom: true, delimiter, relax_column_count: false }) as string[][];
}

/** The rows as objects by header. */
function records(rows: string[][]): Record<string, string>[] {
  const [header, ...data] = rows;
  return data.map((r) => Object.fromEntries(header!.map((h, i) => [h, r[i]!])));
}

async function lineCount(t: TestApp, where = sql`true`): Promise<number> {
  const r = await sql<{ n: string }>`SELECT count(*) AS n FROM offer_lines l JOIN offers ON offers.id = l.offer_id WHERE ${where}`.execute(t.ctx.db);
  return Number(r.rows[0]!.n);
}

for (const engine of engines()) {
  describe(`exports of the review queue (${engine})`, () => {
    let t: TestApp;
    let dir: string;
    let gazetteer: Gazetteer;
    let crete: InsertedOffer;
    let ukrainian: InsertedOffer;
    let attica: InsertedOffer;
    let verified: InsertedOffer;
    let coordinator: StaffAgent;
    let greekCoordinator: StaffAgent;
    let viewer: StaffAgent;
    let regional: StaffAgent;
    let creteMunicipality: string;

    before(async () => {
      dir = await mkdtemp(path.join(tmpdir(), 'prosfero-exports-'));
      t = await buildTestApp(engine, { config: { exports: { inlineMaxRows: 1000, dir, retentionHours: 24 } } as Partial<Config> });
      gazetteer = await loadGazetteer(t.ctx.db);
      const m = await sql<{ code: string }>`
        SELECT m.code FROM admin_units m JOIN admin_units u ON u.code = m.parent_code
        WHERE m.level = 'municipality' AND u.parent_code = 'GR-M' ORDER BY m.code LIMIT 1`.execute(t.ctx.db);
      creteMunicipality = m.rows[0]!.code;
      crete = await insertOffer(t.ctx.db, {
        organisation: {
          kind: 'ngo',
          legal_name: GREEK_NAME,
          tax_id: '012345678',
          tax_id_kind: 'afm',
          registry_number: '000123',
          street: 'Οδός Κνωσού 5',
          postcode: '01234',
          city: 'Ηράκλειο',
          contact_name: 'Ελένη Παπαδοπούλου',
          contact_phone: '+306912345678',
          contact_email: 'eleni@example.org',
        },
        lines: [
          { kind: 'accommodation', category: 'apartment', places: 4, rooms: 2, region_code: 'GR-M', municipality_code: creteMunicipality, description: TRICKY_DESCRIPTION, address: 'Οδός Κνωσού 5' },
          { kind: 'money', amount: '1500.50', currency: 'EUR', frequency: 'monthly', purpose: FORMULAS[0] },
        ],
      });
      ukrainian = await insertOffer(t.ctx.db, {
        organisation: { kind: 'individual', legal_name: UKRAINIAN_NAME, contact_name: UKRAINIAN_NAME, contact_phone: '+380501234567', contact_email: 'olena@example.org', preferred_language: 'uk' },
        offer: { language: 'uk' },
        lines: [
          { kind: 'service', category: 'interpretation_translation', delivery: 'remote', description: FORMULAS[1], region_code: 'GR-M' },
          { kind: 'essential_items', category: 'clothing_footwear', quantity: 30, unit: 'boxes', description: FORMULAS[2], delivery_area: FORMULAS[3], region_code: 'GR-M' },
          { kind: 'essential_items', category: 'hygiene', quantity: 10, unit: 'kits', description: FORMULAS[4], delivery_area: FORMULAS[5], region_code: 'GR-M' },
        ],
      });
      attica = await insertOffer(t.ctx.db, {
        organisation: { legal_name: 'Attica Hotels S.A.', contact_phone: '+302101234567', contact_email: 'attica@example.org' },
        lines: [{ kind: 'accommodation', category: 'hotel', places: 20, region_code: 'GR-I' }],
      });
      verified = await insertOffer(t.ctx.db, {
        offer: { status: 'verified' },
        organisation: { legal_name: 'Επαληθευμένη προσφορά' },
        lines: [{ kind: 'essential_items', category: 'food', quantity: 100, unit: 'kg', region_code: 'GR-I' }],
      });
      coordinator = await signInAs(t.app, t.ctx, 'coordinator');
      greekCoordinator = await signInAs(t.app, t.ctx, 'coordinator', { language: 'el' });
      viewer = await signInAs(t.app, t.ctx, 'viewer');
      regional = await signInAs(t.app, t.ctx, 'regional_coordinator', { regions: ['GR-M'] });
    });
    after(async () => {
      await t?.close();
      await rm(dir, { recursive: true, force: true });
    });

    test('the queue links to each format with its current filters', async () => {
      const page = await coordinator.get('/staff/offers?status=verified&region=GR-I');
      assert.equal(page.statusCode, 200);
      for (const format of ['csv', 'csv-comma', 'xlsx', 'jsonl', 'hxl']) {
        assert.ok(page.body.includes(`href="/staff/offers/export?status=verified&amp;region=GR-I&amp;format=${format}"`), format);
      }
    });

    test('CSV for Excel: BOM, semicolons, Greek and Ukrainian text, leading zeros, inert formulas, line breaks and quotes kept in their cell', async () => {
      const res = await coordinator.get('/staff/offers/export?format=csv');
      assert.equal(res.statusCode, 200);
      assert.match(String(res.headers['content-type']), /^text\/csv; charset=utf-8/);
      assert.match(String(res.headers['content-disposition']), /^attachment; filename="prosfero-offers-\d{4}-\d{2}-\d{2}-\d{4}\.csv"$/);
      const rows = parseCsv(res.body, ';');
      assert.ok(res.body.includes('\r\n'), 'records end with CRLF (RFC 4180)');
      const data = records(rows);
      assert.equal(data.length, await lineCount(t), 'one row per offer line, every line in the database');
      const creteRows = data.filter((r) => r['Offer reference'] === formatReference(crete.reference));
      assert.equal(creteRows.length, 2);
      const [home, money] = creteRows;
      assert.equal(home!['Legal name'], GREEK_NAME);
      assert.equal(home!['Description'], TRICKY_DESCRIPTION, 'line breaks and quotes stay inside the cell');
      assert.equal(home!['Tax identifier (ΑΦΜ or foreign)'], '="012345678"', 'the ΑΦΜ is a text literal: Excel keeps its leading zero');
      assert.equal(home!['Registry number'], '="000123"');
      assert.equal(home!['Postcode'], '="01234"');
      assert.equal(home!['Phone'], '="+306912345678"', 'the phone shows as dialled, never as a number or a formula of ours from outside');
      assert.equal(home!['Email'], 'eleni@example.org');
      assert.equal(home!['Region code'], 'GR-M');
      assert.equal(home!['Region'], gazetteer.unitName('GR-M', 'en'));
      assert.equal(home!['Municipality code'], /^[0-9]/.test(creteMunicipality) ? `="${creteMunicipality}"` : creteMunicipality);
      assert.equal(money!['Amount'], '1500,50', 'a decimal comma for the Greek Excel');
      assert.equal(money!['Purpose'], `'${FORMULAS[0]}`, 'a formula from outside is inert');
      const ukr = data.filter((r) => r['Offer reference'] === formatReference(ukrainian.reference));
      assert.equal(ukr.length, 3);
      assert.equal(ukr[0]!['Legal name'], UKRAINIAN_NAME);
      assert.deepEqual(
        [ukr[0]!['Description'], ukr[1]!['Description'], ukr[1]!['Delivery area'], ukr[2]!['Description'], ukr[2]!['Delivery area']],
        FORMULAS.slice(1).map((f) => `'${f}`),
        'every cell starting with = + - @ tab or CR is made inert',
      );
      for (const r of data) for (const [k, v] of Object.entries(r)) {
        assert.ok(!/^[=+\-@\t\r]/.test(v) || /^="[0-9A-Z+ .,:/-]*"$/.test(v), `${k}: ${JSON.stringify(v)} could run as a formula`);
      }
    });

    test('CSV with commas on request: a decimal point, the same rows', async () => {
      const res = await coordinator.get('/staff/offers/export?format=csv-comma');
      assert.equal(res.statusCode, 200);
      const data = records(parseCsv(res.body, ','));
      assert.equal(data.length, await lineCount(t));
      const money = data.find((r) => r['Offer reference'] === formatReference(crete.reference) && r['Kind of help'] === 'Money');
      assert.equal(money!['Amount'], '1500.50');
      assert.equal(data.find((r) => r['Legal name'] === UKRAINIAN_NAME)!['Legal name'], UKRAINIAN_NAME);
    });

    test('headers are in the member’s language', async () => {
      const res = await greekCoordinator.get('/staff/offers/export?format=csv');
      const [header] = parseCsv(res.body, ';');
      assert.ok(header!.includes('Κωδικός προσφοράς') && header!.includes('Επωνυμία') && header!.includes('Τηλέφωνο'), header!.join('|'));
    });

    test('a viewer’s export holds no personal contact data, in any format', async () => {
      for (const format of ['csv', 'csv-comma', 'jsonl', 'hxl']) {
        const res = await viewer.get(`/staff/offers/export?format=${format}`);
        assert.equal(res.statusCode, 200, format);
        for (const secret of ['+306912345678', '306912345678', 'eleni@example.org', 'olena@example.org', 'Ελένη Παπαδοπούλου', 'Οδός Κνωσού', '"01234"', 'Ηράκλειο']) {
          assert.ok(!res.body.includes(secret), `${format} holds ${secret}`);
        }
      }
      const csv = records(parseCsv((await viewer.get('/staff/offers/export?format=csv')).body, ';'));
      assert.equal(csv.length, await lineCount(t));
      assert.ok(!('Phone' in csv[0]!) && !('Email' in csv[0]!) && !('Address' in csv[0]!));
      const xlsx = await viewer.get('/staff/offers/export?format=xlsx');
      const book = new ExcelJS.Workbook();
      await book.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
      const headers = (book.worksheets[0]!.getRow(1).values as unknown[]).filter(Boolean);
      assert.ok(!headers.includes('Phone') && !headers.includes('Email') && headers.includes('Legal name'));
    });

    test('a regional coordinator exports only offers with a line in their regions', async () => {
      const data = records(parseCsv((await regional.get('/staff/offers/export?format=csv')).body, ';'));
      const references = new Set(data.map((r) => r['Offer reference']));
      assert.deepEqual([...references].sort(), [formatReference(crete.reference), formatReference(ukrainian.reference)].sort());
      assert.equal(data.length, await lineCount(t, sql`offers.region_codes && ARRAY['GR-M']::text[]`));
      const jsonl = (await regional.get('/staff/offers/export?format=jsonl')).body.trim().split('\n');
      assert.equal(jsonl.length, 2);
    });

    test('the queue’s filters select the rows', async () => {
      const data = records(parseCsv((await coordinator.get('/staff/offers/export?format=csv&status=verified')).body, ';'));
      assert.deepEqual(data.map((r) => r['Offer reference']), [formatReference(verified.reference)]);
      const none = records(parseCsv((await coordinator.get('/staff/offers/export?format=csv&region=GR-I&kind=money')).body, ';'));
      assert.equal(none.length, 0);
    });

    test('filters or a format that cannot be read get 422 with the reason, not a file', async () => {
      const bad = await coordinator.get('/staff/offers/export?format=pdf');
      assert.equal(bad.statusCode, 422);
      assert.ok(bad.body.includes('Choose a format for the export.'));
      const date = await coordinator.get('/staff/offers/export?format=csv&from=31/02/2026');
      assert.equal(date.statusCode, 422);
      assert.ok(date.body.includes('Enter a real date'));
    });

    test('XLSX: a sheet of offers and one of lines, frozen headers, identifiers as text, formulas as plain text', async () => {
      const res = await coordinator.get('/staff/offers/export?format=xlsx');
      assert.equal(res.statusCode, 200);
      assert.equal(res.headers['content-type'], 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
      const book = new ExcelJS.Workbook();
      await book.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
      assert.deepEqual(book.worksheets.map((w) => w.name), ['Offers', 'Offer lines']);
      const [offers, lines] = book.worksheets as [ExcelJS.Worksheet, ExcelJS.Worksheet];
      for (const sheet of [offers, lines]) {
        assert.equal(sheet.views[0]?.state, 'frozen');
        assert.equal((sheet.views[0] as { ySplit?: number }).ySplit, 1);
      }
      const header = (row: ExcelJS.Row) => (row.values as unknown[]).slice(1) as string[];
      const offerHeader = header(offers.getRow(1));
      const count = await sql<{ n: string }>`SELECT count(*) AS n FROM offers`.execute(t.ctx.db);
      assert.equal(offers.actualRowCount - 1, Number(count.rows[0]!.n));
      assert.equal(lines.actualRowCount - 1, await lineCount(t));
      const col = (name: string) => offerHeader.indexOf(name) + 1;
      let found = false;
      offers.eachRow((row, n) => {
        if (n === 1 || row.getCell(col('Offer reference')).value !== formatReference(crete.reference)) return;
        found = true;
        const tax = row.getCell(col('Tax identifier (ΑΦΜ or foreign)'));
        assert.equal(tax.value, '012345678');
        assert.equal(tax.type, ExcelJS.ValueType.String);
        assert.equal(tax.numFmt, '@');
        assert.equal(row.getCell(col('Postcode')).value, '01234');
        assert.equal(row.getCell(col('Phone')).value, '+306912345678');
        assert.equal(row.getCell(col('Legal name')).value, GREEK_NAME);
      });
      assert.ok(found);
      const lineHeader = header(lines.getRow(1));
      const lcol = (name: string) => lineHeader.indexOf(name) + 1;
      const texts: unknown[] = [];
      lines.eachRow((row, n) => {
        if (n === 1) return;
        texts.push(row.getCell(lcol('Description')).value, row.getCell(lcol('Purpose')).value);
        if (row.getCell(lcol('Purpose')).value === FORMULAS[0]) assert.equal(row.getCell(lcol('Purpose')).type, ExcelJS.ValueType.String, 'stored as text, never as a formula');
        if (row.getCell(lcol('Kind of help')).value === 'Money') assert.equal(row.getCell(lcol('Amount')).value, 1500.5);
      });
      // Exactly as written, CR LF included: the writer keeps a CR as a character reference, which
      // XML's end-of-line handling (XML 1.0 §2.11) would otherwise turn into LF.
      assert.ok(texts.includes(TRICKY_DESCRIPTION), JSON.stringify(texts));
      assert.ok(texts.includes(FORMULAS[0]) && texts.includes(FORMULAS[1]));
    });

    test('XLSX sheet names and headers in Greek for a Greek-speaking member', async () => {
      const book = new ExcelJS.Workbook();
      await book.xlsx.load((await greekCoordinator.get('/staff/offers/export?format=xlsx')).rawPayload as unknown as ArrayBuffer);
      assert.deepEqual(book.worksheets.map((w) => w.name), ['Προσφορές', 'Γραμμές προσφορών']);
      assert.equal(book.worksheets[0]!.getRow(1).getCell(1).value, 'Κωδικός προσφοράς');
    });

    test('JSON Lines: one offer a line with its lines nested, contact only for those allowed', async () => {
      const body = (await coordinator.get('/staff/offers/export?format=jsonl')).body;
      const offers = body.trim().split('\n').map((l) => JSON.parse(l) as { reference: string; organisation: { legalName: string; taxId: string; contact?: { phone: string } }; lines: { description: string; amount: string | null }[] });
      assert.equal(offers.length, 4);
      const c = offers.find((o) => o.reference === formatReference(crete.reference))!;
      assert.equal(c.organisation.taxId, '012345678');
      assert.equal(c.organisation.contact?.phone, '+306912345678');
      assert.equal(c.lines.length, 2);
      assert.equal(c.lines[0]!.description, TRICKY_DESCRIPTION);
      assert.equal(c.lines[1]!.amount, '1500.50');
      assert.equal(offers.reduce((n, o) => n + o.lines.length, 0), await lineCount(t));
      const seen = (await viewer.get('/staff/offers/export?format=jsonl')).body.trim().split('\n').map((l) => JSON.parse(l) as { organisation: Record<string, unknown> });
      assert.ok(seen.every((o) => !('contact' in o.organisation)));
    });

    test('HXL 3W: the hashtag row under the header, one row per line, codes of places, and no contact data whoever exports', async () => {
      const res = await coordinator.get('/staff/offers/export?format=hxl');
      assert.equal(res.statusCode, 200);
      const rows = parseCsv(res.body, ',');
      assert.deepEqual(rows[1], [
        '#org +name', '#org +type', '#sector', '#activity', '#adm1 +name', '#adm1 +code', '#adm2 +name', '#adm2 +code', '#adm3 +name', '#adm3 +code',
        '#date +start', '#date +end', '#status', '#capacity', '#capacity +unit', '#value', '#currency', '#modality', '#meta +id',
      ]);
      const data = rows.slice(2);
      assert.equal(data.length, await lineCount(t));
      const home = data.find((r) => r[18] === `${formatReference(crete.reference)}/1`)!;
      assert.equal(home[0], GREEK_NAME);
      assert.equal(home[2], 'Shelter');
      assert.equal(home[5], 'GR-M');
      assert.equal(home[7], gazetteer.get(creteMunicipality)!.parentCode);
      assert.equal(home[13], '4');
      const money = data.find((r) => r[18] === `${formatReference(crete.reference)}/2`)!;
      assert.deepEqual([money[15], money[16], money[17]], ['1500.50', 'EUR', 'cash']);
      for (const secret of ['+306912345678', 'eleni@example.org', UKRAINIAN_NAME, 'Οδός Κνωσού', '"01234"', '012345678', TRICKY_DESCRIPTION.slice(0, 10)]) {
        assert.ok(!res.body.includes(secret), `HXL holds ${secret}`);
      }
    });

    test('rows come in whole offers, however the database hands them over, and every line exactly once', async () => {
      const selection = { where: sql<boolean>`true`, sort: 'oldest' as const, asOf: await selectExportNow(t.ctx.db) };
      const batches: ExportRow[][] = [];
      if (engine === 'postgres') {
        // two rows a FETCH: the three-line offer is split by the cursor and joined again
        for await (const rows of streamExportRows(t.ctx.db, selection, { lines: true, contact: false, fetchRows: 2 })) batches.push(rows);
      } else {
        let after: { at: string; id: string } | undefined;
        for (;;) {
          const rows = await selectExportBatch(t.ctx.db, selection, { after, limit: 1, lines: true, contact: false });
          if (rows.length === 0) break;
          batches.push(rows);
          after = { at: rows.at(-1)!.position_at, id: rows.at(-1)!.offer_id };
        }
      }
      const seen = new Set<string>();
      for (const batch of batches) {
        const ids = new Set(batch.map((r) => r.offer_id));
        for (const id of ids) {
          assert.ok(!seen.has(id), 'an offer in two batches');
          seen.add(id);
        }
      }
      const rows = batches.flat();
      assert.equal(rows.length, await lineCount(t));
      assert.equal(new Set(rows.map((r) => `${r.offer_id}/${r.position}`)).size, rows.length);
      assert.deepEqual(rows.filter((r) => r.offer_id === ukrainian.id).map((r) => r.position), [1, 2, 3]);
      assert.ok(rows.every((r) => r.contact_phone === undefined), 'contact columns are not even read');
    });

    test('each export is an audit event: who, format, filters, rows', async () => {
      await viewer.get('/staff/offers/export?format=hxl&region=GR-I');
      const event = await t.ctx.db
        .selectFrom('audit_events')
        .selectAll()
        .where('action', '=', 'offers.exported')
        .where('actor_id', '=', viewer.account.id)
        .orderBy('id', 'desc')
        .executeTakeFirstOrThrow();
      const details = event.details as Record<string, unknown>;
      assert.equal(details.format, 'hxl');
      assert.equal(details.filters, 'region=GR-I');
      assert.equal(details.rows, 2);
      assert.equal(details.contact, false);
      assert.equal(details.delivery, 'direct');
    });

    describe('past the inline limit, as a background job', () => {
      let small: TestApp;
      let member: StaffAgent;
      let other: StaffAgent;
      let jobDir: string;

      before(async () => {
        jobDir = await mkdtemp(path.join(tmpdir(), 'prosfero-export-jobs-'));
        small = await buildTestApp(engine, { config: { exports: { inlineMaxRows: 2, dir: jobDir, retentionHours: 1 } } as Partial<Config> });
        for (let i = 0; i < 7; i++) {
          await insertOffer(small.ctx.db, {
            organisation: { legal_name: i % 2 ? `Οργάνωση ${i}` : `Організація ${i}`, tax_id: `00000000${i}`, tax_id_kind: 'afm' },
            lines: [
              { kind: 'accommodation', category: 'room_in_shared_home', places: 1 + i, region_code: 'GR-M', description: `γραμμή ${i}\n"δεύτερη"` },
              { kind: 'money', amount: `${100 + i}.25`, currency: 'EUR', frequency: 'one_off' },
            ],
          });
        }
        member = await signInAs(small.app, small.ctx, 'coordinator');
        other = await signInAs(small.app, small.ctx, 'coordinator');
      });
      after(async () => {
        await small?.close();
        await rm(jobDir, { recursive: true, force: true });
      });

      test('a large export is queued, shows its progress, and downloads exactly the rows the filter selects', async () => {
        const confirm = await member.get('/staff/offers/export?format=csv&region=GR-M');
        assert.equal(confirm.statusCode, 200);
        assert.match(confirm.headers['content-type'] as string, /text\/html/);
        assert.ok(confirm.body.includes('Prepare the export'));
        const posted = await member.post('/staff/exports', { _csrf: csrfToken(confirm.body), format: 'csv', query: 'region=GR-M' });
        assert.equal(posted.statusCode, 303);
        const jobUrl = posted.headers.location as string;
        assert.match(jobUrl, /^\/staff\/exports\/[0-9a-f-]{36}$/);
        const waiting = await member.get(jobUrl);
        assert.equal(waiting.statusCode, 200);
        assert.ok(waiting.body.includes('<progress id="export-progress"'));
        assert.ok(waiting.body.includes('Check the progress again'));
        assert.ok(!waiting.body.includes('http-equiv="refresh"'));
        assert.equal((await other.get(jobUrl)).statusCode, 404, 'another member cannot see it');

        assert.equal(await runExportJobs(small.ctx, await loadGazetteer(small.ctx.db)), 1);
        const ready = await member.get(jobUrl);
        assert.ok(ready.body.includes('The file holds 7 offers with 14 rows of offer lines.'), ready.body);
        assert.equal((await other.get(`${jobUrl}/download`)).statusCode, 404);
        const file = await member.get(`${jobUrl}/download`);
        assert.equal(file.statusCode, 200);
        const data = records(parseCsv(file.body, ';'));
        assert.equal(data.length, await lineCount(small, sql`offers.region_codes && ARRAY['GR-M']::text[]`));
        assert.equal(data.length, 14);
        assert.ok(data.some((r) => r['Description'] === 'γραμμή 3\n"δεύτερη"'));
        assert.ok(data.some((r) => r['Tax identifier (ΑΦΜ or foreign)'] === '="000000004"'));
        const events = await small.ctx.db.selectFrom('audit_events').select(['action', 'details', 'entity_id']).where('actor_id', '=', member.account.id).where('entity_type', '=', 'export').execute();
        const exported = events.find((e) => e.action === 'offers.exported')!;
        assert.equal(exported.entity_id, jobUrl.split('/').pop());
        assert.deepEqual(
          (({ format, filters, offers, rows, delivery }) => ({ format, filters, offers, rows, delivery }))(exported.details as Record<string, unknown>),
          { format: 'csv', filters: 'region=GR-M', offers: 7, rows: 14, delivery: 'background' },
        );
        assert.ok(events.some((e) => e.action === 'export.downloaded'));
      });

      test('an XLSX job holds every offer and line', async () => {
        const confirm = await member.get('/staff/offers/export?format=xlsx');
        const posted = await member.post('/staff/exports', { _csrf: csrfToken(confirm.body), format: 'xlsx', query: '' });
        await runExportJobs(small.ctx, await loadGazetteer(small.ctx.db));
        const file = await member.get(`${posted.headers.location}/download`);
        const book = new ExcelJS.Workbook();
        await book.xlsx.load(file.rawPayload as unknown as ArrayBuffer);
        assert.equal(book.worksheets[0]!.actualRowCount - 1, 7);
        assert.equal(book.worksheets[1]!.actualRowCount - 1, 14);
      });

      test('a job left running by a stopped process is taken up again by the worker', async () => {
        const staleAt = new Date(Date.now() - 10 * 60_000);
        const job = await small.ctx.db
          .insertInto('export_jobs')
          .values({ staff_account_id: member.account.id, format: 'jsonl', query: '', contact: true, language: 'en', as_of: new Date(), status: 'running', attempts: 1, claimed_at: staleAt, heartbeat_at: staleAt })
          .returning('id')
          .executeTakeFirstOrThrow();
        await small.ctx.db.insertInto('export_jobs').values({ staff_account_id: member.account.id, format: 'hxl', query: '', contact: false, language: 'en', as_of: new Date() }).execute();
        const worker = startExportWorker(small.ctx, { pollMs: 50 });
        try {
          for (let i = 0; i < 200; i++) {
            const rows = await small.ctx.db.selectFrom('export_jobs').select('status').where('status', 'in', ['queued', 'running']).execute();
            if (rows.length === 0) break;
            await new Promise((r) => setTimeout(r, 50));
          }
        } finally {
          await worker.stop();
        }
        const done = await small.ctx.db.selectFrom('export_jobs').selectAll().where('id', '=', job.id).executeTakeFirstOrThrow();
        assert.equal(done.status, 'done');
        assert.equal(done.attempts, 2);
        assert.equal(done.offers_written, 7);
        const file = await member.get(`/staff/exports/${job.id}/download`);
        assert.equal(file.body.trim().split('\n').length, 7);
      });

      test('a job that keeps failing is tried three times, then its page says it failed and leaves no file', async () => {
        // filters that no longer read (a region code withdrawn from the gazetteer, say)
        const job = await small.ctx.db
          .insertInto('export_jobs')
          .values({ staff_account_id: member.account.id, format: 'csv', query: 'region=GR-ZZ', contact: true, language: 'en', as_of: new Date() })
          .returning('id')
          .executeTakeFirstOrThrow();
        const files = await readdir(jobDir);
        await runExportJobs(small.ctx, await loadGazetteer(small.ctx.db));
        const failed = await small.ctx.db.selectFrom('export_jobs').selectAll().where('id', '=', job.id).executeTakeFirstOrThrow();
        assert.equal(failed.status, 'failed');
        assert.equal(failed.attempts, 3);
        assert.deepEqual(await readdir(jobDir), files);
        const page = await member.get(`/staff/exports/${job.id}`);
        assert.ok(page.body.includes('The export could not be completed.'));
        assert.equal((await member.get(`/staff/exports/${job.id}/download`)).statusCode, 404);
      });

      test('files past their retention are deleted and their page says so', async () => {
        const before = (await readdir(jobDir)).filter((f) => !f.endsWith('.part'));
        assert.ok(before.length >= 3);
        await small.ctx.db.updateTable('export_jobs').set({ finished_at: new Date(Date.now() - 2 * 3600_000) }).where('status', '=', 'done').execute();
        const { deleteExpiredExports } = await import('../../src/modules/exports/index.js');
        assert.equal(await deleteExpiredExports(small.ctx), before.length);
        assert.deepEqual(await readdir(jobDir), []);
        const job = await small.ctx.db.selectFrom('export_jobs').select('id').where('status', '=', 'expired').executeTakeFirstOrThrow();
        const page = await member.get(`/staff/exports/${job.id}`);
        assert.ok(page.body.includes('The file has been deleted.'));
        assert.equal((await member.get(`/staff/exports/${job.id}/download`)).statusCode, 404);
      });
    });
  });
}
