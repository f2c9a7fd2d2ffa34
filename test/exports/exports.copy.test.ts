// CSV exports written by PostgreSQL's COPY (exports.copy.ts) against the row-by-row writer
// (exports.formats.ts) over the same offers: the two files must be the same bytes, for each
// language, with and without contact data, with `;` and `,`, and under the queue's filters
// (whose parameters COPY gets written into its statement). The offers hold what the rules are
// for: formula-leading text, number-like identifiers, phones, line breaks, quotes, separators,
// Greek and Ukrainian, lists, decimals, an offer without lines. Also the record-end conversion
// over every chunk boundary, and literal writing. PostgreSQL only: the embedded database writes
// CSV row by row (PGlite streams no COPY).
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { after, before, describe, test } from 'node:test';
import { parse } from 'csv-parse/sync';
import { sql } from 'kysely';
import { CsvRecordEnds, copyCsv, inlineParameters } from '../../src/modules/exports/exports.copy.js';
import { writeExport, ExportAbortedError, E164_PATTERN, FORMULA_START_PATTERN, NUMBER_LIKE_PATTERN } from '../../src/modules/exports/exports.formats.js';
import { selectExportNow, streamExportRows, type ExportSelection } from '../../src/modules/exports/exports.repository.js';
import { loadGazetteer, type Gazetteer } from '../../src/modules/geography/index.js';
import { parseQueueQuery, queueCondition } from '../../src/modules/review/index.js';
import { buildTestApp, type TestApp } from '../support/app.js';
import { engines } from '../support/database.js';
import { insertOffer } from '../support/factories.js';

/** A Writable keeping every byte. */
function collector(): Writable & { bytes(): Buffer } {
  const chunks: Buffer[] = [];
  const w = new Writable({
    write(chunk: Buffer, _enc, done) {
      chunks.push(Buffer.from(chunk));
      done();
    },
  }) as Writable & { bytes(): Buffer };
  w.bytes = () => Buffer.concat(chunks);
  return w;
}

describe('CSV record ends: LF to CRLF outside quoted cells', () => {
  const csv = 'a;"b\nc";d\n"say ""hi""\n";e;f\n;;\n"x\r\ny";"";z\n';
  const expected = 'a;"b\nc";d\r\n"say ""hi""\n";e;f\r\n;;\r\n"x\r\ny";"";z\r\n';

  test('whole, and cut at every byte, it gives the same bytes and counts each record once', () => {
    const bytes = Buffer.from(csv);
    for (let cut = 0; cut <= bytes.length; cut++) {
      const ends = new CsvRecordEnds();
      const out = Buffer.concat([...ends.convert(bytes.subarray(0, cut)), ...ends.convert(bytes.subarray(cut))]).toString();
      assert.equal(out, expected, `cut at ${cut}`);
      assert.equal(ends.records, 4, `cut at ${cut}`);
    }
  });

  test('one byte at a time', () => {
    const ends = new CsvRecordEnds();
    const out = Buffer.concat([...Buffer.from(csv)].flatMap((b) => ends.convert(Buffer.from([b])))).toString();
    assert.equal(out, expected);
    assert.equal(ends.records, 4);
  });
});

describe('parameters written into a COPY statement', () => {
  test('strings, numbers, booleans, dates and arrays become quoted literals; nothing else is touched', () => {
    assert.equal(
      inlineParameters('a = $1 AND b = $2 AND c = ANY($3) AND d <= $4 AND e = $5 AND f = $10 AND g IN ($6, $7, $8, $9)', ["O'Brien \\ x", 5, ['GR-I', 'x"y', 'a\\b'], new Date('2026-03-01T10:00:00.000Z'), true, 6, 7, 8, 9, 'ten']),
      String.raw`a =  E'O''Brien \\ x' AND b = '5' AND c = ANY( E'{"GR-I","x\\"y","a\\\\b"}') AND d <= '2026-03-01T10:00:00.000Z' AND e = 'true' AND f = 'ten' AND g IN ('6', '7', '8', '9')`,
    );
  });

  test('a placeholder without a parameter, or a parameter without a placeholder, is an error', () => {
    assert.throws(() => inlineParameters('a = $2', ['x']), /placeholder \$2 has no parameter/);
    assert.throws(() => inlineParameters('a = $1', ['x', 'y']), /1 parameters have no placeholder/);
    assert.throws(() => inlineParameters('a = $1', [{}]), /cannot write a object/);
  });
});

for (const engine of engines().filter((e) => e === 'postgres')) {
  describe(`CSV by COPY equals CSV row by row (${engine})`, () => {
    let t: TestApp;
    let gazetteer: Gazetteer;

    before(async () => {
      t = await buildTestApp(engine);
      gazetteer = await loadGazetteer(t.ctx.db);
      const m = await sql<{ code: string }>`
        SELECT m.code FROM admin_units m JOIN admin_units u ON u.code = m.parent_code
        WHERE m.level = 'municipality' AND u.parent_code = 'GR-M' ORDER BY m.code LIMIT 1`.execute(t.ctx.db);
      const municipality = m.rows[0]!.code;
      await insertOffer(t.ctx.db, {
        organisation: {
          kind: 'ngo',
          legal_name: 'Σύλλογος «Αλληλεγγύη»; "Ηρακλείου", Κρήτη',
          distinctive_title: '=HYPERLINK("http://example.org")',
          tax_id: '012345678',
          tax_id_kind: 'afm',
          registry_number: '1E5',
          website: '+https://example.org',
          region_code: 'GR-M',
          municipality_code: municipality,
          legal_representative: '@Ελένη',
          contact_name: '-Ελένη Παπαδοπούλου',
          contact_role: '\tΠρόεδρος',
          contact_phone: '+306912345678',
          contact_email: 'eleni@example.org',
          street: 'Οδός Κνωσού 5\nΔιαμέρισμα 2',
          postcode: '01234',
          city: '\rΗράκλειο',
        },
        offer: { status: 'verified', last_contact_outcome: 'reached', possible_duplicate: true },
        lines: [
          { kind: 'accommodation', category: 'apartment', places: 4, rooms: 2, region_code: 'GR-M', municipality_code: municipality, description: 'Δύο δωμάτια\r\nμε "θέα"; κοντά, στη θάλασσα\nκαι \\ ξανά', address: '=1+1', step_free_access: true, suitable_for: ['families', 'pets', 'children'], cost_basis: 'free', available_from: '2026-03-01', available_until: '2026-12-31' },
          { kind: 'money', amount: '1500.50', currency: 'EUR', frequency: 'monthly', purpose: '+SUM(1;2)' },
          { kind: 'service', category: 'interpretation_translation', delivery: 'remote', description: '12 345', region_code: 'GR-M', languages: ['uk', 'el', 'ru'], capacity_per_week: 10 },
          { kind: 'essential_items', category: 'clothing_footwear', quantity: 30, unit: 'boxes', condition: 'new', can_deliver: false, delivery_area: '-2+3', region_code: 'GR-M', expiry: '2027-01-31' },
          { kind: 'accommodation', category: 'room', places: 1, region_code: 'GR-M', suitable_for: [], description: '' },
        ],
      });
      await insertOffer(t.ctx.db, {
        organisation: { kind: 'individual', legal_name: 'Олена Ковальчук', contact_name: 'Олена Ковальчук', contact_phone: '+380501234567', contact_email: 'olena@example.org', preferred_language: 'uk', country: 'UA', tax_id: null },
        offer: { language: 'uk', channel: 'import', status: 'submitted' },
        lines: [{ kind: 'service', category: 'legal_aid', delivery: 'in_person', region_code: 'GR-I', languages: ['uk'], description: 'Юридична допомога, "безкоштовно"' }],
      });
      const lineless = await insertOffer(t.ctx.db, { organisation: { legal_name: 'Offer without lines' } });
      await sql`DELETE FROM offer_lines WHERE offer_id = ${lineless.id}`.execute(t.ctx.db);
      for (let i = 0; i < 30; i++) await insertOffer(t.ctx.db, { lines: [{ kind: 'essential_items', category: 'food', quantity: i + 1, unit: 'kg', region_code: i % 2 ? 'GR-I' : 'GR-M' }] });
    });
    after(async () => {
      await t?.close();
    });

    /** Both files of the queue's `query` for a national coordinator. */
    async function both(query: string, o: { lang: 'el' | 'en'; contact: boolean; delimiter: ';' | ',' }) {
      const parsed = parseQueueQuery(Object.fromEntries(new URLSearchParams(query)), gazetteer);
      assert.ok(parsed.ok, query);
      const where = await queueCondition(t.ctx, { regions: 'all' }, parsed.request.filters, { contact: o.contact });
      assert.ok(where);
      const selection: ExportSelection = { where, sort: parsed.request.filters.sort, asOf: await selectExportNow(t.ctx.db) };
      const copied = collector();
      const byCopy = await copyCsv(t.ctx.db, selection, copied, { ...o, gazetteer });
      const written = collector();
      const byRows = await writeExport(o.delimiter === ';' ? 'csv' : 'csv-comma', ({ lines }) => streamExportRows(t.ctx.db, selection, { lines, contact: o.contact }), written, { lang: o.lang, contact: o.contact, gazetteer });
      return { copied: copied.bytes().toString('utf8'), written: written.bytes().toString('utf8'), byCopy, byRows };
    }

    for (const lang of ['el', 'en'] as const) {
      for (const contact of [true, false]) {
        for (const delimiter of [';', ','] as const) {
          test(`every offer: ${lang}, ${contact ? 'with' : 'without'} contact data, "${delimiter}"`, async () => {
            const { copied, written, byCopy, byRows } = await both('', { lang, contact, delimiter });
            assert.equal(copied, written);
            assert.deepEqual(byCopy, byRows);
            const rows = parse(copied, { bom: true, delimiter }) as string[][];
            const lines = await sql<{ n: string }>`SELECT count(*) + (SELECT count(*) FROM offers o WHERE NOT EXISTS (SELECT 1 FROM offer_lines l WHERE l.offer_id = o.id)) AS n FROM offer_lines`.execute(t.ctx.db);
            assert.equal(rows.length - 1, Number(lines.rows[0]!.n));
            assert.equal(byCopy.rows, rows.length - 1);
            assert.equal(byCopy.offers, 33);
            // the rules were applied, not merely agreed on
            assert.ok(copied.includes(`'=HYPERLINK(""http://example.org"")`), 'formula-leading text made inert');
            assert.ok(copied.includes('"=""012345678"""') && copied.includes('"=""1E5"""'), 'number-like identifiers as text formulas');
            if (contact) assert.ok(copied.includes('"=""+306912345678"""'), 'phones kept dialable');
            else assert.ok(!copied.includes('eleni@example.org'), 'no contact data');
          });
        }
      }
    }

    // Κρήτη and O'Brien match no offer here (the factory writes no search document): they check
    // that the search's parameters reach COPY's statement intact.
    for (const query of ['status=verified', 'region=GR-M&kind=accommodation', 'q=Κρήτη', 'q=012345678', "q=O'Brien \\ «x»", 'sort=oldest', 'region=GR-I&sort=oldest']) {
      test(`the queue's filters: ${query}`, async () => {
        const { copied, written, byCopy, byRows } = await both(query, { lang: 'el', contact: true, delimiter: ';' });
        assert.equal(copied, written);
        assert.deepEqual(byCopy, byRows);
        if (query !== 'q=Κρήτη' && !query.startsWith('q=O')) assert.ok(byCopy.rows > 0, 'the filter selects offers');
      });
    }

    test('written literals read back as the values they were made of', async () => {
      const values = ["O'Brien", 'a\\b', '«Κρήτη» "x"', '$1', "'; DROP TABLE offers; --", 'Олена'];
      for (const v of values) {
        const r = await sql<{ v: string; a: string[] }>`SELECT ${sql.raw(inlineParameters('$1::text AS v, $2::text[] AS a', [v, [v, 'b']]))}`.execute(t.ctx.db);
        assert.equal(r.rows[0]!.v, v);
        assert.deepEqual(r.rows[0]!.a, [v, 'b']);
      }
    });

    test('the three pattern rules read alike in JavaScript and in PostgreSQL', async () => {
      const values = ['=1', '+30', '-', '@a', '\tx', '\rx', 'x=1', '012', '0 1.2,3:4/5-6', '1e5', '1E5', 'E5', '1e', '+306912345678', '+3069', '+30691234567890123', '30691234567', ' 012', '٠١٢', 'Ω'];
      for (const pattern of [FORMULA_START_PATTERN, NUMBER_LIKE_PATTERN, E164_PATTERN]) {
        const r = await sql<{ m: boolean[] }>`SELECT array_agg(v ~ ${pattern} ORDER BY n) AS m FROM unnest(${values}::text[]) WITH ORDINALITY AS u(v, n)`.execute(t.ctx.db);
        assert.deepEqual(r.rows[0]!.m, values.map((v) => new RegExp(pattern).test(v)), pattern);
      }
    });

    test('a download closed half-way stops the COPY and gives its connection back closed, not half-read', async () => {
      const where = sql<boolean>`true`;
      const selection: ExportSelection = { where, sort: 'newest', asOf: await selectExportNow(t.ctx.db) };
      let taken = 0;
      const closing = new Writable({
        highWaterMark: 1,
        write(_chunk, _enc, done) {
          if (++taken === 2) this.destroy();
          done();
        },
      });
      await assert.rejects(copyCsv(t.ctx.db, selection, closing, { lang: 'el', contact: true, gazetteer, delimiter: ';' }), ExportAbortedError);
      // the pool still serves queries
      const r = await sql<{ n: number }>`SELECT 1 AS n`.execute(t.ctx.db);
      assert.equal(r.rows[0]!.n, 1);
    });
  });
}
