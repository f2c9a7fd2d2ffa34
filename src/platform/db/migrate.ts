import { readdir, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { sql, type Kysely } from 'kysely';
import type { DB } from './schema.js';

export const migrationsDir = fileURLToPath(new URL('../../../db/migrations/', import.meta.url));

/**
 * Applies, in name order, every `db/migrations/*.sql` not yet recorded in `schema_migrations`,
 * each in its own transaction. Forward-only: a migration is never edited once it has landed.
 * Concurrent starts against one PostgreSQL serialise on an advisory lock.
 * @returns the names applied by this call.
 * @throws the database error of the first migration that fails (that migration is rolled back).
 */
export async function migrate(db: Kysely<DB>, dir = migrationsDir): Promise<string[]> {
  await sql`CREATE TABLE IF NOT EXISTS schema_migrations (
    name text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())`.execute(db);
  const files = (await readdir(dir)).filter((f) => /^\d{4}_[a-z0-9_]+\.sql$/.test(f)).sort();
  const applied: string[] = [];
  for (const name of files) {
    const text = await readFile(`${dir}/${name}`, 'utf8');
    const done = await db.transaction().execute(async (trx) => {
      // 7074 spells PROS on a phone keypad: any fixed key shared by all Prosfero processes.
      await sql`SELECT pg_advisory_xact_lock(7074)`.execute(trx);
      const seen = await trx.selectFrom('schema_migrations').select('name').where('name', '=', name).executeTakeFirst();
      if (seen) return false;
      await sql.raw(text).execute(trx);
      await trx.insertInto('schema_migrations').values({ name }).execute();
      return true;
    });
    if (done) applied.push(name);
  }
  return applied;
}
