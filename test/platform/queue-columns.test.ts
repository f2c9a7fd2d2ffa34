// The queue columns of offers (region, regional unit and municipality codes, kinds and categories
// of their lines; migrations 0005 and 0016) follow every change to offer lines made in SQL:
// inserts, updates of what they are made of, a line moved to another offer, deletes; an update of
// anything else leaves them as they are. A line placed nowhere follows its offer's regions (0012).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql, type Kysely } from 'kysely';
import type { DB } from '../../src/platform/db/schema.js';
import { engines, testDatabase, type TestDatabase } from '../support/database.js';
import { insertOffer } from '../support/factories.js';

type Columns = { region_codes: string[]; regional_unit_codes: string[]; municipality_codes: string[]; line_kinds: string[]; line_categories: string[] };

async function columnsOf(db: Kysely<DB>, offerId: string): Promise<Columns> {
  const r = await sql<Columns>`SELECT region_codes, regional_unit_codes, municipality_codes, line_kinds, line_categories FROM offers WHERE id = ${offerId}`.execute(db);
  const c = r.rows[0]!;
  const sorted = (a: string[]) => [...a].sort();
  return { region_codes: sorted(c.region_codes), regional_unit_codes: sorted(c.regional_unit_codes), municipality_codes: sorted(c.municipality_codes), line_kinds: sorted(c.line_kinds), line_categories: sorted(c.line_categories) };
}

for (const engine of engines()) {
  describe(`queue columns follow offer lines (${engine})`, () => {
    let database: TestDatabase;
    let db: Kysely<DB>;
    let creteMunicipality: string;
    let creteUnit: string;

    before(async () => {
      database = await testDatabase(engine);
      db = database.db;
      const m = await sql<{ code: string; unit: string }>`
        SELECT m.code, u.code AS unit FROM admin_units m JOIN admin_units u ON u.code = m.parent_code
        WHERE m.level = 'municipality' AND u.parent_code = 'GR-M' ORDER BY m.code LIMIT 1`.execute(db);
      creteMunicipality = m.rows[0]!.code;
      creteUnit = m.rows[0]!.unit;
    });
    after(async () => {
      await database?.close();
    });

    test('insert, update of what they are made of, update of anything else, move, delete', async () => {
      const a = await insertOffer(db, {
        lines: [
          { kind: 'service', category: 'legal_aid', delivery: 'in_person', region_code: 'GR-I' },
          { kind: 'money', amount: '100.00', currency: 'EUR', frequency: 'one_off' },
        ],
      });
      const b = await insertOffer(db, { lines: [{ kind: 'essential_items', category: 'food', quantity: 5, unit: 'kg', region_code: 'GR-E' }] });
      assert.deepEqual(await columnsOf(db, a.id), { region_codes: ['GR-I'], regional_unit_codes: [], municipality_codes: [], line_kinds: ['money', 'service'], line_categories: ['service:legal_aid'] });
      const money = async () => (await sql<{ s: string[] }>`SELECT scope_region_codes AS s FROM offer_lines WHERE offer_id = ${a.id} AND kind = 'money'`.execute(db)).rows[0]!.s;
      assert.deepEqual(await money(), ['GR-I'], 'a line placed nowhere counts where its offer is');

      // placed by municipality only: its regional unit and region count
      await sql`UPDATE offer_lines SET region_code = NULL, municipality_code = ${creteMunicipality}, category = 'health' WHERE offer_id = ${a.id} AND kind = 'service'`.execute(db);
      assert.deepEqual(await columnsOf(db, a.id), { region_codes: ['GR-M'], regional_unit_codes: [creteUnit], municipality_codes: [creteMunicipality], line_kinds: ['money', 'service'], line_categories: ['service:health'] });
      assert.deepEqual(await money(), ['GR-M'], 'and the line placed nowhere follows');

      // an update of anything else changes nothing (and the columns stay right)
      await sql`UPDATE offer_lines SET description = 'Στα ελληνικά και τα αγγλικά', capacity_per_week = 3 WHERE offer_id = ${a.id}`.execute(db);
      assert.deepEqual((await columnsOf(db, a.id)).region_codes, ['GR-M']);

      // a line moved to another offer: both offers' columns follow
      await sql`UPDATE offer_lines SET offer_id = ${b.id}, position = 2 WHERE offer_id = ${a.id} AND kind = 'service'`.execute(db);
      assert.deepEqual(await columnsOf(db, a.id), { region_codes: [], regional_unit_codes: [], municipality_codes: [], line_kinds: ['money'], line_categories: [] });
      assert.deepEqual(await columnsOf(db, b.id), { region_codes: ['GR-E', 'GR-M'], regional_unit_codes: [creteUnit], municipality_codes: [creteMunicipality], line_kinds: ['essential_items', 'service'], line_categories: ['essential_items:food', 'service:health'] });

      // the kind of a line
      await sql`UPDATE offer_lines SET kind = 'essential_items', category = 'hygiene', quantity = 3, unit = 'kits', delivery = NULL WHERE offer_id = ${b.id} AND position = 2`.execute(db);
      assert.deepEqual((await columnsOf(db, b.id)).line_kinds, ['essential_items']);
      assert.deepEqual((await columnsOf(db, b.id)).line_categories, ['essential_items:food', 'essential_items:hygiene']);

      // delete
      await sql`DELETE FROM offer_lines WHERE offer_id = ${b.id} AND position = 2`.execute(db);
      assert.deepEqual(await columnsOf(db, b.id), { region_codes: ['GR-E'], regional_unit_codes: [], municipality_codes: [], line_kinds: ['essential_items'], line_categories: ['essential_items:food'] });
    });
  });
}
