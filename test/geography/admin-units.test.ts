import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { loadAdminUnits, loadGazetteer } from '../../src/modules/geography/index.js';
import { engines, testDatabase, type TestDatabase } from '../support/database.js';

for (const engine of engines()) {
  describe(`Greece's administrative units on ${engine}`, () => {
    let database: TestDatabase;
    before(async () => {
      database = await testDatabase(engine);
    });
    after(async () => database?.close());

    test('hold 13 regions, 74 regional units, 332 municipalities and Mount Athos', async () => {
      const rows = await database.db.selectFrom('admin_units').select(['level']).execute();
      const counts = Object.fromEntries(['region', 'regional_unit', 'municipality', 'self_governed'].map((l) => [l, rows.filter((r) => r.level === l).length]));
      assert.deepEqual(counts, { region: 13, regional_unit: 74, municipality: 332, self_governed: 1 });
    });

    test('every parent exists and is of the level above', async () => {
      const rows = await database.db.selectFrom('admin_units').selectAll().execute();
      const byCode = new Map(rows.map((r) => [r.code, r]));
      const above = { regional_unit: 'region', municipality: 'regional_unit' } as const;
      for (const r of rows) {
        if (r.level === 'region' || r.level === 'self_governed') {
          assert.equal(r.parent_code, null, r.code);
          continue;
        }
        const parent = byCode.get(r.parent_code ?? '');
        assert.ok(parent, `${r.code} has its parent ${r.parent_code}`);
        assert.equal(parent.level, above[r.level], r.code);
        if (r.level === 'municipality') assert.ok(r.code.startsWith(r.parent_code!), `${r.code} starts with ${r.parent_code}`);
      }
    });

    test('codes keep their leading zeros', async () => {
      const komotini = await database.db.selectFrom('admin_units').selectAll().where('code', '=', '0101').executeTakeFirstOrThrow();
      assert.equal(komotini.name_el, 'ΚΟΜΟΤΗΝΗΣ');
      assert.equal(komotini.parent_code, '01');
    });

    test('a second load of an unchanged file does nothing', async () => {
      assert.equal(await loadAdminUnits(database.db), 0);
    });

    test('the gazetteer resolves names, regions and membership the way the form needs', async () => {
      const gaz = await loadGazetteer(database.db);
      assert.equal(gaz.regionName('GR-M', 'el'), 'Κρήτη');
      assert.equal(gaz.regionName('GR-M', 'en'), 'Kriti');
      assert.equal(gaz.regionOf('7102'), 'GR-M');
      assert.equal(gaz.regionOf('4604'), 'GR-I', 'ΗΡΑΚΛΕΙΟΥ of Attica is keyed by code, not by name');
      assert.equal(gaz.regionOf('7101'), 'GR-M');
      assert.equal(gaz.isMunicipality('0701'), true);
      assert.equal(gaz.isRegion('GR-Z'), false);
      assert.equal(gaz.regions('el').length, 13);
      assert.equal(gaz.municipalityGroups('el').reduce((n, g) => n + g.units.length, 0), 332);
      assert.equal(gaz.municipalityGroups('el', 'GR-M').flatMap((g) => g.units).length, 24);
    });
  });
}
