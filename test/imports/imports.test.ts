// Bulk import over HTTP on both engines: valid CSV and XLSX files become offers on the `import`
// channel with Greek and Ukrainian text and leading zeros intact; rejected rows are listed with
// their reasons; «import the valid offers» and «import none»; hostile files get a clear 4xx;
// duplicates are detected and every step is audited.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import { settleImportJobs, readSheet, FileProblem, importBatch, openBatch, purgeExpiredImports } from '../../src/modules/imports/index.js';
import type { StaffMember } from '../../src/modules/accounts/index.js';
import { loadGazetteer } from '../../src/modules/geography/index.js';
import { buildTestApp, testClock, type TestApp } from '../support/app.js';
import { csrfToken } from '../support/agent.js';
import { engines } from '../support/database.js';
import { signInAs, type StaffAgent } from '../support/staff.js';
import { csvOf, dayFirst, municipalityRows, moneyRow, ukrainianRow, upload, xlsxOf, type Row } from './support.js';

const BATCH_URL = /^\/staff\/imports\/([0-9a-f-]{36})$/;

async function uploadAndCheck(t: TestApp, agent: StaffAgent, file: { name: string; data: Buffer }): Promise<string> {
  const res = await upload(t.app, agent, file);
  assert.equal(res.statusCode, 303, res.body.slice(0, 2000));
  const id = BATCH_URL.exec(res.headers.location as string)?.[1];
  assert.ok(id, `redirected to ${res.headers.location}`);
  await settleImportJobs();
  return id;
}

async function decide(agent: StaffAgent, id: string, action: 'import' | 'discard') {
  const page = await agent.get(`/staff/imports/${id}`);
  const res = await agent.post(`/staff/imports/${id}/${action}`, { _csrf: csrfToken(page.body) });
  await settleImportJobs();
  return res;
}

function text(html: string): string {
  return html.replace(/<[^>]+>/g, ' ').replace(/&#39;/g, "'").replace(/&quot;/g, '"').replace(/&amp;/g, '&').replace(/\s+/g, ' ');
}

for (const engine of engines()) {
  describe(`importing offers from a file, on ${engine}`, () => {
    let t: TestApp;
    let coordinator: StaffAgent;
    let greek: StaffAgent;

    before(async () => {
      t = await buildTestApp(engine);
      coordinator = await signInAs(t.app, t.ctx, 'coordinator');
      greek = await signInAs(t.app, t.ctx, 'administrator', { language: 'el' });
    });
    after(async () => {
      await settleImportJobs();
      await t?.close();
    });

    /** Offers on the import channel; with a batch id, only that batch's (its idempotency keys). */
    const importOffers = (batch?: string) =>
      t.ctx.db
        .selectFrom('offers as o')
        .innerJoin('organisations as g', 'g.id', 'o.organisation_id')
        .select(['o.id', 'o.reference', 'o.channel', 'o.language', 'o.possible_duplicate', 'g.legal_name', 'g.tax_id', 'g.postcode', 'g.contact_email', 'g.country'])
        .where('o.channel', '=', 'import')
        .$if(batch !== undefined, (q) => q.where('o.idempotency_key', 'like', `import:${batch}:%`))
        .orderBy('o.idempotency_key')
        .execute();

    test('a CSV with Greek and Ukrainian offers is checked, then imported on the import channel with leading zeros kept', async () => {
      const before = (await importOffers()).length;
      const id = await uploadAndCheck(t, coordinator, { name: 'δήμοι.csv', data: csvOf([...municipalityRows('A'), ukrainianRow(), moneyRow()]) });
      const page = await coordinator.get(`/staff/imports/${id}`);
      assert.equal(page.statusCode, 200);
      assert.equal(page.headers.refresh, undefined, 'a checked batch does not refresh');
      const body = text(page.body);
      assert.match(body, /Rows in the file 4/);
      assert.match(body, /Offers 3/);
      assert.match(body, /Valid offers 3/);
      assert.match(body, /Import the 3 valid offers/);

      const res = await decide(coordinator, id, 'import');
      assert.equal(res.statusCode, 303);
      const done = await coordinator.get(`/staff/imports/${id}`);
      assert.match(text(done.body), /3 offers were imported/);

      const offers = await importOffers(id);
      assert.equal(offers.length, 3);
      const municipality = offers.find((o) => o.legal_name === 'Δήμος Αρχανών-Αστερουσίων')!;
      assert.equal(municipality.tax_id, '099776546');
      assert.equal(municipality.language, 'el');
      const olena = offers.find((o) => o.legal_name === 'Олена Коваленко')!;
      assert.equal(olena.postcode, '01001');
      assert.equal(olena.country, 'UA');
      assert.equal(olena.language, 'uk');
      for (const o of offers) assert.ok(done.body.includes(o.reference.slice(0, 3)), 'the page lists the references');

      const lines = await t.ctx.db.selectFrom('offer_lines').selectAll().where('offer_id', '=', municipality.id).orderBy('position').execute();
      assert.deepEqual(lines.map((l) => l.kind), ['accommodation', 'essential_items']);
      assert.equal(lines[0]!.category, 'camp_or_facility');
      assert.equal(lines[0]!.municipality_code, '7102');
      assert.deepEqual(lines[0]!.suitable_for, ['families', 'children']);
      assert.equal(lines[1]!.description, 'Κουβέρτες και σεντόνια\nγια 60 άτομα');
      const service = await t.ctx.db.selectFrom('offer_lines').selectAll().where('offer_id', '=', olena.id).executeTakeFirstOrThrow();
      assert.deepEqual(service.languages, ['el', 'uk']);
      assert.equal(service.description, 'Усний переклад українська — грецька');
      const money = await t.ctx.db.selectFrom('offer_lines').selectAll().where('offer_id', '=', offers.find((o) => o.contact_email === 'donations@ngo.example.org')!.id).executeTakeFirstOrThrow();
      assert.equal(String(money.amount), '1000.50');
      assert.equal(money.frequency, 'monthly');

      const versions = await t.ctx.db.selectFrom('offer_answer_versions').select(['source', 'answers']).where('offer_id', '=', olena.id).execute();
      assert.equal(versions.length, 1);
      assert.equal(versions[0]!.source, 'import');
      assert.equal((versions[0]!.answers as { organisation: { legal_name: string } }).organisation.legal_name, 'Олена Коваленко');
      const statuses = await t.ctx.db.selectFrom('offer_status_changes').select(['to_status', 'actor_kind', 'actor_id']).where('offer_id', '=', olena.id).execute();
      assert.deepEqual(statuses, [{ to_status: 'submitted', actor_kind: 'staff', actor_id: coordinator.account.id }]);

      const audit = await t.ctx.db.selectFrom('audit_events').select(['action', 'entity_id', 'details', 'actor_id']).where('actor_id', '=', coordinator.account.id).orderBy('id').execute();
      const forBatch = audit.filter((a) => a.entity_id === id).map((a) => a.action);
      assert.deepEqual(forBatch, ['import.uploaded', 'import.completed']);
      const perOffer = audit.filter((a) => a.action === 'offer.submitted' && (a.details as { batch?: string }).batch === id);
      assert.equal(perOffer.length, 3);
      assert.ok(perOffer.every((a) => (a.details as { channel: string }).channel === 'import'));
      const completed = audit.find((a) => a.action === 'import.completed' && a.entity_id === id)!;
      assert.equal((completed.details as { offers: number }).offers, 3);

      // The batch no longer keeps the answers: the offers hold them now.
      const kept = await t.ctx.db.selectFrom('import_batch_offers').select(['answers', 'offer_id']).where('batch_id', '=', id).execute();
      assert.equal(kept.length, 3);
      assert.ok(kept.every((k) => k.offer_id !== null && JSON.stringify(k.answers) === '{}'));
      // Importing the same batch again is refused, and makes no offer.
      const again = await coordinator.post(`/staff/imports/${id}/import`, { _csrf: csrfToken(done.body) });
      assert.equal(again.statusCode, 409);
      assert.equal((await importOffers()).length, before + 3);
    });

    test('an XLSX with a numeric ΑΦΜ cell, a date cell and comma-separated CSV alike are read right', async () => {
      const [first, second] = municipalityRows('X');
      const fromDate = new Date(Date.now() + 10 * 86_400_000);
      const rows: Row[] = [
        // Excel turns 099776546 typed in a general cell into the number 99776546.
        { ...first!, tax_id: 99776546, postcode: 70100, available_from: new Date(Date.UTC(fromDate.getUTCFullYear(), fromDate.getUTCMonth(), fromDate.getUTCDate())) },
        second!,
        ukrainianRow(),
      ];
      const id = await uploadAndCheck(t, coordinator, { name: 'offers.xlsx', data: await xlsxOf(rows) });
      assert.equal((await decide(coordinator, id, 'import')).statusCode, 303);
      const offers = await importOffers(id);
      assert.equal(offers.length, 2);
      assert.equal(offers.find((o) => o.country === 'GR')!.tax_id, '099776546');
      const line = await t.ctx.db.selectFrom('offer_lines').select(['available_from']).where('offer_id', '=', offers.find((o) => o.country === 'GR')!.id).where('position', '=', 1).executeTakeFirstOrThrow();
      assert.equal(line.available_from, fromDate.toISOString().slice(0, 10));

      const commaCsv = csvOf([moneyRow('comma@ngo.example.org')], { delimiter: ',', bom: false, lang: 'en' });
      const id2 = await uploadAndCheck(t, coordinator, { name: 'offers.CSV', data: commaCsv });
      assert.match(text((await coordinator.get(`/staff/imports/${id2}`)).body), /Valid offers 1/);
    });

    test('rejected rows are listed with row, column and reason in the member’s language, and «import none» imports nothing', async () => {
      const before = (await importOffers()).length;
      const rows: Row[] = [
        moneyRow('valid@ngo.example.org'),
        { ...moneyRow('bad-afm@ngo.example.org'), tax_id: '099776547' },
        { ...moneyRow(''), legal_name: '=HYPERLINK("http://evil.example","x")' },
        { ...ukrainianRow(), line_kind: 'teleportation' },
        { ...moneyRow('late@ngo.example.org'), line_kind: 'accommodation', places: '3', line_region: 'GR-I', category: 'hotel', cost_basis: 'free', step_free_access: 'no', available_from: '1/1/2020' },
        { ...moneyRow('huge@ngo.example.org'), purpose: 'λ'.repeat(50_000) },
      ];
      const id = await uploadAndCheck(t, greek, { name: 'λάθη.csv', data: csvOf(rows) });
      const page = await greek.get(`/staff/imports/${id}`);
      assert.equal(page.statusCode, 200);
      const body = text(page.body);
      assert.match(body, /Έγκυρες προσφορές 1/);
      assert.match(body, /Γραμμές που απορρίπτονται 5/);
      assert.match(body, /3 ΑΦΜ ή αριθμός ΦΠΑ ή μητρώου Αυτός ο ΑΦΜ δεν είναι έγκυρος/);
      assert.match(body, /4 Διεύθυνση email Γράψτε/);
      assert.match(body, /4 Επίσημη επωνυμία ή ονοματεπώνυμο Γράψτε την επωνυμία/);
      assert.match(body, /5 Είδος βοήθειας Επιλέξτε μία από τις επιλογές/);
      assert.match(body, /6 Διαθέσιμο από Η ημερομηνία έναρξης πρέπει να είναι σήμερα ή αργότερα/);
      assert.match(body, /7 Σκοπός Γράψτε έως 2\.000 χαρακτήρες/);

      const res = await decide(greek, id, 'discard');
      assert.equal(res.statusCode, 303);
      assert.match(text((await greek.get(`/staff/imports/${id}`)).body), /Δεν εισήχθη καμία προσφορά/);
      assert.equal((await importOffers()).length, before);
      assert.equal((await t.ctx.db.selectFrom('import_batch_offers').select('position').where('batch_id', '=', id).execute()).length, 0, 'the rows are deleted');
      const events = await t.ctx.db.selectFrom('audit_events').select('action').where('entity_id', '=', id).orderBy('id').execute();
      assert.deepEqual(events.map((e) => e.action), ['import.uploaded', 'import.discarded']);
    });

    test('«import the valid offers» imports exactly those, and a bad row sinks only its own offer', async () => {
      const [first, second] = municipalityRows('B');
      const rows: Row[] = [first!, { ...second!, quantity: 'πολλά' }, moneyRow('ok-1@ngo.example.org'), { ...moneyRow('ok-2@ngo.example.org'), city: 'Άλλη πόλη', offer_key: 'C' }, { offer_key: 'C', line_kind: 'money', amount: '5', frequency: 'one_off', city: 'Διαφορετική' }];
      const id = await uploadAndCheck(t, coordinator, { name: 'mixed.csv', data: csvOf(rows) });
      const body = text((await coordinator.get(`/staff/imports/${id}`)).body);
      assert.match(body, /Valid offers 1/);
      assert.match(body, /3 Quantity Enter a number, like 12/);
      assert.match(body, /6 Town or village Differs from row 5 of the same offer/);
      assert.equal((await decide(coordinator, id, 'import')).statusCode, 303);
      const offers = await importOffers(id);
      assert.deepEqual(offers.map((o) => o.contact_email), ['ok-1@ngo.example.org']);
    });

    test('a formula cell in an XLSX is refused, not evaluated', async () => {
      const id = await uploadAndCheck(t, coordinator, { name: 'formula.xlsx', data: await xlsxOf([{ ...moneyRow('f@ngo.example.org'), amount: { formula: '1000+1' } }]) });
      const body = text((await coordinator.get(`/staff/imports/${id}`)).body);
      assert.match(body, /Valid offers 0/);
      assert.match(body, /2 Amount The cell holds a formula/);
      assert.doesNotMatch(body, /Import the/);
    });

    test('imported offers go through duplicate detection, among themselves and against earlier offers', async () => {
      const rows = [moneyRow('twin@ngo.example.org'), moneyRow('twin@ngo.example.org')];
      const id = await uploadAndCheck(t, coordinator, { name: 'twins.csv', data: csvOf(rows) });
      await decide(coordinator, id, 'import');
      const twins = (await importOffers()).filter((o) => o.contact_email === 'twin@ngo.example.org');
      assert.equal(twins.length, 2);
      assert.ok(twins.every((o) => o.possible_duplicate), 'both are flagged');
      const pairs = await t.ctx.db
        .selectFrom('offer_duplicate_candidates')
        .select(['offer_id', 'candidate_offer_id', 'found_by'])
        .where((eb) => eb.or([eb('offer_id', 'in', twins.map((o) => o.id)), eb('candidate_offer_id', 'in', twins.map((o) => o.id))]))
        .execute();
      assert.ok(pairs.some((p) => new Set([p.offer_id, p.candidate_offer_id]).size === 2 && twins.every((o) => [p.offer_id, p.candidate_offer_id].includes(o.id))));
      assert.ok(pairs.every((p) => p.found_by === 'submission'));
    });

    test('hostile and broken files each get a clear 4xx message and make no batch', async () => {
      const count = async () => Number((await sql<{ n: string }>`SELECT count(*) AS n FROM import_batches`.execute(t.ctx.db)).rows[0]!.n);
      const batches = await count();
      const cases: [string, { name: string; data: Buffer }, number, RegExp][] = [
        ['empty', { name: 'empty.csv', data: Buffer.alloc(0) }, 422, /The file is empty/],
        ['header only', { name: 'header.csv', data: csvOf([]) }, 422, /headers but no row with an offer/],
        ['xlsx that is not a zip', { name: 'fake.xlsx', data: Buffer.from('organisation;name\n1;2\n') }, 415, /is not an XLSX workbook/],
        ['xlsx named csv', { name: 'book.csv', data: await xlsxOf([moneyRow()]) }, 415, /named \.csv but is a XLSX file/],
        ['binary in a csv', { name: 'binary.csv', data: Buffer.concat([csvOf([moneyRow()]), Buffer.from([0, 1, 2, 0xff])]) }, 415, /is not CSV text/],
        ['windows-1253', { name: 'greek.csv', data: Buffer.from([0xc4, 0xe7, 0xec, 0xef, 0xf2, 0x3b, 0x41, 0x0a]) }, 415, /not UTF-8/],
        ['utf-16', { name: 'u16.csv', data: Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('a;b\n', 'utf16le')]) }, 415, /UTF-16/],
        ['old xls', { name: 'old.xls', data: Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]) }, 415, /XLS files \(Excel 97–2003\)/],
        ['pdf', { name: 'offers.pdf', data: Buffer.from('%PDF-1.4') }, 415, /must be a CSV or XLSX/],
        ['missing columns', { name: 'cols.csv', data: Buffer.from('Legal name;Phone\nA;2101234567\n') }, 422, /lacks these columns: «Kind of organisation», «Greek tax number», «Street and number»/],
        ['an endless record', { name: 'long.csv', data: Buffer.concat([csvOf([]), Buffer.from(`"${'x'.repeat(300_000)}"\r\n`)]) }, 422, /far too long/],
        ['unclosed quote', { name: 'quote.csv', data: Buffer.concat([csvOf([]), Buffer.from('"abc;def\r\n')]) }, 422, /cannot be read as CSV/],
      ];
      for (const [name, file, status, message] of cases) {
        const res = await upload(t.app, coordinator, file);
        assert.equal(res.statusCode, status, `${name}: ${res.statusCode}`);
        assert.match(text(res.body), message, name);
        assert.match(res.body, /govgr-error-summary/, `${name} has an error summary`);
      }
      const none = await upload(t.app, coordinator, { name: '', data: Buffer.alloc(0) });
      assert.equal(none.statusCode, 422);
      assert.match(text(none.body), /Select a CSV or XLSX file/);
      const missing = await upload(t.app, greek, { name: 'cols.csv', data: Buffer.from('Legal name;Phone\nA;2101234567\n') });
      assert.match(text(missing.body), /Λείπουν από το αρχείο οι στήλες: «Είδος φορέα», «Ελληνικός ΑΦΜ»/);
      assert.equal(await count(), batches);
    });

    test('a file over the size limit gets 413, and one over the row limit too', async () => {
      const small = await buildTestApp(engine, { config: { imports: { maxBytes: 4096, maxRows: 2, ttlHours: 24 } } });
      try {
        const agent = await signInAs(small.app, small.ctx, 'coordinator');
        const big = await upload(small.app, agent, { name: 'big.csv', data: csvOf(Array.from({ length: 20 }, () => moneyRow())) });
        assert.equal(big.statusCode, 413);
        assert.match(text(big.body), /larger than 4 KB/);
        const many = await upload(small.app, agent, { name: 'many.csv', data: csvOf([moneyRow('a@ngo.example.org'), moneyRow('b@ngo.example.org'), moneyRow('c@ngo.example.org')]) });
        assert.equal(many.statusCode, 413);
        assert.match(text(many.body), /more than 2 rows/);
      } finally {
        await settleImportJobs();
        await small.close();
      }
    });

    test('an import decided on a later day checks the answers again, and a batch left past its expiry is deleted', async () => {
      const clock = testClock();
      const later = await buildTestApp(engine, { clock, config: { imports: { maxBytes: 1024 * 1024, maxRows: 100, ttlHours: 100 } } });
      try {
        const agent = await signInAs(later.app, later.ctx, 'coordinator');
        const member = { ...agent.account, name: 'Coordinator', language: 'en', mustChangePassword: false, regions: [], totpEnrolled: true, pendingStep: null } as unknown as StaffMember;
        const gazetteer = await loadGazetteer(later.ctx.db);
        const [first, second] = municipalityRows('L');
        const id = await uploadAndCheck(later, agent, { name: 'later.csv', data: csvOf([{ ...first!, available_from: dayFirst(1) }, second!, moneyRow('later@ngo.example.org')]) });
        assert.equal((await openBatch(later.ctx, id))!.validOfferCount, 2);
        const stale = await uploadAndCheck(later, agent, { name: 'left.csv', data: csvOf([moneyRow('left@ngo.example.org')]) });
        clock.advance(3 * 86_400_000); // the accommodation's start date has passed
        assert.equal(await importBatch(later.ctx, member, id, gazetteer), 'started');
        await settleImportJobs();
        const batch = (await openBatch(later.ctx, id))!;
        assert.equal(batch.status, 'imported');
        assert.equal(batch.importedCount, 1);
        const completed = await later.ctx.db.selectFrom('audit_events').select('details').where('entity_id', '=', id).where('action', '=', 'import.completed').executeTakeFirstOrThrow();
        assert.equal((completed.details as { no_longer_valid: number }).no_longer_valid, 1);

        clock.advance(101 * 3600_000);
        assert.equal(await purgeExpiredImports(later.ctx), 1);
        assert.equal((await openBatch(later.ctx, stale))!.status, 'expired');
        assert.equal((await later.ctx.db.selectFrom('import_batch_offers').select('position').where('batch_id', '=', stale).execute()).length, 0);
      } finally {
        await settleImportJobs();
        await later.close();
      }
    });

    test('a running batch refreshes itself without JavaScript, and the refresh can be turned off', async () => {
      const now = new Date();
      const row = await t.ctx.db
        .insertInto('import_batches')
        .values({ staff_account_id: coordinator.account.id, file_name: 'running.csv', format: 'csv', status: 'validating', row_count: 1000, offer_count: 1000, processed: 250, created_at: now, updated_at: now, expires_at: new Date(now.getTime() + 3600_000) })
        .returning('id')
        .executeTakeFirstOrThrow();
      const page = await coordinator.get(`/staff/imports/${row.id}`);
      assert.equal(page.statusCode, 200);
      assert.equal(page.headers.refresh, '3');
      assert.match(text(page.body), /250 of 1,000 offers checked/);
      assert.match(page.body, /<progress id="progress-bar" max="1000" value="250"/);
      const off = await coordinator.get(`/staff/imports/${row.id}?refresh=off`);
      assert.equal(off.headers.refresh, undefined);
      // Nothing can be decided while rows are being checked.
      const res = await coordinator.post(`/staff/imports/${row.id}/import`, { _csrf: csrfToken(off.body) });
      assert.equal(res.statusCode, 409);
      // A check silent for longer than five minutes was cut short by a restart: it is shown as failed.
      await t.ctx.db.updateTable('import_batches').set({ updated_at: new Date(now.getTime() - 10 * 60_000) }).where('id', '=', row.id).execute();
      assert.match(text((await coordinator.get(`/staff/imports/${row.id}`)).body), /Checking the file was interrupted/);
    });

    test('the templates download in Greek and English, as CSV with BOM and as XLSX with text columns', async () => {
      const csv = await coordinator.get('/staff/imports/template/prosfero-offers-el.csv');
      assert.equal(csv.statusCode, 200);
      assert.match(String(csv.headers['content-disposition']), /attachment; filename="prosfero-offers-el.csv"/);
      assert.ok(csv.rawPayload.subarray(0, 3).equals(Buffer.from([0xef, 0xbb, 0xbf])), 'UTF-8 BOM');
      const [headers] = parse(csv.rawPayload, { bom: true, delimiter: ';' }) as string[][];
      assert.equal(headers![0], 'Αριθμός προσφοράς');
      assert.ok(headers!.includes('Ελληνικός ΑΦΜ'));
      const xlsx = await coordinator.get('/staff/imports/template/prosfero-offers-en.xlsx');
      assert.equal(xlsx.statusCode, 200);
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
      const sheet = workbook.worksheets[0]!;
      assert.equal(sheet.getRow(1).getCell(1).value, 'Offer number');
      assert.equal(sheet.getColumn(6).numFmt, '@', 'the tax number column is text');
      assert.equal(sheet.views[0]?.state, 'frozen');
      assert.equal((sheet.views[0] as { ySplit?: number }).ySplit, 1, 'the header row is frozen');
      assert.equal(workbook.worksheets[1]!.name, 'Columns');
      assert.equal((await coordinator.get('/staff/imports/template/other.csv')).statusCode, 404);
      // The filled-in template reads back (the Greek one uploads in every test above).
      const page = await coordinator.get('/staff/imports');
      assert.match(page.body, /href="\/staff\/imports\/template\/prosfero-offers-el.xlsx"/);
      assert.match(text(page.body), /Kind of help/);
    });
  });
}

describe('reading a workbook', () => {
  test('a workbook that inflates beyond the limit is refused before it is parsed', async () => {
    const { xlsxOf: build } = await import('./support.js');
    const data = await build([{ legal_name: 'x'.repeat(5000) }]);
    const { MAX_INFLATED_BYTES } = await import('../../src/modules/imports/imports.files.js');
    assert.ok(MAX_INFLATED_BYTES >= 256 * 1024 * 1024);
    await assert.rejects(readSheet({ name: 'a.xlsx', data }, { maxRows: 10, maxInflatedBytes: 4096 }), (err: unknown) => err instanceof FileProblem && err.code === 'inflates_too_much');
    const sheet = await readSheet({ name: 'a.xlsx', data }, { maxRows: 10 });
    assert.equal(sheet.rows.length, 1);
  });

  test('a workbook whose worksheet comes before its shared strings reads the same every time', async () => {
    // exceljs writes (and Excel saves) the worksheet before the shared strings; exceljs's
    // streaming reader then sometimes lost the rest of the zip (about one read in 600).
    const { xlsxOf: build, municipalityRows, ukrainianRow } = await import('./support.js');
    const data = await build([...municipalityRows('R'), ukrainianRow()]);
    const names: string[] = [];
    for (let at = 0; at + 4 <= data.length; at++) {
      if (data.readUInt32LE(at) === 0x04034b50) names.push(data.toString('utf8', at + 30, at + 30 + data.readUInt16LE(at + 26)));
    }
    assert.ok(names.indexOf('xl/worksheets/sheet1.xml') < names.indexOf('xl/sharedStrings.xml'), names.join(' '));
    const first = await readSheet({ name: 'a.xlsx', data }, { maxRows: 10 });
    assert.equal(first.rows.length, 3);
    assert.ok(first.rows.some((r) => r.cells.includes('Олена Коваленко')));
    for (let i = 0; i < 1000; i++) {
      const again = await readSheet({ name: 'a.xlsx', data }, { maxRows: 10 });
      assert.deepEqual(again, first, `read ${i + 2}`);
    }
  });
});
