import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { describe, test } from 'node:test';
import { sql } from 'kysely';
import { openDatabase } from '../../src/platform/db/database.js';
import { DataDirLockedError, lockDataDir } from '../../src/platform/db/lock.js';
import { migrate } from '../../src/platform/db/migrate.js';
import { prepareDatabase } from '../../src/bootstrap.js';
import { engines, testDatabase } from '../support/database.js';

describe('the embedded database folder', () => {
  test('a second process on the same folder is refused with a clear message', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'prosfero-'));
    const first = await openDatabase({ engine: 'pglite', dataDir: dir });
    try {
      // another process: the lock holds the pid of this one, which is alive
      const child = spawnSync(process.execPath, ['--import', 'tsx', '-e', `import('${path.resolve('src/platform/db/lock.ts')}').then(m => m.lockDataDir(${JSON.stringify(dir)}))`], { encoding: 'utf8' });
      assert.notEqual(child.status, 0);
      assert.match(child.stderr, /in use by another Prosfero process/);
    } finally {
      await first.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('a lock left by a process that died is taken over at once', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'prosfero-'));
    try {
      // Linux caps pid_max at 2^22, so no process can have pid 2^22 + 1
      writeFileSync(path.join(dir, 'prosfero.lock'), String(4194305));
      const release = lockDataDir(dir);
      release();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('the lock error names the folder and the holder', () => {
    const err = new DataDirLockedError('/srv/data', 42);
    assert.match(err.message, /\/srv\/data/);
    assert.match(err.message, /pid 42/);
    assert.equal(err.code, 'data_dir_locked');
  });

  test('data written to the folder is there after a restart, and migrations do not run twice', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'prosfero-'));
    try {
      const a = await openDatabase({ engine: 'pglite', dataDir: dir });
      const first = await prepareDatabase(a);
      assert.ok(first.migrations.length >= 3);
      assert.equal(first.adminUnits, 420);
      await a.close();
      const b = await openDatabase({ engine: 'pglite', dataDir: dir });
      const second = await prepareDatabase(b);
      assert.deepEqual(second, { migrations: [], adminUnits: 0 });
      const n = await b.db.selectFrom('admin_units').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
      assert.equal(Number(n.n), 420);
      await b.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

for (const engine of engines()) {
  describe(`migrations on ${engine}`, () => {
    test('a failing migration is rolled back whole and not recorded', async () => {
      const database = await testDatabase(engine);
      const dir = mkdtempSync(path.join(tmpdir(), 'prosfero-mig-'));
      try {
        writeFileSync(path.join(dir, '0001_half.sql'), 'CREATE TABLE half_done (id int); SELECT no_such_function();');
        await assert.rejects(migrate(database.db, dir));
        const exists = await sql<{ t: string | null }>`SELECT to_regclass('half_done')::text AS t`.execute(database.db);
        assert.equal(exists.rows[0]!.t, null);
        const recorded = await database.db.selectFrom('schema_migrations').select('name').where('name', '=', '0001_half.sql').execute();
        assert.equal(recorded.length, 0);
      } finally {
        rmSync(dir, { recursive: true, force: true });
        await database.close();
      }
    });

    test('the audit trail refuses updates and deletes', async () => {
      const database = await testDatabase(engine);
      try {
        await database.db.insertInto('audit_events').values({ actor_kind: 'system', action: 'test.event', entity_type: 'test', entity_id: '1', details: '{}' }).execute();
        await assert.rejects(database.db.updateTable('audit_events').set({ action: 'changed' }).execute(), /append-only/);
        await assert.rejects(database.db.deleteFrom('audit_events').execute(), /append-only/);
        const rows = await database.db.selectFrom('audit_events').select('action').execute();
        assert.deepEqual(rows.map((r) => r.action).filter((a) => a === 'test.event'), ['test.event']);
      } finally {
        await database.close();
      }
    });

    test('the hand-kept Kysely schema names every column the migrations create', async () => {
      const database = await testDatabase(engine);
      try {
        const { rows } = await sql<{ table_name: string; column_name: string }>`
          SELECT table_name, column_name FROM information_schema.columns
          WHERE table_schema = 'public' ORDER BY table_name, ordinal_position`.execute(database.db);
        const source = (await import('node:fs')).readFileSync('src/platform/db/schema.ts', 'utf8');
        const missing: string[] = [];
        // Table → interface comes from `interface DB` only: a column may share a table's name.
        const tables = /interface DB \{([\s\S]*?)\n\}/.exec(source)?.[1] ?? '';
        for (const { table_name, column_name } of rows) {
          const iface = new RegExp(`\\n\\s+${table_name}: (\\w+);`).exec(tables)?.[1];
          if (!iface) {
            missing.push(`table ${table_name}`);
            continue;
          }
          const body = new RegExp(`interface ${iface} \\{([\\s\\S]*?)\\n\\}`).exec(source)?.[1] ?? '';
          if (!new RegExp(`\\n\\s+${column_name}: `).test(body)) missing.push(`${table_name}.${column_name}`);
        }
        assert.deepEqual(missing, []);
      } finally {
        await database.close();
      }
    });
  });
}
