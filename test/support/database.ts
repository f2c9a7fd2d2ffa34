// Real databases for tests, never mocks: every database test runs on the embedded PGlite and,
// when TEST_DATABASE_URL is set (CI sets it), on PostgreSQL too. Each call gets a fresh,
// migrated database made from a per-process template, so tests do not see each other's rows.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { prepareDatabase } from '../../src/bootstrap.js';
import { openDatabase, type Database, type Engine } from '../../src/platform/db/database.js';

/** The engines this run covers: always pglite; postgres when TEST_DATABASE_URL is set. */
export function engines(): Engine[] {
  return process.env.TEST_DATABASE_URL ? ['pglite', 'postgres'] : ['pglite'];
}

let pgliteTemplate: Promise<Blob> | undefined;
let postgresTemplate: Promise<string> | undefined;

async function makePgliteTemplate(): Promise<Blob> {
  const database = await openDatabase({ engine: 'pglite' });
  await prepareDatabase(database);
  const dump = (await database.pglite!.dumpDataDir('none')) as Blob;
  await database.close();
  return dump;
}

function urlWithDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

async function adminQuery(text: string): Promise<void> {
  const client = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

async function makePostgresTemplate(): Promise<string> {
  // One template per test process: migrated once, then copied by CREATE DATABASE … TEMPLATE.
  const name = `prosfero_tpl_${process.pid}_${randomBytes(3).toString('hex')}`;
  await adminQuery(`CREATE DATABASE ${name}`);
  const database = await openDatabase({ engine: 'postgres', url: urlWithDatabase(process.env.TEST_DATABASE_URL!, name), poolSize: 2 });
  await prepareDatabase(database);
  await database.close();
  process.once('beforeExit', () => void adminQuery(`DROP DATABASE IF EXISTS ${name}`).catch(() => {}));
  return name;
}

export type TestDatabase = Database & { url?: string };

/**
 * A fresh migrated database with the reference data loaded.
 * @param engine 'pglite' (in memory) or 'postgres' (a new database on TEST_DATABASE_URL's server,
 *   dropped again by close()).
 */
export async function testDatabase(engine: Engine, options: { poolSize?: number } = {}): Promise<TestDatabase> {
  if (engine === 'pglite') {
    pgliteTemplate ??= makePgliteTemplate();
    return openDatabase({ engine: 'pglite', loadDataDir: await pgliteTemplate });
  }
  if (!process.env.TEST_DATABASE_URL) throw new Error('TEST_DATABASE_URL is not set');
  postgresTemplate ??= makePostgresTemplate();
  const template = await postgresTemplate;
  const name = `prosfero_t_${process.pid}_${randomBytes(4).toString('hex')}`;
  await adminQuery(`CREATE DATABASE ${name} TEMPLATE ${template}`);
  const url = urlWithDatabase(process.env.TEST_DATABASE_URL, name);
  const database = await openDatabase({ engine: 'postgres', url, poolSize: options.poolSize ?? 10 });
  return {
    ...database,
    url,
    async close() {
      await database.close();
      await adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    },
  };
}
