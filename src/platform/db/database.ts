// Opens the one database the service uses: PostgreSQL when a URL is given, otherwise the embedded
// PGlite (PostgreSQL compiled to WebAssembly) through its node-postgres adapter, so one Kysely
// dialect and one set of SQL migrations serve both. PGlite's modules are loaded only when it is
// the engine: on PostgreSQL the process never holds them (measured with tsx: +45 MB of RSS).
import type { PGlite } from '@electric-sql/pglite';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { lockDataDir } from './lock.js';
import type { DB } from './schema.js';

export type Engine = 'postgres' | 'pglite';

export type Database = {
  db: Kysely<DB>;
  engine: Engine;
  /** the embedded instance, when engine is pglite */
  pglite?: PGlite;
  close(): Promise<void>;
};

export type DatabaseOptions =
  | { engine: 'postgres'; url: string; poolSize?: number }
  /** dataDir undefined: in memory (tests); loadDataDir: start from a dump (tests' template) */
  | { engine: 'pglite'; dataDir?: string; loadDataDir?: Blob };

// DATE stays 'YYYY-MM-DD': a calendar date has no time zone, and Date objects would shift it.
const types = {
  getTypeParser: ((oid: number, format?: string) =>
    oid === pg.types.builtins.DATE ? (v: string) => v : pg.types.getTypeParser(oid, format as 'text')) as typeof pg.types.getTypeParser,
};

/** The node-postgres pool under each PostgreSQL database opened here. */
const pools = new WeakMap<Kysely<DB>, pg.Pool>();

/**
 * The node-postgres pool under a PostgreSQL database opened by openDatabase, for what Kysely
 * cannot do: a COPY streamed out of the server (exports.copy.ts). Undefined for PGlite.
 */
export function postgresPoolOf(db: Kysely<DB>): pg.Pool | undefined {
  return pools.get(db);
}

/**
 * Opens a database.
 * @throws DataDirLockedError when another process holds the embedded data folder.
 */
export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  if (options.engine === 'postgres') {
    const pool = new pg.Pool({
      connectionString: options.url,
      max: options.poolSize ?? 10,
      types,
      connectionTimeoutMillis: 5_000,
    });
    // An idle client losing its connection (server restart) must not crash the process.
    pool.on('error', () => {});
    const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
    pools.set(db, pool);
    return { db, engine: 'postgres', close: () => db.destroy() };
  }
  const release = options.dataDir ? lockDataDir(options.dataDir) : () => {};
  try {
    const [{ PGlite }, { pg_trgm }, { unaccent }, { createPgConfig }] = await Promise.all([
      import('@electric-sql/pglite'),
      import('@electric-sql/pglite/contrib/pg_trgm'),
      import('@electric-sql/pglite/contrib/unaccent'),
      import('@electric-sql/pglite/node-postgres'),
    ]);
    const pglite = await PGlite.create({
      ...(options.dataDir ? { dataDir: options.dataDir } : {}),
      ...(options.loadDataDir ? { loadDataDir: options.loadDataDir } : {}),
      extensions: { unaccent, pg_trgm },
    });
    const config = createPgConfig(pglite);
    const pool = new pg.Pool({ ...config, max: 1, types } as unknown as pg.PoolConfig);
    const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
    return {
      db,
      engine: 'pglite',
      pglite,
      async close() {
        await db.destroy();
        await pglite.close();
        release();
      },
    };
  } catch (err) {
    release();
    throw err;
  }
}

/**
 * A one-paragraph explanation of why the database could not be opened or prepared, for the
 * console at start-up (a stack trace tells an operator less than this does).
 */
export function describeStartupError(err: unknown): string {
  const e = err as { code?: string; message?: string; address?: string; port?: number };
  const where = e.address ? ` at ${e.address}${e.port ? `:${e.port}` : ''}` : '';
  switch (e.code) {
    case 'ECONNREFUSED':
      return `Cannot reach PostgreSQL${where}: the connection was refused. Is the server running, and is DATABASE_URL right?`;
    case 'ENOTFOUND':
      return `Cannot reach PostgreSQL: the host in DATABASE_URL was not found.`;
    case '28P01':
    case '28000':
      return `PostgreSQL refused the user or password in DATABASE_URL.`;
    case '3D000':
      return `The database named in DATABASE_URL does not exist: create it first (createdb).`;
    default:
      return `Could not open the database: ${e.message ?? String(err)}`;
  }
}
