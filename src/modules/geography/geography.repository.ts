import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../platform/db/schema.js';
import type { AdminUnitRow } from './geography.types.js';

type Q = Kysely<DB> | Transaction<DB>;

export function findLoad(db: Q, name: string) {
  return db.selectFrom('reference_data_loads').selectAll().where('name', '=', name).executeTakeFirst();
}

export async function upsertAdminUnits(db: Q, rows: AdminUnitRow[]): Promise<void> {
  // Parents first, so the foreign key holds row by row.
  const order = { region: 0, self_governed: 0, regional_unit: 1, municipality: 2 } as const;
  const sorted = [...rows].sort((a, b) => order[a.level] - order[b.level]);
  for (let i = 0; i < sorted.length; i += 200) {
    await db
      .insertInto('admin_units')
      .values(sorted.slice(i, i + 200))
      .onConflict((oc) =>
        oc.column('code').doUpdateSet((eb) => ({
          level: eb.ref('excluded.level'),
          parent_code: eb.ref('excluded.parent_code'),
          name_el: eb.ref('excluded.name_el'),
          name_en: eb.ref('excluded.name_en'),
          nuts_code: eb.ref('excluded.nuts_code'),
        })),
      )
      .execute();
  }
}

export async function recordLoad(db: Q, name: string, checksum: string, rowCount: number): Promise<void> {
  await db
    .insertInto('reference_data_loads')
    .values({ name, checksum, row_count: rowCount })
    .onConflict((oc) => oc.column('name').doUpdateSet({ checksum, row_count: rowCount, loaded_at: new Date() }))
    .execute();
}

export function listAdminUnits(db: Q) {
  return db.selectFrom('admin_units').selectAll().orderBy('code').execute();
}
