import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';
import type { Kysely } from 'kysely';
import type { DB } from '../../platform/db/schema.js';
import * as repo from './geography.repository.js';
import type { AdminUnit, AdminUnitLevel, AdminUnitRow } from './geography.types.js';

export const adminUnitsCsv = fileURLToPath(new URL('../../../db/reference/greece-admin-units.csv', import.meta.url));
const LEVELS: readonly AdminUnitLevel[] = ['region', 'regional_unit', 'municipality', 'self_governed'];

/**
 * Parses greece-admin-units.csv (columns level, code, parent_code, name_el, name_en, nuts_code;
 * every column text, codes keep their leading zeros). Source: db/reference/README.md.
 * @throws Error naming the line when a row has an unknown level or a missing code.
 */
export function parseAdminUnitsCsv(text: string): AdminUnitRow[] {
  const records = parse(text, { columns: true, skip_empty_lines: true, cast: false }) as Record<string, string>[];
  return records.map((r, i) => {
    const level = r.level as AdminUnitLevel;
    if (!LEVELS.includes(level) || !r.code || !r.name_el || !r.name_en) {
      throw new Error(`greece-admin-units.csv line ${i + 2}: invalid row`);
    }
    return {
      code: r.code,
      level,
      parent_code: r.parent_code || null,
      name_el: r.name_el,
      name_en: r.name_en,
      nuts_code: r.nuts_code || null,
    };
  });
}

/**
 * Loads Greece's administrative units into `admin_units` when the file differs from the last
 * load (by SHA-256), so a start on an existing database does no work.
 * @returns the number of rows loaded, 0 when already current.
 */
export async function loadAdminUnits(db: Kysely<DB>, file = adminUnitsCsv): Promise<number> {
  const text = await readFile(file, 'utf8');
  const checksum = createHash('sha256').update(text).digest('hex');
  const last = await repo.findLoad(db, 'greece-admin-units');
  if (last?.checksum === checksum) return 0;
  const rows = parseAdminUnitsCsv(text);
  await db.transaction().execute(async (trx) => {
    await repo.upsertAdminUnits(trx, rows);
    await repo.recordLoad(trx, 'greece-admin-units', checksum, rows.length);
  });
  return rows.length;
}

/** Every administrative unit, each with its region resolved, keyed by code. */
export async function listAdminUnits(db: Kysely<DB>): Promise<Map<string, AdminUnit>> {
  const rows = await repo.listAdminUnits(db);
  const byCode = new Map(rows.map((r) => [r.code, r]));
  const regionOf = (code: string): string | null => {
    let row = byCode.get(code);
    while (row && row.level !== 'region') row = row.parent_code ? byCode.get(row.parent_code) : undefined;
    return row?.code ?? null;
  };
  return new Map(
    rows.map((r) => [
      r.code,
      {
        code: r.code,
        level: r.level,
        parentCode: r.parent_code,
        regionCode: regionOf(r.code),
        nameEl: r.name_el,
        nameEn: r.name_en,
        nutsCode: r.nuts_code,
      },
    ]),
  );
}
