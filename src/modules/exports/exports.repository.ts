// Kysely queries for exports: the queue's offers with their organisation and lines, a batch at a
// time by keyset, their counts, and the export_jobs table. Each takes `db` first and returns rows.
// Which offers is decided by the review queue's own predicate (review `queueCondition`), passed
// in as an SQL expression over `offers`, so an export holds exactly what the queue lists.
import { sql, type Expression, type Kysely, type SqlBool } from 'kysely';
import type { DB, ExportJobsTable } from '../../platform/db/schema.js';
import type { Selectable, Insertable } from 'kysely';

/** A place in the export's order (submitted_at in UTC with microseconds, then id), as the queue's cursors. */
export type ExportPosition = { at: string; id: string };

/** What to read: the queue's condition, the order, and the moment after which offers are left out. */
export type ExportSelection = {
  where: Expression<SqlBool>;
  sort: 'newest' | 'oldest';
  /** timestamptz text; offers submitted later are not exported (see selectExportNow) */
  asOf: string;
};

/** One offer line with its offer and organisation (or an offer alone, its line fields null). */
export type ExportRow = {
  offer_id: string;
  reference: string;
  /** submitted_at in UTC with microseconds: the keyset position and JSON Lines' timestamp */
  position_at: string;
  /** submitted_at in Europe/Athens, 'YYYY-MM-DD HH24:MI' */
  submitted_local: string;
  status: string;
  language: string;
  channel: string;
  possible_duplicate: boolean;
  last_contact_outcome: string | null;
  organisation_kind: string;
  legal_name: string;
  distinctive_title: string | null;
  country: string;
  tax_id: string | null;
  tax_id_kind: string | null;
  registry_number: string | null;
  website: string | null;
  organisation_region_code: string | null;
  organisation_municipality_code: string | null;
  preferred_language: string;
  // personal contact data: present only when asked for (selectExportBatch `contact`)
  legal_representative?: string | null;
  contact_name?: string;
  contact_role?: string | null;
  contact_phone?: string;
  contact_email?: string;
  street?: string | null;
  postcode?: string | null;
  city?: string | null;
  address?: string | null;
  // the line (null for an offer without lines)
  position: number | null;
  kind: string | null;
  category: string | null;
  description: string | null;
  region_code: string | null;
  municipality_code: string | null;
  available_from: string | null;
  available_until: string | null;
  cost_basis: string | null;
  places: number | null;
  rooms: number | null;
  step_free_access: boolean | null;
  suitable_for: string[] | null;
  languages: string[] | null;
  delivery: string | null;
  capacity_per_week: number | null;
  quantity: number | null;
  unit: string | null;
  condition: string | null;
  can_deliver: boolean | null;
  delivery_area: string | null;
  expiry: string | null;
  /** numeric(14,2) as text, so no cent is lost */
  amount: string | null;
  currency: string | null;
  frequency: string | null;
  purpose: string | null;
};

/** The columns of ExportRow, reading the offer from `o` (or `offer`), its organisation from `g` and its line from `l`. */
function exportColumns(options: { lines: boolean; contact: boolean }, offer = 'o') {
  const o = (column: string) => sql.ref(`${offer}.${column}`);
  const contact = options.contact
    ? sql`, g.legal_representative, g.contact_name, g.contact_role, g.contact_phone, g.contact_email, g.street, g.postcode, g.city`
    : sql``;
  const lines = options.lines
    ? sql`, l.position, l.kind, l.category, l.description, l.region_code, l.municipality_code,
          l.available_from, l.available_until, l.cost_basis, l.places, l.rooms, l.step_free_access, l.suitable_for,
          l.languages, l.delivery, l.capacity_per_week, l.quantity, l.unit, l.condition, l.can_deliver, l.delivery_area,
          l.expiry, l.amount::text AS amount, l.currency, l.frequency, l.purpose ${options.contact ? sql`, l.address` : sql``}`
    : sql``;
  return sql`${o('id')} AS offer_id, ${o('reference')},
           to_char(${o('submitted_at')} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS position_at,
           to_char(${o('submitted_at')} AT TIME ZONE 'Europe/Athens', 'YYYY-MM-DD HH24:MI') AS submitted_local,
           ${o('status')}, ${o('language')}, ${o('channel')}, ${o('possible_duplicate')}, ${o('last_contact_outcome')}, ${o('organisation_kind')},
           g.legal_name, g.distinctive_title, g.country, g.tax_id, g.tax_id_kind, g.registry_number, g.website,
           g.region_code AS organisation_region_code, g.municipality_code AS organisation_municipality_code,
           g.preferred_language ${contact} ${lines}`;
}

/** The database's present moment as timestamptz text with microseconds: an export's `asOf`. */
export async function selectExportNow(db: Kysely<DB>): Promise<string> {
  const r = await sql<{ now: string }>`SELECT to_char(statement_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS now`.execute(db);
  return r.rows[0]!.now;
}

const selected = (s: ExportSelection) => sql<SqlBool>`${s.where} AND offers.submitted_at <= ${s.asOf}::timestamptz`;

/**
 * The next `limit` offers after `after` (from the start without it) in the selection's order,
 * with their organisation and, when `lines`, each of their lines (one row per line, in order;
 * an offer without lines gives one row with the line's fields null). For the embedded database,
 * where a transaction held open for a whole export would stop every other request (one
 * connection); see streamExportRows for PostgreSQL.
 * @param options.contact whether to read personal contact data at all (the columns are absent otherwise)
 */
export async function selectExportBatch(
  db: Kysely<DB>,
  selection: ExportSelection,
  options: { after?: ExportPosition; limit: number; lines: boolean; contact: boolean },
): Promise<ExportRow[]> {
  const newest = selection.sort === 'newest';
  const dir = sql.raw(newest ? 'DESC' : 'ASC');
  const keyset = options.after
    ? newest
      ? sql`AND (offers.submitted_at, offers.id) < (${options.after.at}::timestamptz, ${options.after.id}::uuid)`
      : sql`AND (offers.submitted_at, offers.id) > (${options.after.at}::timestamptz, ${options.after.id}::uuid)`
    : sql``;
  // The page's offers with their own columns, found along the order's index; only then their
  // organisation and lines. (Joining offers to a page of ids instead lets the planner hash-join
  // the whole table for every batch.)
  const result = await sql<ExportRow>`
    WITH o AS (
      SELECT offers.id, offers.reference, offers.submitted_at, offers.status, offers.language, offers.channel,
             offers.possible_duplicate, offers.last_contact_outcome, offers.organisation_kind, offers.organisation_id
      FROM offers
      WHERE ${selected(selection)} ${keyset}
      ORDER BY offers.submitted_at ${dir}, offers.id ${dir}
      LIMIT ${options.limit}
    )
    SELECT ${exportColumns(options)}
    FROM o
    JOIN organisations g ON g.id = o.organisation_id
    ${options.lines ? sql`LEFT JOIN offer_lines l ON l.offer_id = o.id` : sql``}
    ORDER BY o.submitted_at ${dir}, o.id ${dir}${options.lines ? sql`, l.position` : sql``}`.execute(db);
  return result.rows;
}

/**
 * Rows PostgreSQL sends per FETCH: about 2.5 MB of row objects, small enough to die young (V8's
 * young generation) rather than be promoted and wait for a full collection: 5,000 rows a FETCH
 * kept the heap's peak at 90–220 MB over a million lines; the extra round trips of 1,000 cost
 * well under a second (bench/exports.ts).
 */
export const FETCH_ROWS = 1000;

/**
 * Every row of the selection (as selectExportBatch's, in the same order) through one query and a
 * server-side cursor (DECLARE … FETCH, plain SQL: no extra package), in a read-only REPEATABLE
 * READ transaction: the plan PostgreSQL would use for COPY (bulk joins, one sort) rather than
 * thousands of small ones, one snapshot for the whole file, and memory bounded by a FETCH.
 * Yields whole offers: the rows of an offer a FETCH splits wait for the next one.
 * The transaction holds one connection of the pool until the export ends or is abandoned
 * (the generator's return rolls it back).
 */
export async function* streamExportRows(db: Kysely<DB>, selection: ExportSelection, options: { lines: boolean; contact: boolean; fetchRows?: number }): AsyncGenerator<ExportRow[]> {
  const dir = sql.raw(selection.sort === 'newest' ? 'DESC' : 'ASC');
  const trx = await db.startTransaction().setIsolationLevel('repeatable read').setAccessMode('read only').execute();
  let open = true;
  let next: Promise<{ rows: ExportRow[] }> | null = null;
  try {
    // The whole result is wanted, not its first rows: plan for all of them, as COPY does.
    await sql`SET LOCAL cursor_tuple_fraction = 1.0`.execute(trx);
    // The sort of a large export spills to disk; with 64 MB (PostgreSQL's default is 4 MB) it
    // merges far fewer runs: over a million lines the cursor's work took 11.5 s instead of 21 s
    // (bench/exports.ts). A cursor never gets a parallel plan, so this is the one sort's memory.
    await sql`SET LOCAL work_mem = '64MB'`.execute(trx);
    await sql`DECLARE prosfero_export NO SCROLL CURSOR FOR
      SELECT ${exportColumns(options, 'offers')}
      FROM offers
      JOIN organisations g ON g.id = offers.organisation_id
      ${options.lines ? sql`LEFT JOIN offer_lines l ON l.offer_id = offers.id` : sql``}
      WHERE ${selected(selection)}
      ORDER BY offers.submitted_at ${dir}, offers.id ${dir}${options.lines ? sql`, l.position` : sql``}`.execute(trx);
    let held: ExportRow[] = [];
    const fetchNext = () => sql<ExportRow>`FETCH ${sql.raw(String(Math.max(1, Math.floor(options.fetchRows ?? FETCH_ROWS))))} FROM prosfero_export`.execute(trx);
    // One FETCH at a time. (Fetching one ahead, to overlap the database's work with this
    // process's, was measured: no faster on two busy cores, and peak heap three times higher.)
    for (;;) {
      next = fetchNext();
      const { rows }: { rows: ExportRow[] } = await next;
      next = null;
      if (rows.length === 0) break;
      const all = held.length ? held.concat(rows) : rows;
      const lastId = all[all.length - 1]!.offer_id;
      let cut = all.length;
      while (cut > 0 && all[cut - 1]!.offer_id === lastId) cut--;
      held = all.slice(cut);
      if (cut > 0) yield all.slice(0, cut);
    }
    if (held.length) yield held;
    await trx.commit().execute();
    open = false;
  } finally {
    if (open) {
      await next?.catch(() => {});
      await trx.rollback().execute().catch(() => {});
    }
  }
}

/**
 * How many offers the selection holds, and how many rows of lines (each line of each offer; an
 * offer without lines counts as one row). With `cap`, counting stops past it: `rows` is then
 * cap + 1 and `offers` null, enough to tell a small export from a large one cheaply.
 */
export async function countExport(db: Kysely<DB>, selection: ExportSelection, cap?: number): Promise<{ offers: number | null; rows: number }> {
  if (cap !== undefined) {
    const r = await sql<{ n: string }>`
      SELECT count(*) AS n FROM (
        SELECT 1 FROM offers LEFT JOIN offer_lines l ON l.offer_id = offers.id
        WHERE ${selected(selection)} LIMIT ${cap + 1}) AS m`.execute(db);
    const rows = Number(r.rows[0]!.n);
    return { offers: null, rows };
  }
  const r = await sql<{ offers: string; rows: string }>`
    SELECT count(*) AS offers, coalesce(sum(greatest(n, 1)), 0) AS rows FROM (
      SELECT (SELECT count(*) FROM offer_lines l WHERE l.offer_id = offers.id) AS n
      FROM offers WHERE ${selected(selection)}) AS m`.execute(db);
  return { offers: Number(r.rows[0]!.offers), rows: Number(r.rows[0]!.rows) };
}

// --- export_jobs ------------------------------------------------------------------------------

export type ExportJobRow = Selectable<ExportJobsTable>;

export async function insertExportJob(db: Kysely<DB>, values: Insertable<ExportJobsTable>): Promise<ExportJobRow> {
  return db.insertInto('export_jobs').values(values).returningAll().executeTakeFirstOrThrow();
}

/** A job's `as_of` with microseconds (a Date would round it to milliseconds and could leave an offer out). */
export async function selectExportJobAsOf(db: Kysely<DB>, id: string): Promise<string> {
  const r = await sql<{ at: string }>`SELECT to_char(as_of AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS at FROM export_jobs WHERE id = ${id}`.execute(db);
  return r.rows[0]!.at;
}

export async function selectExportJob(db: Kysely<DB>, id: string): Promise<ExportJobRow | undefined> {
  return db.selectFrom('export_jobs').selectAll().where('id', '=', id).executeTakeFirst();
}

/**
 * Claims the oldest job waiting, or one claimed earlier whose heartbeat is older than `staleBefore`
 * (its process stopped): marks it running, with a fresh claim and heartbeat, and one attempt more.
 * SKIP LOCKED lets several processes on one PostgreSQL claim different jobs.
 */
export async function claimExportJob(db: Kysely<DB>, now: Date, staleBefore: Date): Promise<ExportJobRow | undefined> {
  const r = await sql<ExportJobRow>`
    UPDATE export_jobs SET status = 'running', claimed_at = ${now}, heartbeat_at = ${now}, attempts = attempts + 1,
                           progress_done = 0, error = NULL
    WHERE id = (
      SELECT id FROM export_jobs
      WHERE status = 'queued' OR (status = 'running' AND heartbeat_at < ${staleBefore})
      ORDER BY created_at LIMIT 1 FOR UPDATE SKIP LOCKED)
    RETURNING *`.execute(db);
  return r.rows[0];
}

/** Records progress and proves the claim alive; false when the job is no longer this claim's. */
export async function updateExportProgress(db: Kysely<DB>, id: string, claimedAt: Date, values: { done: number; total?: number; now: Date; totals?: { offers: number; rows: number } }): Promise<boolean> {
  const r = await db
    .updateTable('export_jobs')
    .set({
      progress_done: values.done,
      heartbeat_at: values.now,
      ...(values.total !== undefined ? { progress_total: values.total } : {}),
      ...(values.totals ? { total_offers: values.totals.offers, total_lines: values.totals.rows } : {}),
    })
    .where('id', '=', id)
    .where('status', '=', 'running')
    .where('claimed_at', '=', claimedAt)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function finishExportJob(
  db: Kysely<DB>,
  id: string,
  claimedAt: Date,
  values: { offers: number; rows: number; bytes: number; now: Date },
): Promise<boolean> {
  const r = await db
    .updateTable('export_jobs')
    .set({
      status: 'done',
      offers_written: values.offers,
      lines_written: values.rows,
      file_bytes: String(values.bytes),
      finished_at: values.now,
      heartbeat_at: values.now,
      progress_done: sql<number>`coalesce(progress_total, 0)`,
    })
    .where('id', '=', id)
    .where('status', '=', 'running')
    .where('claimed_at', '=', claimedAt)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Back to the queue for another attempt, or failed for good; only while the claim is this one. */
export async function failExportJob(db: Kysely<DB>, id: string, claimedAt: Date, values: { error: string; retry: boolean; now: Date }): Promise<void> {
  await db
    .updateTable('export_jobs')
    .set({ status: values.retry ? 'queued' : 'failed', error: values.error.slice(0, 500), finished_at: values.retry ? null : values.now })
    .where('id', '=', id)
    .where('status', '=', 'running')
    .where('claimed_at', '=', claimedAt)
    .execute();
}

/** Finished jobs older than `before`: their files are to be deleted. */
export async function selectExpiredExportJobs(db: Kysely<DB>, before: Date): Promise<{ id: string; format: string }[]> {
  return db.selectFrom('export_jobs').select(['id', 'format']).where('status', '=', 'done').where('finished_at', '<', before).limit(1000).execute();
}

export async function markExportJobsExpired(db: Kysely<DB>, ids: string[]): Promise<void> {
  if (ids.length === 0) return;
  await db.updateTable('export_jobs').set({ status: 'expired' }).where('id', 'in', ids).where('status', '=', 'done').execute();
}
