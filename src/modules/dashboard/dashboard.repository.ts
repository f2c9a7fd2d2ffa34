// Kysely queries for the dashboard. Totals come from the tables of 0012 (kept by triggers), never
// from aggregating offers: each read sums the folded totals and the change log not yet folded,
// so it is exact at its snapshot. Needs are few (coordinators record them by hand) and are
// aggregated directly. Each function takes `db` or `trx` first and returns rows.
import { sql, type Expression, type Kysely, type SqlBool, type Transaction } from 'kysely';
import type { DB } from '../../platform/db/schema.js';

type Q = Kysely<DB> | Transaction<DB>;

/** The regions whose totals are read: every region, or a non-empty list (ISO 3166-2:GR codes). */
export type RegionFilter = 'all' | readonly [string, ...string[]];

export type TotalsWhere = { regions: RegionFilter; kind?: string };

const textArray = (values: readonly string[]) => sql`ARRAY[${sql.join(values.map((v) => sql`${v}`))}]::text[]`;

/** The regions key of the whole country's rows in every totals table (0012). */
const NATIONAL = sql`'{*}'::text[]`;

/**
 * The keys a change is counted under (0012): its regions as they are, the whole country ('{*}'),
 * and each of its regions alone, starred ('{*GR-M}'), so one region's dashboard reads that
 * region's own rows (an offer in two regions counts once in each) instead of every combination
 * that includes it. Stars overlap no region code, so `region_codes && …` skips both kinds.
 */
const keysOf = (column: string) =>
  sql`CROSS JOIN LATERAL (SELECT ${sql.ref(column)} UNION ALL SELECT ${NATIONAL} UNION ALL SELECT ARRAY['*' || u] FROM unnest(${sql.ref(column)}) AS u) AS x(r)`;

/**
 * The scope and kind conditions for the totals tables (`totals`) and the change log (`changes`).
 * The whole country reads the totals' '{*}' rows and every change; a list of regions reads the
 * rows and changes whose regions overlap it ('*' overlaps none).
 */
function where(w: TotalsWhere, kindCondition: (kind: string) => Expression<SqlBool>): { totals: Expression<SqlBool>; changes: Expression<SqlBool> } {
  const kind = w.kind ? [kindCondition(w.kind)] : [];
  const and = (all: Expression<SqlBool>[]) => (all.length === 0 ? sql<SqlBool>`true` : sql<SqlBool>`${sql.join(all, sql` AND `)}`);
  if (w.regions === 'all') return { totals: and([sql<SqlBool>`region_codes = ${NATIONAL}`, ...kind]), changes: and(kind) };
  const scope = sql<SqlBool>`region_codes && ${textArray(w.regions)}`;
  if (w.regions.length === 1) return { totals: and([sql<SqlBool>`region_codes = ${textArray([`*${w.regions[0]}`])}`, ...kind]), changes: and([scope, ...kind]) };
  return { totals: and([scope, ...kind]), changes: and([scope, ...kind]) };
}

/** Change rows in one fold from which the totals are swept of keys whose counts fell to zero. */
export const CLEAN_UP_AFTER = 10_000;

/** A key for pg_try_advisory_xact_lock: one fold at a time (7074 = PROS, as the migrations' lock). */
const FOLD_LOCK = sql`7074, 12`;

/**
 * Moves the change log into the totals, in one transaction, if no other fold is running (a
 * concurrent one would only wait for this one's rows: DELETE … RETURNING hands each row to one
 * fold). After a large fold (CLEAN_UP_AFTER change rows) rows whose counts fell to zero are
 * dropped, so the totals stay as small as the variety of what is offered.
 * @returns how many change rows were folded, or null when another fold held the lock.
 */
export async function foldChanges(db: Kysely<DB>): Promise<number | null> {
  return db.transaction().execute(async (trx) => {
    const locked = await sql<{ ok: boolean }>`SELECT pg_try_advisory_xact_lock(${FOLD_LOCK}) AS ok`.execute(trx);
    if (!locked.rows[0]?.ok) return null;
    const lines = await sql<{ n: string }>`
      WITH moved AS (DELETE FROM dashboard_line_changes RETURNING *),
      folded AS (
        INSERT INTO dashboard_line_totals AS t
        SELECT r, kind, category, unit, frequency, offer_status, withdrawn, sum(lines), sum(capacity), sum(allocated)
        FROM moved ${keysOf('moved.region_codes')}
        GROUP BY r, kind, category, unit, frequency, offer_status, withdrawn
        ON CONFLICT (region_codes, kind, category, unit, frequency, offer_status, withdrawn) DO UPDATE
        SET lines = t.lines + excluded.lines, capacity = t.capacity + excluded.capacity, allocated = t.allocated + excluded.allocated
        RETURNING 1
      )
      SELECT count(*)::text AS n FROM moved`.execute(trx);
    const offers = await sql<{ n: string }>`
      WITH moved AS (DELETE FROM dashboard_offer_changes RETURNING *),
      totals AS (
        INSERT INTO dashboard_offer_totals AS t
        SELECT r, line_kinds, status, sum(offers) FROM moved ${keysOf('moved.region_codes')}
        GROUP BY r, line_kinds, status
        ON CONFLICT (region_codes, line_kinds, status) DO UPDATE SET offers = t.offers + excluded.offers
        RETURNING 1
      ),
      days AS (
        INSERT INTO dashboard_offer_days AS t
        SELECT submitted_on, r, line_kinds, sum(offers) FROM moved ${keysOf('moved.region_codes')}
        GROUP BY submitted_on, r, line_kinds
        ON CONFLICT (submitted_on, region_codes, line_kinds) DO UPDATE SET offers = t.offers + excluded.offers
        RETURNING 1
      )
      SELECT count(*)::text AS n FROM moved`.execute(trx);
    const moved = Number(lines.rows[0]?.n ?? 0) + Number(offers.rows[0]?.n ?? 0);
    // Keys whose counts fell to zero count nothing; dropping them needs a pass over each totals
    // table (the days hold a row per day and key), so it waits for a large fold.
    if (moved >= CLEAN_UP_AFTER) {
      await sql`DELETE FROM dashboard_line_totals WHERE lines = 0 AND capacity = 0 AND allocated = 0`.execute(trx);
      await sql`DELETE FROM dashboard_offer_totals WHERE offers = 0`.execute(trx);
      await sql`DELETE FROM dashboard_offer_days WHERE offers = 0`.execute(trx);
    }
    return moved;
  });
}

/** Whether the change log holds anything to fold. */
export async function hasChanges(db: Q): Promise<boolean> {
  const r = await sql<{ any: boolean }>`
    SELECT EXISTS (SELECT 1 FROM dashboard_line_changes) OR EXISTS (SELECT 1 FROM dashboard_offer_changes) AS any`.execute(db);
  return r.rows[0]?.any ?? false;
}

/**
 * Recomputes every total from offers and offer lines, and empties the change log. For a load
 * that bypassed the triggers (bench/support/seed.ts disables them), or to check the totals.
 * The change log is locked first, so writers that already logged a change have committed before
 * the totals are computed, and writers after it wait and log on top of the new totals.
 * Offer lines must carry their copied columns (offer_status, scope_region_codes).
 */
export async function rebuildTotals(db: Kysely<DB>): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await sql`LOCK TABLE dashboard_line_changes, dashboard_offer_changes IN ACCESS EXCLUSIVE MODE`.execute(trx);
    for (const table of ['dashboard_line_changes', 'dashboard_offer_changes', 'dashboard_line_totals', 'dashboard_offer_totals', 'dashboard_offer_days']) {
      await sql`DELETE FROM ${sql.table(table)}`.execute(trx);
    }
    await sql`
      INSERT INTO dashboard_line_totals
      SELECT r, kind, coalesce(category, ''), coalesce(unit, currency::text, ''), coalesce(frequency, ''),
             coalesce(offer_status, ''), withdrawn_at IS NOT NULL, count(*), sum(coalesce(capacity, 0)), sum(allocated_quantity)
      FROM offer_lines ${keysOf('offer_lines.scope_region_codes')} GROUP BY 1, 2, 3, 4, 5, 6, 7`.execute(trx);
    await sql`
      INSERT INTO dashboard_offer_totals
      SELECT r, line_kinds, status, count(*) FROM offers ${keysOf('offers.region_codes')} GROUP BY 1, 2, 3`.execute(trx);
    await sql`
      INSERT INTO dashboard_offer_days
      SELECT (submitted_at AT TIME ZONE 'Europe/Athens')::date, r, line_kinds, count(*)
      FROM offers ${keysOf('offers.region_codes')} GROUP BY 1, 2, 3`.execute(trx);
  });
}

export type LineRegionRow = {
  region_codes: string[];
  kind: string;
  category: string;
  unit: string;
  frequency: string;
  offer_status: string;
  withdrawn: boolean;
  lines: string;
  capacity: string;
  allocated: string;
};

export type LineTotalRow = Omit<LineRegionRow, 'region_codes'>;

/** Capacity totals of lines within `w`, per kind, category, unit, frequency, offer status and withdrawal; folded and pending together. */
export async function lineTotals(db: Q, w: TotalsWhere): Promise<LineTotalRow[]> {
  const cond = where(w, (k) => sql<SqlBool>`kind = ${k}`);
  const r = await sql<LineTotalRow>`
    SELECT kind, category, unit, frequency, offer_status, withdrawn,
           sum(lines)::text AS lines, sum(capacity)::text AS capacity, sum(allocated)::text AS allocated
    FROM (
      SELECT kind, category, unit, frequency, offer_status, withdrawn, lines, capacity, allocated FROM dashboard_line_totals WHERE ${cond.totals}
      UNION ALL
      SELECT kind, category, unit, frequency, offer_status, withdrawn, lines, capacity, allocated FROM dashboard_line_changes WHERE ${cond.changes}
    ) x
    GROUP BY kind, category, unit, frequency, offer_status, withdrawn`.execute(db);
  return r.rows;
}

/**
 * Accommodation within `regions`, per region (an accommodation line is always in exactly one),
 * offer status and withdrawal: the map's free places. A region comes back as `GR-M` or `*GR-M`
 * (folded totals are read from the starred rows): the same region.
 */
export async function placesByRegion(db: Q, regions: RegionFilter): Promise<LineRegionRow[]> {
  // The starred rows of each region (see keysOf); the change log holds plain regions.
  const starred = regions === 'all' ? sql<SqlBool>`region_codes[1] LIKE '*_%'` : sql<SqlBool>`region_codes[1] = ANY (${textArray(regions.map((r) => `*${r}`))})`;
  const starredScope = sql<SqlBool>`cardinality(region_codes) = 1 AND ${starred}`;
  const scope = regions === 'all' ? sql<SqlBool>`true` : sql<SqlBool>`region_codes && ${textArray(regions)}`;
  const r = await sql<LineRegionRow>`
    SELECT region_codes, kind, category, unit, frequency, offer_status, withdrawn,
           sum(lines)::text AS lines, sum(capacity)::text AS capacity, sum(allocated)::text AS allocated
    FROM (
      SELECT region_codes, kind, '' AS category, '' AS unit, '' AS frequency, offer_status, withdrawn, lines, capacity, allocated
      FROM dashboard_line_totals WHERE kind = 'accommodation' AND ${starredScope}
      UNION ALL
      SELECT region_codes, kind, '' AS category, '' AS unit, '' AS frequency, offer_status, withdrawn, lines, capacity, allocated
      FROM dashboard_line_changes WHERE kind = 'accommodation' AND ${scope}
    ) x
    GROUP BY region_codes, kind, category, unit, frequency, offer_status, withdrawn`.execute(db);
  return r.rows;
}

export type OfferTotalRow = { line_kinds: string[]; status: string; offers: string };

/** Offers within `w` by their kinds of help and status. */
export async function offerTotals(db: Q, w: TotalsWhere): Promise<OfferTotalRow[]> {
  const cond = where(w, (k) => sql<SqlBool>`line_kinds @> ${textArray([k])}`);
  const r = await sql<OfferTotalRow>`
    SELECT line_kinds, status, sum(offers)::text AS offers
    FROM (
      SELECT line_kinds, status, offers FROM dashboard_offer_totals WHERE ${cond.totals}
      UNION ALL
      SELECT line_kinds, status, offers FROM dashboard_offer_changes WHERE ${cond.changes}
    ) x
    GROUP BY line_kinds, status`.execute(db);
  return r.rows;
}

export type OfferDayRow = { day: string; offers: string };

/** Offers within `w` submitted on each day from `from` to `to` (YYYY-MM-DD, Greek calendar days, inclusive); days without any are absent. */
export async function offerDays(db: Q, w: TotalsWhere, from: string, to: string): Promise<OfferDayRow[]> {
  const cond = where(w, (k) => sql<SqlBool>`line_kinds @> ${textArray([k])}`);
  const r = await sql<OfferDayRow>`
    SELECT to_char(submitted_on, 'YYYY-MM-DD') AS day, sum(offers)::text AS offers
    FROM (
      SELECT submitted_on, offers FROM dashboard_offer_days WHERE submitted_on BETWEEN ${from}::date AND ${to}::date AND ${cond.totals}
      UNION ALL
      SELECT submitted_on, offers FROM dashboard_offer_changes WHERE submitted_on BETWEEN ${from}::date AND ${to}::date AND ${cond.changes}
    ) x
    GROUP BY submitted_on
    HAVING sum(offers) <> 0
    ORDER BY submitted_on`.execute(db);
  return r.rows;
}

export type NeedTotalRow = { region_code: string; kind: string; status: string; unit: string; needs: string; quantity: string; allocated: string };

/** Needs within `w` (their region; the kind of help asked for), by region, kind, status and unit. */
export async function needTotals(db: Q, w: TotalsWhere): Promise<NeedTotalRow[]> {
  const all: Expression<SqlBool>[] = [];
  if (w.regions !== 'all') all.push(sql<SqlBool>`region_code = ANY (${textArray(w.regions)})`);
  if (w.kind) all.push(sql<SqlBool>`kind = ${w.kind}`);
  const cond = all.length === 0 ? sql<SqlBool>`true` : sql<SqlBool>`${sql.join(all, sql` AND `)}`;
  const r = await sql<NeedTotalRow>`
    SELECT region_code, kind, status, coalesce(unit, currency::text, '') AS unit, count(*)::text AS needs,
           sum(quantity)::text AS quantity, sum(allocated_quantity)::text AS allocated
    FROM needs WHERE ${cond}
    GROUP BY region_code, kind, status, coalesce(unit, currency::text, '')`.execute(db);
  return r.rows;
}
