// Migration 0005 on a database that already holds offers: it fills the queue columns and the
// search documents as submission would have written them. And the extensions it relies on
// (unaccent, pg_trgm, the `greek` text-search configuration) behave alike on both engines.
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, test } from 'node:test';
import { sql } from 'kysely';
import pg from 'pg';
import { loadAdminUnits } from '../../src/modules/geography/index.js';
import { searchDocument } from '../../src/modules/offers/index.js';
import { openDatabase, type Database, type Engine } from '../../src/platform/db/database.js';
import { migrate, migrationsDir } from '../../src/platform/db/migrate.js';
import { engines, testDatabase } from '../support/database.js';
import { insertOffer } from '../support/factories.js';

async function admin(text: string): Promise<void> {
  const client = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

/** An empty database, not migrated (testDatabase's are migrated to the latest). */
async function emptyDatabase(engine: Engine): Promise<Database> {
  if (engine === 'pglite') return openDatabase({ engine: 'pglite' });
  const name = `prosfero_backfill_${process.pid}_${Date.now()}`;
  await admin(`CREATE DATABASE ${name}`);
  const u = new URL(process.env.TEST_DATABASE_URL!);
  u.pathname = `/${name}`;
  const database = await openDatabase({ engine: 'postgres', url: u.toString(), poolSize: 2 });
  return { ...database, close: async () => (await database.close(), await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)) };
}

for (const engine of engines()) {
  describe(`migration 0005 on a database with offers (${engine})`, () => {
    test('fills the queue columns and the search documents as submission writes them', async () => {
      const database = await emptyDatabase(engine);
      const before = mkdtempSync(path.join(tmpdir(), 'prosfero-0004-'));
      try {
        for (const f of readdirSync(migrationsDir).filter((f) => f < '0005')) copyFileSync(path.join(migrationsDir, f), path.join(before, f));
        await migrate(database.db, before);
        await loadAdminUnits(database.db);
        const offers = [
          await insertOffer(database.db, {
            organisation: { kind: 'municipality', legal_name: 'Δήμος Αρχανών-Αστερουσίων', distinctive_title: 'Δ. Αρχανών', legal_representative: 'Ελευθερία Μανωλαράκη', contact_name: 'Γιώργος Σπυριδάκης', city: 'Αρχάνες' },
            lines: [
              { kind: 'accommodation', category: 'camp_or_facility', places: 60, region_code: 'GR-M', municipality_code: '7102', address: 'Κατασκήνωση Αγίου Παντελεήμονα' },
              { kind: 'essential_items', category: 'bedding', quantity: 240, unit: 'pieces', region_code: 'GR-M', municipality_code: '7102', description: 'Κουβέρτες και σεντόνια μονά', delivery_area: 'Περιφέρεια Κρήτης' },
            ],
          }),
          await insertOffer(database.db, {
            organisation: { kind: 'individual', legal_name: 'Ζωή Παπαδοπούλου-Αϊβαλιώτη', contact_name: 'Ζωή Παπαδοπούλου-Αϊβαλιώτη', city: 'Πάτρα' },
            lines: [{ kind: 'accommodation', category: 'room_in_shared_home', places: 1, region_code: 'GR-G' }],
          }),
          await insertOffer(database.db, {
            organisation: { kind: 'ngo', legal_name: 'Σύλλογος Ουκρανών Ελλάδας «Берегиня»', distinctive_title: 'Асоціація українців Греції', contact_name: 'Олена Ковальчук', city: 'Αθήνα' },
            lines: [
              { kind: 'service', category: 'education_language_classes', delivery: 'in_person', region_code: 'GR-I', municipality_code: '4501', description: 'Уроки грецької мови для дорослих і дітей, двічі на тиждень.' },
              { kind: 'money', amount: '250.00', currency: 'EUR', frequency: 'monthly', purpose: 'Ενοίκια για οικογένειες – Rent for families' },
            ],
          }),
          await insertOffer(database.db, {
            organisation: { kind: 'international_organisation', legal_name: 'ΘΕΡΜΑΪΚΟΣ ΞΕΝΟΔΟΧΕΙΑΚΗ Α.Ε.', distinctive_title: "Zoë O'Brien-Straße & Jonas Østergaard", contact_name: 'Ευάγγελος Τσολάκης', city: 'Θεσσαλονίκη' },
            lines: [{ kind: 'service', category: 'transport', delivery: 'remote', description: 'Μεταφορά από τα σύνορα (Προμαχώνας, Κήποι) – άυλος Ταΰγετος' }],
          }),
        ];

        const applied = await migrate(database.db);
        assert.ok(applied.includes('0005_offer_queue_and_search.sql'));

        for (const offer of offers) {
          const row = await database.db
            .selectFrom('offers')
            .innerJoin('organisations', 'organisations.id', 'offers.organisation_id')
            .select([
              'offers.search_text',
              sql<string>`offers.search_vector::text`.as('vector'),
              'offers.organisation_kind',
              'organisations.kind',
              'organisations.legal_name',
              'organisations.distinctive_title',
              'organisations.legal_representative',
              'organisations.contact_name',
              'organisations.city',
            ])
            .where('offers.id', '=', offer.id)
            .executeTakeFirstOrThrow();
          const lines = await database.db.selectFrom('offer_lines').selectAll().where('offer_id', '=', offer.id).orderBy('position').execute();
          const expected = searchDocument({
            names: [row.legal_name, row.distinctive_title, row.legal_representative, row.contact_name],
            texts: [row.city, ...lines.flatMap((l) => [l.description, l.delivery_area, l.purpose])],
          });
          assert.equal(row.search_text, expected.names, row.legal_name);
          const vector = await sql<{ v: string }>`SELECT strip(to_tsvector('greek', ${expected.words}) || to_tsvector('simple', ${expected.words}))::text AS v`.execute(database.db);
          assert.equal(row.vector, vector.rows[0]!.v, row.legal_name);
          assert.equal(row.organisation_kind, row.kind);
        }
        const camp = await database.db
          .selectFrom('offers')
          .select(['region_codes', 'regional_unit_codes', 'municipality_codes', 'line_kinds', 'line_categories'])
          .where('id', '=', offers[0]!.id)
          .executeTakeFirstOrThrow();
        assert.deepEqual(camp, {
          region_codes: ['GR-M'],
          regional_unit_codes: ['71'],
          municipality_codes: ['7102'],
          line_kinds: ['accommodation', 'essential_items'],
          line_categories: ['accommodation:camp_or_facility', 'essential_items:bedding'],
        });
        const classes = await database.db.selectFrom('offers').select(['line_kinds', 'region_codes']).where('id', '=', offers[2]!.id).executeTakeFirstOrThrow();
        assert.deepEqual(classes, { line_kinds: ['money', 'service'], region_codes: ['GR-I'] });
      } finally {
        rmSync(before, { recursive: true, force: true });
        await database.close();
      }
    });
  });

  describe(`the queue columns stay current (${engine})`, () => {
    test('lines added, moved or removed later, and an organisation’s kind, reach the offer', async () => {
      const database = await testDatabase(engine);
      try {
        const offer = await insertOffer(database.db, {
          organisation: { kind: 'ngo' },
          lines: [{ kind: 'accommodation', category: 'apartment', places: 2, region_code: 'GR-M', municipality_code: '7102' }],
        });
        const columns = () =>
          database.db
            .selectFrom('offers')
            .select(['organisation_kind', 'region_codes', 'regional_unit_codes', 'municipality_codes', 'line_kinds', 'line_categories'])
            .where('id', '=', offer.id)
            .executeTakeFirstOrThrow();
        assert.deepEqual(await columns(), {
          organisation_kind: 'ngo',
          region_codes: ['GR-M'],
          regional_unit_codes: ['71'],
          municipality_codes: ['7102'],
          line_kinds: ['accommodation'],
          line_categories: ['accommodation:apartment'],
        });
        await database.db.insertInto('offer_lines').values({ offer_id: offer.id, position: 2, kind: 'service', category: 'other', delivery: 'in_person', municipality_code: '4501' }).execute();
        await database.db.updateTable('offer_lines').set({ region_code: 'GR-B', municipality_code: '0702' }).where('offer_id', '=', offer.id).where('position', '=', 1).execute();
        await database.db.updateTable('organisations').set({ kind: 'business' }).where('id', '=', offer.organisationId).execute();
        assert.deepEqual(await columns(), {
          organisation_kind: 'business',
          // a line placed only by municipality counts in that municipality's region
          region_codes: ['GR-B', 'GR-I'],
          regional_unit_codes: ['07', '45'],
          municipality_codes: ['0702', '4501'],
          line_kinds: ['accommodation', 'service'],
          line_categories: ['accommodation:apartment', 'service:other'],
        });
        await database.db.deleteFrom('offer_lines').where('offer_id', '=', offer.id).where('position', '=', 1).execute();
        assert.deepEqual(await columns(), {
          organisation_kind: 'business',
          region_codes: ['GR-I'],
          regional_unit_codes: ['45'],
          municipality_codes: ['4501'],
          line_kinds: ['service'],
          line_categories: ['service:other'],
        });
      } finally {
        await database.close();
      }
    });
  });

  describe(`the search extensions (${engine})`, () => {
    test('unaccent, pg_trgm and the greek configuration are there and give the same answers', async () => {
      const database = await testDatabase(engine);
      try {
        const row = await sql<{ unaccented: string; greek: string; simple: string; similarity: number; extensions: string[] }>`
          SELECT unaccent('Θεσσαλονίκη ΆΈΉΊΌΎΏ ΐΰ Zoë Østergaard Straße Київ') AS unaccented,
                 to_tsvector('greek', 'προσφυγών πρόσφυγες Θεσσαλονίκη ΘΕΣΣΑΛΟΝΙΚΗΣ')::text AS greek,
                 to_tsvector('simple', 'Уроки грецької мови')::text AS simple,
                 round(similarity('θεσσαλονικη', 'θεσσαλονικησ')::numeric, 2)::float8 AS similarity,
                 ARRAY(SELECT extname::text FROM pg_extension WHERE extname IN ('unaccent', 'pg_trgm') ORDER BY 1) AS extensions`.execute(database.db);
        assert.deepEqual(row.rows[0], {
          unaccented: 'Θεσσαλονικη ΑΕΗΙΟΥΩ ιυ Zoe Ostergaard Strasse Київ',
          greek: "'θεσσαλονικ':3,4 'προσφυγ':1,2",
          simple: "'грецької':2 'мови':3 'уроки':1",
          similarity: 0.79,
          extensions: ['pg_trgm', 'unaccent'],
        });
      } finally {
        await database.close();
      }
    });
  });
}
