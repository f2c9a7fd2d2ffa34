// Opens the configured database and brings it up to date: migrations, reference data, the
// first administrator. Shared by the server, `npm run migrate` and the tests.
import type { Config } from './config.js';
import { openDatabase, type Database } from './platform/db/database.js';
import { migrate } from './platform/db/migrate.js';
import { loadAdminUnits } from './modules/geography/index.js';

export type Logger = { info(msg: string): void; warn(msg: string): void };

export async function openConfiguredDatabase(config: Config): Promise<Database> {
  return config.databaseUrl
    ? openDatabase({ engine: 'postgres', url: config.databaseUrl, poolSize: config.databasePoolSize })
    : openDatabase({ engine: 'pglite', dataDir: config.dataDir });
}

/**
 * Applies pending migrations and loads reference data.
 * @returns what was done, for the start-up log.
 */
export async function prepareDatabase(database: Database): Promise<{ migrations: string[]; adminUnits: number }> {
  const migrations = await migrate(database.db);
  const adminUnits = await loadAdminUnits(database.db);
  return { migrations, adminUnits };
}
