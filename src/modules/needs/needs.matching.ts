// Matching: which live offer lines fit a need, in what order, and why (issue 6 «Matching»).
// A line is a candidate when it is of the need's kind (and category, unit or currency when the
// need names one), its offer is verified or allocated, it is not withdrawn, it has capacity left,
// its dates overlap the need's, and it is within reach. Candidates are ranked by distance in the
// administrative hierarchy first (PLACE_TIERS), then by how many of the need's wishes they miss,
// then by how much of what is still needed they cover. The tiers are asked for one after another,
// each with its own index scan, until the page is full, so a need in Attica does not sort every
// line of Greece (measured by bench/matching.ts).
import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { DB } from '../../platform/db/schema.js';
import { neighboursOf } from './needs.neighbours.js';

/**
 * Distance in the administrative hierarchy, nearest first (issue 6): the need's municipality, its
 * regional unit, its region, a neighbouring region, then help not tied to a place (a service given
 * remotely, a sum of money).
 */
export const PLACE_TIERS = ['municipality', 'regional_unit', 'region', 'neighbouring_region', 'anywhere'] as const;
export type PlaceTier = (typeof PLACE_TIERS)[number];

export type NeedKind = 'accommodation' | 'service' | 'essential_items' | 'money';

/** What matching needs to know of a need. Quantities are numbers in the need's unit. */
export type MatchableNeed = {
  kind: NeedKind;
  category: string | null;
  unit: string | null;
  currency: string | null;
  regionCode: string;
  regionalUnitCode: string | null;
  municipalityCode: string | null;
  startsOn: string;
  endsOn: string | null;
  /** quantity − allocated quantity */
  outstanding: number;
  familiesWithChildren: boolean;
  stepFreeAccessNeeded: boolean;
  elderly: boolean;
  pets: boolean;
  languages: readonly string[];
};

/** What matching needs to know of an offer line. */
export type MatchableLine = {
  kind: string;
  category: string | null;
  regionCode: string | null;
  municipalityCode: string | null;
  /** the regional unit of the line's municipality */
  regionalUnitCode: string | null;
  availableFrom: string | null;
  availableUntil: string | null;
  stepFreeAccess: boolean | null;
  suitableFor: readonly string[];
  languages: readonly string[];
  delivery: string | null;
  unit: string | null;
  currency: string | null;
  /** capacity − allocated quantity */
  remaining: number;
};

/** One reason a line fits or does not fit: a message key of needs.messages.ts and its values. */
export type Reason = { key: ReasonKey; params?: Record<string, string | number> };
export type ReasonKey =
  | 'fit_same_kind'
  | 'fit_same_category'
  | 'fit_place_municipality'
  | 'fit_place_regional_unit'
  | 'fit_place_region'
  | 'fit_place_neighbouring_region'
  | 'fit_place_remote'
  | 'fit_place_money'
  | 'fit_dates'
  | 'fit_covers_all'
  | 'fit_families'
  | 'fit_step_free'
  | 'fit_elderly'
  | 'fit_pets'
  | 'fit_languages'
  | 'miss_covers_part'
  | 'miss_families'
  | 'miss_step_free'
  | 'miss_elderly'
  | 'miss_pets'
  | 'miss_languages'
  | 'miss_starts_later'
  | 'miss_ends_sooner';

export type Explanation = { tier: PlaceTier; fits: Reason[]; misses: Reason[] };

/**
 * The tier of a line for a need, or null when it is out of reach (a line in a region that is
 * neither the need's nor a neighbour, unless it is a remote service or money).
 */
export function placeTier(need: MatchableNeed, line: MatchableLine): PlaceTier | null {
  const needUnit = need.regionalUnitCode;
  if (need.municipalityCode && line.municipalityCode === need.municipalityCode) return 'municipality';
  if (needUnit && line.regionalUnitCode === needUnit) return 'regional_unit';
  if (line.regionCode === need.regionCode) return 'region';
  if (line.regionCode && neighboursOf(need.regionCode).includes(line.regionCode)) return 'neighbouring_region';
  if (line.kind === 'money') return 'anywhere';
  if (line.kind === 'service' && (line.delivery === 'remote' || line.delivery === 'in_person_and_remote')) return 'anywhere';
  return null;
}

const FAMILY_SUITABILITY = ['families', 'children'];

/**
 * Why `line` fits `need` and what does not fit, in the order the page shows them. The misses are
 * the same tests, term by term, as misfitsSql (which ranks), so the list and its order agree
 * (needs.matching.test.ts checks both).
 */
export function explainMatch(need: MatchableNeed, line: MatchableLine, tier: PlaceTier): Explanation {
  const fits: Reason[] = [{ key: 'fit_same_kind' }];
  const misses: Reason[] = [];
  if (need.category) fits.push({ key: 'fit_same_category' });
  fits.push({
    key:
      tier === 'anywhere'
        ? line.kind === 'money'
          ? 'fit_place_money'
          : 'fit_place_remote'
        : (`fit_place_${tier}` as ReasonKey),
  });
  if (need.outstanding > 0 && line.remaining >= need.outstanding) fits.push({ key: 'fit_covers_all' });
  else misses.push({ key: 'miss_covers_part', params: { remaining: line.remaining, outstanding: need.outstanding } });

  // Dates: overlapping is required; covering the whole period is a wish.
  const startsLater = line.availableFrom !== null && line.availableFrom > need.startsOn;
  const endsSooner = line.availableUntil !== null && (need.endsOn === null || line.availableUntil < need.endsOn);
  if (startsLater) misses.push({ key: 'miss_starts_later', params: { from: line.availableFrom! } });
  if (endsSooner) misses.push({ key: 'miss_ends_sooner', params: { until: line.availableUntil! } });
  if (!startsLater && !endsSooner) fits.push({ key: 'fit_dates' });

  if (line.kind === 'accommodation') {
    if (need.familiesWithChildren) {
      if (line.suitableFor.some((s) => FAMILY_SUITABILITY.includes(s))) fits.push({ key: 'fit_families' });
      else misses.push({ key: 'miss_families' });
    }
    if (need.stepFreeAccessNeeded) {
      if (line.stepFreeAccess === true) fits.push({ key: 'fit_step_free' });
      else misses.push({ key: 'miss_step_free' });
    }
    if (need.elderly) {
      if (line.suitableFor.includes('elderly')) fits.push({ key: 'fit_elderly' });
      else misses.push({ key: 'miss_elderly' });
    }
    if (need.pets) {
      if (line.suitableFor.includes('pets')) fits.push({ key: 'fit_pets' });
      else misses.push({ key: 'miss_pets' });
    }
  }
  if (line.kind === 'service' && need.languages.length > 0) {
    const missing = need.languages.filter((l) => !line.languages.includes(l));
    if (missing.length === 0) fits.push({ key: 'fit_languages' });
    else misses.push({ key: 'miss_languages', params: { languages: missing.join(',') } });
  }
  return { tier, fits, misses };
}

// --- the query ------------------------------------------------------------------------------

/** A candidate line as the query returns it (numeric columns as strings). */
export type MatchRow = {
  line_id: string;
  offer_id: string;
  offer_reference: string;
  offer_status: string;
  organisation_name: string;
  position: number;
  kind: string;
  category: string | null;
  description: string | null;
  region_code: string | null;
  municipality_code: string | null;
  regional_unit_code: string | null;
  available_from: string | null;
  available_until: string | null;
  step_free_access: boolean | null;
  suitable_for: string[] | null;
  languages: string[] | null;
  delivery: string | null;
  unit: string | null;
  currency: string | null;
  capacity: string;
  allocated_quantity: string;
  misfits: number;
};

/**
 * The wishes a line misses, counted in SQL for ranking: the same terms as explainMatch's misses.
 * `outstanding` is the need's quantity still to be found.
 */
function misfitsSql(need: MatchableNeed): RawBuilder<number> {
  const terms: RawBuilder<unknown>[] = [
    sql`CASE WHEN l.capacity - l.allocated_quantity < ${need.outstanding} THEN 1 ELSE 0 END`,
    sql`CASE WHEN l.available_from IS NOT NULL AND l.available_from > ${need.startsOn}::date THEN 1 ELSE 0 END`,
    need.endsOn === null
      ? sql`CASE WHEN l.available_until IS NOT NULL THEN 1 ELSE 0 END`
      : sql`CASE WHEN l.available_until IS NOT NULL AND l.available_until < ${need.endsOn}::date THEN 1 ELSE 0 END`,
  ];
  if (need.kind === 'accommodation') {
    if (need.familiesWithChildren) terms.push(sql`CASE WHEN coalesce(l.suitable_for && ARRAY['families', 'children']::text[], false) THEN 0 ELSE 1 END`);
    if (need.stepFreeAccessNeeded) terms.push(sql`CASE WHEN l.step_free_access IS TRUE THEN 0 ELSE 1 END`);
    if (need.elderly) terms.push(sql`CASE WHEN coalesce('elderly' = ANY (l.suitable_for), false) THEN 0 ELSE 1 END`);
    if (need.pets) terms.push(sql`CASE WHEN coalesce('pets' = ANY (l.suitable_for), false) THEN 0 ELSE 1 END`);
  }
  if (need.kind === 'service' && need.languages.length > 0) {
    terms.push(sql`CASE WHEN coalesce(l.languages @> ${sql.val([...need.languages])}::text[], false) THEN 0 ELSE 1 END`);
  }
  return sql<number>`(${sql.join(terms, sql` + `)})`;
}

/** The SQL test that puts a line `l` in `tier`, exclusive of nearer tiers. */
function tierSql(need: MatchableNeed, tier: PlaceTier): RawBuilder<boolean> | null {
  const near = [need.regionCode, ...neighboursOf(need.regionCode)];
  const notMunicipality = need.municipalityCode ? sql`l.municipality_code IS DISTINCT FROM ${need.municipalityCode}` : sql`true`;
  // The regional unit's municipalities as a hashed sub-plan (a few dozen codes), so the test
  // reads only the index's columns.
  const inUnit = need.regionalUnitCode ? sql`l.municipality_code IN (SELECT code FROM admin_units WHERE parent_code = ${need.regionalUnitCode})` : null;
  const notUnit = inUnit ? sql`(l.municipality_code IS NULL OR NOT ${inUnit})` : sql`true`;
  switch (tier) {
    case 'municipality':
      return need.municipalityCode ? sql<boolean>`l.region_code = ${need.regionCode} AND l.municipality_code = ${need.municipalityCode}` : null;
    case 'regional_unit':
      return inUnit ? sql<boolean>`l.region_code = ${need.regionCode} AND ${inUnit} AND ${notMunicipality}` : null;
    case 'region':
      return sql<boolean>`l.region_code = ${need.regionCode} AND ${notMunicipality} AND ${notUnit}`;
    case 'neighbouring_region':
      return near.length > 1 ? sql<boolean>`l.region_code = ANY (${sql.val(near.slice(1))}::text[])` : null;
    case 'anywhere':
      if (need.kind === 'money') return sql<boolean>`(l.region_code IS NULL OR NOT (l.region_code = ANY (${sql.val(near)}::text[])))`;
      if (need.kind === 'service') {
        return sql<boolean>`l.delivery IN ('remote', 'in_person_and_remote') AND (l.region_code IS NULL OR NOT (l.region_code = ANY (${sql.val(near)}::text[])))`;
      }
      return null;
  }
}

export type MatchOptions = {
  /** how many lines at most (the page shows the first ones) */
  limit: number;
  /** a regional coordinator's regions: only offers with a line in one of them; 'all' otherwise */
  regions: 'all' | readonly string[];
};

type Ranked = { line_id: string; offer_id: string; misfits: number };

/** One tier's candidates, best first: ids only, read from offer_lines_matching_idx alone. */
async function rankTier(db: Kysely<DB>, need: MatchableNeed, where: RawBuilder<boolean>, misfits: RawBuilder<number>, limit: number): Promise<Ranked[]> {
  const rows = await sql<Ranked>`
    SELECT l.id AS line_id, l.offer_id, ${misfits} AS misfits
    FROM offer_lines l
    WHERE l.kind = ${need.kind}
      ${need.category ? sql`AND l.category = ${need.category}` : sql``}
      AND l.offer_status IN ('verified', 'allocated') AND l.withdrawn_at IS NULL AND l.allocated_quantity < l.capacity
      AND (l.available_until IS NULL OR l.available_until >= ${need.startsOn}::date)
      ${need.endsOn ? sql`AND (l.available_from IS NULL OR l.available_from <= ${need.endsOn}::date)` : sql``}
      ${need.kind === 'essential_items' && need.unit ? sql`AND l.unit = ${need.unit}` : sql``}
      ${need.kind === 'money' && need.currency ? sql`AND l.currency = ${need.currency}` : sql``}
      AND ${where}
    ORDER BY misfits, least(l.capacity - l.allocated_quantity, ${need.outstanding}) DESC, l.id
    LIMIT ${limit}`.execute(db);
  return rows.rows.map((r) => ({ ...r, misfits: Number(r.misfits) }));
}

/**
 * The candidate lines for `need`, ranked: tier by tier (PLACE_TIERS), within a tier by misfits
 * (fewest first), then by the part of the outstanding quantity covered (most first), then by the
 * line's id, so the order is stable.
 * A regional coordinator sees only offers in their regions: a tier's ranking is read in growing
 * slices and filtered by the offers' regions until the page is full, so the scope test runs on a
 * few hundred offers, not on every candidate of a large region.
 * @returns rows with their tier, at most `limit`.
 */
export async function findMatches(db: Kysely<DB>, need: MatchableNeed, options: MatchOptions): Promise<(MatchRow & { tier: PlaceTier })[]> {
  const picked: (Ranked & { tier: PlaceTier })[] = [];
  if (options.regions !== 'all' && options.regions.length === 0) return [];
  const misfits = misfitsSql(need);
  for (const tier of PLACE_TIERS) {
    if (picked.length >= options.limit) break;
    const where = tierSql(need, tier);
    if (!where) continue;
    const want = options.limit - picked.length;
    if (options.regions === 'all') {
      for (const r of await rankTier(db, need, where, misfits, want)) picked.push({ ...r, tier });
      continue;
    }
    const regions = [...options.regions];
    // A slice, then (when too few of it are in scope) one sized by the share in scope seen so far,
    // with room to spare: at least twice and at most 16 times the last one, so a region where few
    // candidates are in scope (money pledged nationwide, say) costs two or three rankings.
    for (let slice = Math.max(200, want * 4); ; ) {
      const ranked = await rankTier(db, need, where, misfits, slice);
      const ids = [...new Set(ranked.map((r) => r.offer_id))];
      // One array parameter, not one parameter per id: thousands of ids plan in a moment.
      const visible = ids.length
        ? new Set(
            (await sql<{ id: string }>`
              SELECT id FROM offers WHERE id = ANY (${sql.val(ids)}::uuid[]) AND region_codes && ${sql.val(regions)}::text[]`.execute(db)).rows.map((o) => o.id),
          )
        : new Set<string>();
      const kept = ranked.filter((r) => visible.has(r.offer_id));
      if (kept.length >= want || ranked.length < slice) {
        for (const r of kept.slice(0, want)) picked.push({ ...r, tier });
        break;
      }
      const share = Math.max(kept.length, 1) / ranked.length;
      slice = Math.min(slice * 16, Math.max(slice * 2, Math.ceil((want / share) * 1.5)));
    }
  }
  if (picked.length === 0) return [];
  const details = await sql<Omit<MatchRow, 'misfits'>>`
    SELECT l.id AS line_id, l.offer_id, l.offer_status, l.position, l.kind, l.category, l.description, l.region_code,
           l.municipality_code, mu.parent_code AS regional_unit_code,
           to_char(l.available_from, 'YYYY-MM-DD') AS available_from, to_char(l.available_until, 'YYYY-MM-DD') AS available_until,
           l.step_free_access, l.suitable_for, l.languages, l.delivery, l.unit, l.currency,
           l.capacity::text AS capacity, l.allocated_quantity::text AS allocated_quantity,
           o.reference AS offer_reference, org.legal_name AS organisation_name
    FROM offer_lines l
    JOIN offers o ON o.id = l.offer_id
    JOIN organisations org ON org.id = o.organisation_id
    LEFT JOIN admin_units mu ON mu.code = l.municipality_code
    WHERE l.id = ANY (${sql.val(picked.map((p) => p.line_id))}::uuid[])`.execute(db);
  const byId = new Map(details.rows.map((d) => [d.line_id, d]));
  return picked.flatMap((p) => {
    const d = byId.get(p.line_id);
    return d ? [{ ...d, misfits: p.misfits, tier: p.tier }] : [];
  });
}

/** A row of findMatches as matching's pure functions see it. */
export function lineOf(row: MatchRow): MatchableLine {
  return {
    kind: row.kind,
    category: row.category,
    regionCode: row.region_code,
    municipalityCode: row.municipality_code,
    regionalUnitCode: row.regional_unit_code,
    availableFrom: row.available_from,
    availableUntil: row.available_until,
    stepFreeAccess: row.step_free_access,
    suitableFor: row.suitable_for ?? [],
    languages: row.languages ?? [],
    delivery: row.delivery,
    unit: row.unit,
    currency: row.currency,
    remaining: Number(row.capacity) - Number(row.allocated_quantity),
  };
}
