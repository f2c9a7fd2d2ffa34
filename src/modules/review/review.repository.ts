// Kysely queries for the review queue. Read-only; each takes `db` first and returns rows. Every
// query of the queue goes through `queueWhere`, so the scope (regions) and the filters are the
// same for a page, its counts and its position: what is counted is what can be listed.
// The filters read the columns 0005 copies onto offers, each behind an index, never a join.
import { sql, type Expression, type Kysely, type SqlBool, type Transaction } from 'kysely';
import type { DB } from '../../platform/db/schema.js';
import { PREFIX_MIN_LENGTH, type SearchTerms } from './review.search.js';
import type { ContactFilter, KeysetPosition, Sort } from './review.schemas.js';

type Q = Kysely<DB> | Transaction<DB>;

/** A non-empty region list, or every region. The service answers an empty list without a query. */
export type RegionFilter = 'all' | readonly [string, ...string[]];

/** The conditions of one queue request, as the repository applies them (all combine with AND). */
export type QueueWhere = {
  /** the staff member's scope: offers with a line in one of these regions */
  regions: RegionFilter;
  status?: string;
  kind?: string;
  /** `<kind>:<category>` */
  category?: string;
  region?: string;
  regionalUnit?: string;
  municipality?: string;
  organisationKind?: string;
  /** YYYY-MM-DD in Europe/Athens, inclusive */
  from?: string;
  to?: string;
  possibleDuplicate?: boolean;
  contact?: ContactFilter;
  language?: string;
  /** the search box: any of its interpretations matches */
  search?: { terms: SearchTerms; organisationIds: readonly string[] };
};

export type OfferListRow = {
  id: string;
  reference: string;
  status: string;
  language: string;
  channel: string;
  submitted_at: Date;
  /** submitted_at in UTC with microseconds, for the keyset cursor */
  position_at: string;
  organisation_legal_name: string;
  organisation_kind: string;
  possible_duplicate: boolean;
  last_contact_outcome: string | null;
};

export type OfferLineRow = {
  offer_id: string;
  position: number;
  kind: string;
  category: string | null;
  region_code: string | null;
  places: number | null;
  capacity_per_week: number | null;
  quantity: number | null;
  unit: string | null;
  amount: string | null;
  currency: string | null;
  frequency: string | null;
};

const textArray = (values: readonly string[]) => sql`ARRAY[${sql.join(values.map((v) => sql`${v}`))}]::text[]`;

/**
 * The tsquery of the search words: every word must match, each by its Greek stem, as a whole
 * word (any script), or by its Latin spelling; words of PREFIX_MIN_LENGTH or more as prefixes.
 * Words are letters and digits only (review.search), so nothing in them is tsquery syntax.
 */
function wordsQuery(words: SearchTerms['words']) {
  return sql.join(
    words.map(({ word, latin }) => {
      const suffix = [...word].length >= PREFIX_MIN_LENGTH ? ':*' : '';
      const alternatives = [sql`to_tsquery('greek', ${word + suffix})`, sql`to_tsquery('simple', ${word + suffix})`];
      if (latin) alternatives.push(sql`to_tsquery('simple', ${latin + ([...latin].length >= PREFIX_MIN_LENGTH ? ':*' : '')})`);
      return sql`(${sql.join(alternatives, sql` || `)})`;
    }),
    sql` && `,
  );
}

/** The search box's condition: its reference, its identifiers' organisations, its words. */
function searchCondition(search: NonNullable<QueueWhere['search']>): Expression<SqlBool> {
  const { terms, organisationIds } = search;
  const any = [];
  if (terms.reference) any.push(sql`offers.reference = ${terms.reference}`);
  if (organisationIds.length > 0) any.push(sql`offers.organisation_id = ANY (${[...organisationIds]}::uuid[])`);
  if (terms.words.length > 0) {
    any.push(sql`offers.search_vector @@ (${wordsQuery(terms.words)})`);
    // Names by substring («Αρχαν» in «Αρχανών-Αστερουσίων»), when every word is long enough for
    // the trigram index; '%' and '_' cannot occur in a word.
    if (terms.words.every((w) => [...w.word].length >= PREFIX_MIN_LENGTH)) {
      any.push(sql.join(terms.words.map((w) => sql`offers.search_text LIKE ${`%${w.word}%`}`), sql` AND `));
    }
  }
  return any.length === 0 ? sql<SqlBool>`false` : sql<SqlBool>`(${sql.join(any, sql` OR `)})`;
}

/** Every condition of `where` but those named in `omit`, as one SQL expression. */
function queueWhere(where: QueueWhere, omit: { status?: boolean } = {}): Expression<SqlBool> {
  const all = [];
  if (where.regions !== 'all') all.push(sql`offers.region_codes && ${textArray(where.regions)}`);
  if (where.status && !omit.status) all.push(sql`offers.status = ${where.status}`);
  if (where.kind) all.push(sql`offers.line_kinds @> ${textArray([where.kind])}`);
  if (where.category) all.push(sql`offers.line_categories @> ${textArray([where.category])}`);
  if (where.region) all.push(sql`offers.region_codes @> ${textArray([where.region])}`);
  if (where.regionalUnit) all.push(sql`offers.regional_unit_codes @> ${textArray([where.regionalUnit])}`);
  if (where.municipality) all.push(sql`offers.municipality_codes @> ${textArray([where.municipality])}`);
  if (where.organisationKind) all.push(sql`offers.organisation_kind = ${where.organisationKind}`);
  // Calendar dates in Greece: from the start of `from` to the end of `to`, EET or EEST as it was.
  if (where.from) all.push(sql`offers.submitted_at >= (${where.from}::date)::timestamp AT TIME ZONE 'Europe/Athens'`);
  if (where.to) all.push(sql`offers.submitted_at < (${where.to}::date + 1)::timestamp AT TIME ZONE 'Europe/Athens'`);
  if (where.possibleDuplicate !== undefined) all.push(sql`offers.possible_duplicate = ${where.possibleDuplicate}`);
  if (where.contact === 'never_reached') all.push(sql`NOT offers.reached`);
  else if (where.contact) all.push(sql`offers.last_contact_outcome = ${where.contact}`);
  if (where.language) all.push(sql`offers.language = ${where.language}`);
  if (where.search) all.push(searchCondition(where.search));
  return all.length === 0 ? sql<SqlBool>`true` : sql<SqlBool>`${sql.join(all, sql` AND `)}`;
}

// Positions in the chosen order. Row comparison keeps the keyset on (submitted_at, id), which the
// indexes on offers serve in either direction.
const before = (p: KeysetPosition) => sql<SqlBool>`(offers.submitted_at, offers.id) < (${p.at}::timestamptz, ${p.id}::uuid)`;
const beyond = (p: KeysetPosition) => sql<SqlBool>`(offers.submitted_at, offers.id) > (${p.at}::timestamptz, ${p.id}::uuid)`;
/** Conditions for "after `p` in `sort`'s order" and "ahead of `p` in it". */
const later = (sort: Sort, p: KeysetPosition) => (sort === 'newest' ? before(p) : beyond(p));
const earlier = (sort: Sort, p: KeysetPosition) => (sort === 'newest' ? beyond(p) : before(p));

/**
 * Up to `limit` offers with their organisation, in `sort`'s order:
 * - `after`: the offers that follow the position;
 * - `before`: the offers that precede it, nearest first (the caller reverses them);
 * - neither: the first offers.
 */
export async function selectOfferPage(
  db: Q,
  options: { where: QueueWhere; sort: Sort; after?: KeysetPosition; before?: KeysetPosition; limit: number },
): Promise<OfferListRow[]> {
  const ascending = (options.sort === 'oldest') !== (options.before !== undefined);
  const direction = ascending ? 'asc' : 'desc';
  // The page's ids first, from the indexes alone where they can (offers_queue_status_idx holds
  // every filter column), then only those rows: filtering on the table would read a row for
  // each offer passed over, not for each offer shown.
  const page = db
    .selectFrom('offers')
    .select(['offers.id', 'offers.submitted_at'])
    .where(queueWhere(options.where))
    .$if(options.after !== undefined, (qb) => qb.where(later(options.sort, options.after!)))
    .$if(options.before !== undefined, (qb) => qb.where(earlier(options.sort, options.before!)))
    .orderBy('offers.submitted_at', direction)
    .orderBy('offers.id', direction)
    .limit(options.limit)
    .as('page');
  return db
    .selectFrom(page)
    .innerJoin('offers', 'offers.id', 'page.id')
    .innerJoin('organisations', 'organisations.id', 'offers.organisation_id')
    .select([
      'offers.id',
      'offers.reference',
      'offers.status',
      'offers.language',
      'offers.channel',
      'offers.submitted_at',
      sql<string>`to_char(offers.submitted_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`.as('position_at'),
      'organisations.legal_name as organisation_legal_name',
      'offers.organisation_kind',
      'offers.possible_duplicate',
      'offers.last_contact_outcome',
    ])
    .orderBy('page.submitted_at', direction)
    .orderBy('page.id', direction)
    .execute();
}

/**
 * Counts stop here: beyond it the queue says "more than 1,000". Counting every match of a broad
 * filter among a million offers reads them all (bench/queue.ts measured 0.3 s for a bare count
 * by status on two cores); counting up to a limit reads about that many at most.
 */
export const COUNT_LIMIT = 1000;

/**
 * Time one count may take (ms) before the queue is shown without it. Some filter combinations
 * match a few percent of a million offers: too many to count quickly, too few to reach
 * COUNT_LIMIT quickly. The page must not wait for them (issue 3: p95 under 50 ms).
 */
export const COUNT_BUDGET_MS = 20;

/** A count up to COUNT_LIMIT; `more` when there are more than that (count is then COUNT_LIMIT). */
export type CappedCount = { count: number; more: boolean };

const capped = (n: number): CappedCount => (n > COUNT_LIMIT ? { count: COUNT_LIMIT, more: true } : { count: n, more: false });

const QUERY_CANCELED = '57014';

/**
 * Runs a count under a statement timeout of `budgetMs` (COUNT_BUDGET_MS by default), in a
 * transaction of its own so the timeout ends with it. The embedded PGlite has no statement
 * timeout (it runs in this process): there every count runs to the end, which on the data
 * sizes it serves is quick.
 * @returns its result, or null when PostgreSQL cancelled it for taking longer.
 * @throws any other database error.
 */
export async function withinBudget<T>(db: Kysely<DB>, count: (trx: Transaction<DB>) => Promise<T>, budgetMs = COUNT_BUDGET_MS): Promise<T | null> {
  try {
    return await db.transaction().execute(async (trx) => {
      await sql`SELECT set_config('statement_timeout', ${String(budgetMs)}, true)`.execute(trx);
      return count(trx);
    });
  } catch (err) {
    if ((err as { code?: string }).code === QUERY_CANCELED) return null;
    throw err;
  }
}

/** Matches of `where` (its status ignored), by status, when COUNT_LIMIT or fewer; one pass, up to COUNT_LIMIT + 1 rows. */
export type StatusTally = { kind: 'exact'; counts: Map<string, number> } | { kind: 'beyond' } | { kind: 'not_counted' };

/**
 * The statuses of up to COUNT_LIMIT + 1 offers matching `where` (its status ignored): when no
 * more match, exact counts by status, by whatever plan finds them cheapest.
 */
export async function countOffersByStatus(db: Kysely<DB>, where: QueueWhere): Promise<StatusTally> {
  const rows = await withinBudget(db, (trx) =>
    trx
      .selectFrom(trx.selectFrom('offers').select('offers.status').where(queueWhere(where, { status: true })).limit(COUNT_LIMIT + 1).as('m'))
      .select(['m.status', (eb) => eb.fn.countAll<string>().as('n')])
      .groupBy('m.status')
      .execute(),
  );
  if (!rows) return { kind: 'not_counted' };
  const counts = new Map(rows.map((r) => [r.status, Number(r.n)]));
  return [...counts.values()].reduce((a, b) => a + b, 0) > COUNT_LIMIT ? { kind: 'beyond' } : { kind: 'exact', counts };
}

/**
 * For each of `statuses`, how many offers with that status match `where`, up to COUNT_LIMIT:
 * one capped count a status, walking offers_queue_status_idx from that status (index only: the
 * filter columns are in the index), so a broad filter stops early.
 * @returns the counts, or null when they took longer than COUNT_BUDGET_MS.
 */
export async function countOffersEachStatus(db: Kysely<DB>, where: QueueWhere, statuses: readonly string[]): Promise<Map<string, CappedCount> | null> {
  if (statuses.length === 0) return new Map();
  const others = queueWhere(where, { status: true });
  const parts = statuses.map(
    (status) =>
      sql`(SELECT ${status}::text AS status, count(*) AS n FROM (SELECT 1 FROM offers WHERE offers.status = ${status} AND ${others} LIMIT ${COUNT_LIMIT + 1}) AS m)`,
  );
  const rows = await withinBudget(db, (trx) => sql<{ status: string; n: string }>`${sql.join(parts, sql` UNION ALL `)}`.execute(trx));
  return rows && new Map(rows.rows.map((r) => [r.status, capped(Number(r.n))]));
}

/** How many offers match `where` (its status included), up to COUNT_LIMIT; null when not counted in time. */
export async function countOffers(db: Kysely<DB>, where: QueueWhere): Promise<CappedCount | null> {
  const row = await withinBudget(db, (trx) =>
    trx
      .selectFrom(trx.selectFrom('offers').select(sql`1`.as('one')).where(queueWhere(where)).limit(COUNT_LIMIT + 1).as('m'))
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow(),
  );
  return row && capped(Number(row.n));
}

/**
 * How many offers matching `where` come before `position` in `sort`'s order, up to
 * COUNT_LIMIT; null when not counted in time.
 */
export async function countOffersAhead(db: Kysely<DB>, where: QueueWhere, sort: Sort, position: KeysetPosition): Promise<CappedCount | null> {
  const row = await withinBudget(db, (trx) =>
    trx
      .selectFrom(
        trx
          .selectFrom('offers')
          .select(sql`1`.as('one'))
          .where(queueWhere(where))
          .where(earlier(sort, position))
          .limit(COUNT_LIMIT + 1)
          .as('m'),
      )
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow(),
  );
  return row && capped(Number(row.n));
}

/**
 * The organisations a search's identifiers name: by tax identifier, and, when `contact` is
 * allowed, by email (any case) or phone (E.164). Each is an index lookup (0002's indexes).
 */
export async function selectOrganisationIds(
  db: Kysely<DB>,
  terms: SearchTerms,
  options: { contact: boolean },
): Promise<string[]> {
  const any = [];
  if (terms.taxIds.length > 0) any.push(sql`tax_id = ANY (${terms.taxIds}::text[])`);
  if (options.contact && terms.email) any.push(sql`lower(contact_email) = ${terms.email}`);
  if (options.contact && terms.phone) any.push(sql`contact_phone = ${terms.phone}`);
  if (any.length === 0) return [];
  const rows = await db
    .selectFrom('organisations')
    .select('id')
    .where(sql<SqlBool>`${sql.join(any, sql` OR `)}`)
    // An identifier names a few organisations; a thousand means the identifier is not one.
    .limit(1000)
    .execute();
  return rows.map((r) => r.id);
}

/** The lines of these offers, in each offer's order. No description, address or other free text: the list shows none. */
export async function selectOfferLines(db: Kysely<DB>, offerIds: readonly string[]): Promise<OfferLineRow[]> {
  if (offerIds.length === 0) return [];
  return db
    .selectFrom('offer_lines')
    .select([
      'offer_id',
      'position',
      'kind',
      'category',
      'region_code',
      'places',
      'capacity_per_week',
      'quantity',
      'unit',
      'amount',
      'currency',
      'frequency',
    ])
    .where('offer_id', 'in', offerIds)
    .orderBy('offer_id')
    .orderBy('position')
    .execute();
}
