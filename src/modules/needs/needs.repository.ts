// Kysely queries for needs and allocations. Takes `db` or a transaction first; returns rows.
// Scope (a regional coordinator's regions) is applied in the query that finds a need or an offer,
// so one outside it is indistinguishable from one that does not exist.
import { sql, type Insertable, type Kysely, type Updateable } from 'kysely';
import type { DB, NeedsTable } from '../../platform/db/schema.js';

type Q = Kysely<DB>;
/** 'all', or a non-empty list of ISO 3166-2:GR region codes. */
export type RegionFilter = 'all' | readonly string[];

const NEED_COLUMNS = [
  'needs.id',
  'needs.reference',
  'needs.kind',
  'needs.category',
  'needs.quantity',
  'needs.unit',
  'needs.currency',
  'needs.region_code',
  'needs.regional_unit_code',
  'needs.municipality_code',
  'needs.priority',
  'needs.status',
  'needs.allocated_quantity',
  'needs.people_count',
  'needs.household_count',
  'needs.families_with_children',
  'needs.step_free_access_needed',
  'needs.elderly',
  'needs.pets',
  'needs.languages',
  'needs.notes',
  'needs.closed_reason',
  'needs.closed_at',
  'needs.created_at',
  'needs.updated_at',
  'needs.version',
] as const;

export type NeedRow = Awaited<ReturnType<typeof selectNeed>> & {};

/** The need with this reference within scope (dates as YYYY-MM-DD). */
export function selectNeed(db: Q, reference: string, regions: RegionFilter, options: { forUpdate?: boolean } = {}) {
  return db
    .selectFrom('needs')
    .select([...NEED_COLUMNS, sql<string>`to_char(needs.starts_on, 'YYYY-MM-DD')`.as('starts_on'), sql<string | null>`to_char(needs.ends_on, 'YYYY-MM-DD')`.as('ends_on')])
    .where('needs.reference', '=', reference)
    .$if(regions !== 'all', (qb) => qb.where('needs.region_code', 'in', regions as string[]))
    .$if(options.forUpdate === true, (qb) => qb.forUpdate())
    .executeTakeFirst();
}

export type NeedFilters = { kind?: string; status?: string; region?: string };

/** A page of needs in scope, newest first, and whether there are more. */
export async function selectNeeds(db: Q, regions: RegionFilter, filters: NeedFilters, page: { offset: number; size: number }) {
  const rows = await db
    .selectFrom('needs')
    .select([...NEED_COLUMNS, sql<string>`to_char(needs.starts_on, 'YYYY-MM-DD')`.as('starts_on'), sql<string | null>`to_char(needs.ends_on, 'YYYY-MM-DD')`.as('ends_on')])
    .$if(regions !== 'all', (qb) => qb.where('needs.region_code', 'in', regions as string[]))
    .$if(filters.kind !== undefined, (qb) => qb.where('needs.kind', '=', filters.kind as NeedsTable['kind']))
    .$if(filters.status !== undefined, (qb) => qb.where('needs.status', '=', filters.status as 'open'))
    .$if(filters.region !== undefined, (qb) => qb.where('needs.region_code', '=', filters.region!))
    // urgent first among what is still needed, then the newest
    .orderBy(sql`CASE WHEN needs.status IN ('open', 'partly_met') THEN 0 ELSE 1 END`)
    .orderBy(sql`CASE needs.priority WHEN 'urgent' THEN 0 WHEN 'high' THEN 1 WHEN 'normal' THEN 2 ELSE 3 END`)
    .orderBy('needs.created_at', 'desc')
    .orderBy('needs.id', 'desc')
    .limit(page.size + 1)
    .offset(page.offset)
    .execute();
  return { rows: rows.slice(0, page.size), more: rows.length > page.size };
}

export function insertNeed(db: Q, values: Insertable<DB['needs']>) {
  return db.insertInto('needs').values(values).returning(['id', 'reference']).executeTakeFirstOrThrow();
}

/** Updates the need only if it is still at `version`; undefined when someone else changed it. */
export function updateNeed(db: Q, id: string, version: number, values: Updateable<DB['needs']>) {
  return db
    .updateTable('needs')
    .set((eb) => ({ ...values, version: eb('version', '+', 1) }))
    .where('id', '=', id)
    .where('version', '=', version)
    .returning(['id', 'reference', 'version'])
    .executeTakeFirst();
}

/** The allocations of a need, oldest first, with their offers and lines. */
export function selectAllocationsOfNeed(db: Q, needId: string) {
  return db
    .selectFrom('allocations as a')
    .innerJoin('offers as o', 'o.id', 'a.offer_id')
    .innerJoin('offer_lines as l', 'l.id', 'a.offer_line_id')
    .innerJoin('organisations as org', 'org.id', 'o.organisation_id')
    .leftJoin('staff_accounts as cb', 'cb.id', 'a.created_by')
    .leftJoin('staff_accounts as rb', 'rb.id', 'a.released_by')
    .select([
      'a.id',
      'a.quantity',
      'a.status',
      'a.created_at',
      'a.released_at',
      'a.release_reason',
      'a.released_by_kind',
      'a.release_cause',
      'o.reference as offer_reference',
      'o.region_codes as offer_region_codes',
      'org.legal_name as organisation_name',
      'l.position',
      'l.kind',
      'l.category',
      'l.unit',
      'l.currency',
      'l.region_code',
      'l.municipality_code',
      'cb.name as created_by_name',
      'rb.name as released_by_name',
    ])
    .where('a.need_id', '=', needId)
    .orderBy('a.created_at')
    .orderBy('a.id')
    .execute();
}

/** The allocations of one offer's lines, with their needs, oldest first. */
export function selectAllocationsOfOffer(db: Q, offerId: string) {
  return db
    .selectFrom('allocations as a')
    .innerJoin('needs as n', 'n.id', 'a.need_id')
    .innerJoin('offer_lines as l', 'l.id', 'a.offer_line_id')
    .select(['a.id', 'a.quantity', 'a.status', 'a.created_at', 'a.released_at', 'a.release_reason', 'a.released_by_kind', 'a.release_cause', 'l.position', 'l.unit', 'l.currency', 'l.kind', 'n.reference as need_reference', 'n.region_code as need_region_code'])
    .where('a.offer_id', '=', offerId)
    .orderBy('l.position')
    .orderBy('a.created_at')
    .execute();
}

/** An offer in scope by reference, with its lines' capacity (for "needs this line could serve"). */
export function selectOfferInScope(db: Q, reference: string, regions: RegionFilter) {
  return db
    .selectFrom('offers')
    .select(['offers.id', 'offers.reference', 'offers.status', 'offers.version', 'offers.region_codes'])
    .where('offers.reference', '=', reference)
    .$if(regions !== 'all', (qb) => qb.where(sql<boolean>`offers.region_codes && ${sql.val([...(regions as readonly string[])])}::text[]`))
    .executeTakeFirst();
}

/** A line with what allocation and matching need, and its offer's scope columns. */
export function selectLine(db: Q, lineId: string) {
  return db
    .selectFrom('offer_lines as l')
    .innerJoin('offers as o', 'o.id', 'l.offer_id')
    .leftJoin('admin_units as mu', 'mu.code', 'l.municipality_code')
    .select([
      'l.id',
      'l.offer_id',
      'l.position',
      'l.kind',
      'l.category',
      'l.description',
      'l.region_code',
      'l.municipality_code',
      'mu.parent_code as regional_unit_code',
      sql<string | null>`to_char(l.available_from, 'YYYY-MM-DD')`.as('available_from'),
      sql<string | null>`to_char(l.available_until, 'YYYY-MM-DD')`.as('available_until'),
      'l.step_free_access',
      'l.suitable_for',
      'l.languages',
      'l.delivery',
      'l.unit',
      'l.currency',
      'l.capacity',
      'l.allocated_quantity',
      'l.withdrawn_at',
      'o.reference as offer_reference',
      'o.status as offer_status',
      'o.region_codes as offer_region_codes',
    ])
    .where('l.id', '=', lineId)
    .executeTakeFirst();
}

/** The line of an offer at `position`. */
export function selectLineIdAt(db: Q, offerId: string, position: number) {
  return db.selectFrom('offer_lines').select('id').where('offer_id', '=', offerId).where('position', '=', position).executeTakeFirst();
}

/**
 * Locks the offer's row for the rest of the transaction and reads its status and version.
 * Every allocation and release of the offer's lines takes this lock first, so they queue up one
 * after another and always lock offer → line → need in that order (no deadlock between them).
 */
export function lockOffer(db: Q, offerId: string) {
  return db.selectFrom('offers').select(['id', 'reference', 'status', 'version']).where('id', '=', offerId).forUpdate().executeTakeFirstOrThrow();
}

/**
 * Adds `quantity` to the line's allocated quantity, only if that stays within its capacity and
 * the line is not withdrawn. Concurrent callers on the same row wait for each other's lock and
 * re-test the condition on the committed row (PostgreSQL's READ COMMITTED update rule).
 * @returns the new allocated quantity and the capacity, or undefined when there is not enough left.
 */
export function addToLine(db: Q, lineId: string, quantity: string) {
  return db
    .updateTable('offer_lines')
    .set({ allocated_quantity: sql`allocated_quantity + ${quantity}::numeric` })
    .where('id', '=', lineId)
    .where('withdrawn_at', 'is', null)
    .where(sql<boolean>`allocated_quantity + ${quantity}::numeric <= capacity`)
    .returning(['allocated_quantity', 'capacity'])
    .executeTakeFirst();
}

/** Takes a released allocation's quantity off the line. */
export function subtractFromLine(db: Q, lineId: string, quantity: string) {
  return db
    .updateTable('offer_lines')
    .set({ allocated_quantity: sql`allocated_quantity - ${quantity}::numeric` })
    .where('id', '=', lineId)
    .returning(['allocated_quantity'])
    .executeTakeFirstOrThrow();
}

/**
 * Adds `quantity` to the need's allocated quantity while it stays within the need's quantity and
 * the need is not closed; the status follows (met when nothing is left, else partly met).
 * @returns the new values, or undefined when the need no longer takes that much.
 */
export function addToNeed(db: Q, needId: string, quantity: string, at: Date) {
  return db
    .updateTable('needs')
    .set((eb) => ({
      allocated_quantity: sql`allocated_quantity + ${quantity}::numeric`,
      status: sql`CASE WHEN allocated_quantity + ${quantity}::numeric >= quantity THEN 'met' ELSE 'partly_met' END`,
      version: eb('version', '+', 1),
      updated_at: at,
    }))
    .where('id', '=', needId)
    .where('status', '<>', 'closed')
    .where(sql<boolean>`allocated_quantity + ${quantity}::numeric <= quantity`)
    .returning(['allocated_quantity', 'quantity', 'status', 'version'])
    .executeTakeFirst();
}

/** Takes a released allocation's quantity off the need; a closed need stays closed. */
export function subtractFromNeed(db: Q, needId: string, quantity: string, at: Date) {
  return db
    .updateTable('needs')
    .set((eb) => ({
      allocated_quantity: sql`allocated_quantity - ${quantity}::numeric`,
      status: sql`CASE WHEN status = 'closed' THEN 'closed' WHEN allocated_quantity - ${quantity}::numeric <= 0 THEN 'open'
                       WHEN allocated_quantity - ${quantity}::numeric >= quantity THEN 'met' ELSE 'partly_met' END`,
      version: eb('version', '+', 1),
      updated_at: at,
    }))
    .where('id', '=', needId)
    .returning(['allocated_quantity', 'status'])
    .executeTakeFirstOrThrow();
}

export function insertAllocation(db: Q, values: Insertable<DB['allocations']>) {
  return db.insertInto('allocations').values(values).returning(['id']).executeTakeFirstOrThrow();
}

/** Marks an active allocation released; undefined when it was not active (released by someone else). */
export function releaseAllocationRow(db: Q, id: string, values: { at: Date; by: string; reason: string }) {
  return db
    .updateTable('allocations')
    .set({ status: 'released', released_at: values.at, released_by: values.by, released_by_kind: 'staff', release_reason: values.reason })
    .where('id', '=', id)
    .where('status', '=', 'active')
    .returning(['id', 'quantity', 'offer_id', 'offer_line_id', 'need_id'])
    .executeTakeFirst();
}

export function selectAllocation(db: Q, id: string) {
  return db.selectFrom('allocations').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Whether the offer still has an active allocation. */
export async function offerHasActiveAllocations(db: Q, offerId: string): Promise<boolean> {
  const row = await db.selectFrom('allocations').select('id').where('offer_id', '=', offerId).where('status', '=', 'active').limit(1).executeTakeFirst();
  return row !== undefined;
}

/**
 * Open and partly met needs that a line of this kind could serve (kind, category, unit or
 * currency, overlapping dates), within the given regions ('all' for a line not tied to a place)
 * and the member's scope. Ranked by the caller.
 */
export function selectCandidateNeeds(
  db: Q,
  line: { kind: string; category: string | null; unit: string | null; currency: string | null; availableFrom: string | null; availableUntil: string | null },
  regions: 'all' | readonly string[],
  scope: RegionFilter,
  limit: number,
) {
  return db
    .selectFrom('needs')
    .select([...NEED_COLUMNS, sql<string>`to_char(needs.starts_on, 'YYYY-MM-DD')`.as('starts_on'), sql<string | null>`to_char(needs.ends_on, 'YYYY-MM-DD')`.as('ends_on')])
    .where('needs.kind', '=', line.kind as NeedsTable['kind'])
    .where('needs.status', 'in', ['open', 'partly_met'])
    .where((eb) => (line.category === null ? eb('needs.category', 'is', null) : eb.or([eb('needs.category', 'is', null), eb('needs.category', '=', line.category)])))
    .$if(line.kind === 'essential_items', (qb) => qb.where('needs.unit', '=', line.unit))
    .$if(line.kind === 'money', (qb) => qb.where('needs.currency', '=', line.currency))
    .$if(line.availableUntil !== null, (qb) => qb.where(sql<boolean>`needs.starts_on <= ${line.availableUntil}::date`))
    .$if(line.availableFrom !== null, (qb) => qb.where(sql<boolean>`(needs.ends_on IS NULL OR needs.ends_on >= ${line.availableFrom}::date)`))
    .$if(regions !== 'all', (qb) => qb.where('needs.region_code', 'in', regions as string[]))
    .$if(scope !== 'all', (qb) => qb.where('needs.region_code', 'in', scope as string[]))
    .orderBy('needs.starts_on')
    .orderBy('needs.id')
    .limit(limit)
    .execute();
}

/**
 * The active allocations of an offer (or of one of its lines), locked, with what the audit event
 * names. Ordered by need, so that two offers released at once lock shared needs in one order.
 */
export function selectActiveAllocationsOfOffer(db: Q, offerId: string, lineId: string | null) {
  return db
    .selectFrom('allocations as a')
    .innerJoin('needs as n', 'n.id', 'a.need_id')
    .innerJoin('offer_lines as l', 'l.id', 'a.offer_line_id')
    .select(['a.id', 'a.need_id', 'a.offer_line_id', 'a.quantity', 'n.reference as need_reference', 'l.position'])
    .where('a.offer_id', '=', offerId)
    .where('a.status', '=', 'active')
    .$if(lineId !== null, (qb) => qb.where('a.offer_line_id', '=', lineId!))
    .orderBy('a.need_id')
    .orderBy('a.id')
    .forUpdate(['a'])
    .execute();
}

/** Marks an active allocation released because its offer or line closed; undefined when it was not active. */
export function releaseAllocationRowFor(
  db: Q,
  id: string,
  values: { at: Date; byKind: 'staff' | 'offeror' | 'system'; by: string | null; reason: string | null; cause: NonNullable<DB['allocations']['release_cause']> },
) {
  return db
    .updateTable('allocations')
    .set({ status: 'released', released_at: values.at, released_by: values.by, released_by_kind: values.byKind, release_reason: values.reason, release_cause: values.cause })
    .where('id', '=', id)
    .where('status', '=', 'active')
    .returning(['id', 'quantity', 'offer_id', 'offer_line_id', 'need_id'])
    .executeTakeFirst();
}
