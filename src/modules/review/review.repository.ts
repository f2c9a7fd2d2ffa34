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
  /** 0008: the availability checks flagged it unconfirmed */
  unconfirmed?: boolean;
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
  unconfirmed_at: Date | null;
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
 * The tsquery of the search words: every word must match, each by its Greek stem (so
 * «προσφυγών» meets «πρόσφυγες»), as the start of a whole word in any script («Αρχαν»,
 * «Thessaloniki» in "thessalonikis"), or by its Latin spelling likewise. Stems are matched
 * whole, not as prefixes: a stem is short, and a prefix of it spans many words' long posting
 * lists (measured: 17 ms against 4 ms for two common surnames among a million offers).
 * Words are letters and digits only (review.search), so nothing in them is tsquery syntax.
 */
function wordsQuery(words: SearchTerms['words']) {
  const prefix = (w: string) => w + ([...w].length >= PREFIX_MIN_LENGTH ? ':*' : '');
  return sql.join(
    words.map(({ word, latin }) => {
      const alternatives = [sql`to_tsquery('greek', ${word})`, sql`to_tsquery('simple', ${prefix(word)})`];
      if (latin) alternatives.push(sql`to_tsquery('simple', ${prefix(latin)})`);
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

/** Every condition of `where` but those named in `omit`, as one SQL expression (also what exports select by). */
export function queueWhere(where: QueueWhere, omit: { status?: boolean } = {}): Expression<SqlBool> {
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
  if (where.unconfirmed !== undefined) all.push(where.unconfirmed ? sql`offers.unconfirmed_at IS NOT NULL` : sql`offers.unconfirmed_at IS NULL`);
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

/**
 * Time (ms) a page may spend walking an index in the queue's order, hoping to meet its offers
 * soon, before it looks them up through the other indexes instead (see `walkThenLookUp`).
 */
export const WALK_BUDGET_MS = 10;

/** Time (ms) a search expected to match few may spend on its lookup before it is walked for instead. */
export const LOOKUP_BUDGET_MS = 25;

/** A count up to COUNT_LIMIT; `more` when there are more than that (count is then COUNT_LIMIT). */
export type CappedCount = { count: number; more: boolean };

const capped = (n: number): CappedCount => (n > COUNT_LIMIT ? { count: COUNT_LIMIT, more: true } : { count: n, more: false });

const QUERY_CANCELED = '57014';

/**
 * Runs a query under a statement timeout of `budgetMs` (COUNT_BUDGET_MS by default), in a
 * transaction of its own so the timeout ends with it. The embedded PGlite has no statement
 * timeout (it runs in this process): there every query runs to the end, which on the data
 * sizes it serves is quick.
 * @returns its result, or null when PostgreSQL cancelled it for taking longer.
 * @throws any other database error.
 */
export async function withinBudget<T>(db: Kysely<DB>, run: (trx: Transaction<DB>) => Promise<T>, budgetMs = COUNT_BUDGET_MS): Promise<T | null> {
  try {
    return await db.transaction().execute(async (trx) => {
      await sql`SELECT set_config('statement_timeout', ${String(budgetMs)}, true)`.execute(trx);
      return run(trx);
    });
  } catch (err) {
    if ((err as { code?: string }).code === QUERY_CANCELED) return null;
    throw err;
  }
}

/** Index walks off for the rest of the transaction: the planner must use bitmap (GIN) lookups. */
const noWalks = (trx: Transaction<DB>) =>
  sql`SELECT set_config('enable_indexscan', 'off', true), set_config('enable_indexonlyscan', 'off', true)`.execute(trx);

/**
 * Runs `query` with the plan PostgreSQL prefers, within `walkBudgetMs`; when cancelled, runs it
 * again with index walks turned off (`budgetMs` for that, or no limit when null).
 *
 * Why: to list the newest matches, or to count a thousand, the planner likes to walk an index
 * in order and stop early, trusting its estimate of how many rows match. That estimate treats
 * conditions as unrelated; when they are not («Ελένη» and a surname only men bear, money and a
 * region: money lines have none) the walk reads the whole table to find nothing (measured:
 * 3.2 s on a million offers). Looked up through the GIN indexes and sorted, the same few rows
 * take milliseconds. Dense matches are the walk's, rare ones the lookup's; the budget tells
 * them apart without trusting the estimate.
 * @returns the result, or null when the second run too was cancelled.
 */
async function walkThenLookUp<T>(db: Kysely<DB>, query: (trx: Transaction<DB>) => Promise<T>, walkBudgetMs: number, budgetMs: number | null): Promise<T | null> {
  const walked = await withinBudget(db, query, walkBudgetMs);
  if (walked !== null) return walked;
  const lookUp = async (trx: Transaction<DB>) => (await noWalks(trx), query(trx));
  return budgetMs === null ? db.transaction().execute(lookUp) : withinBudget(db, lookUp, budgetMs);
}

/** A walk that has not finished by now may be a long one: a lookup starts beside it. */
const HEDGE_AFTER_MS = 4;

/**
 * Like walkThenLookUp, for counts, without the wait: the plan PostgreSQL prefers, and, if it
 * has not finished within HEDGE_AFTER_MS, the lookup too, on another connection; the first to
 * finish within `budgetMs` wins (each is cancelled at its budget). A walk that ends at once
 * (most counts of a broad filter) costs nothing more.
 * @returns the result, or null when both were cancelled.
 * @throws the first database error other than a cancellation, if no run answered before it.
 */
async function walkOrLookUp<T>(db: Kysely<DB>, query: (trx: Transaction<DB>) => Promise<T>, budgetMs: number): Promise<T | null> {
  const walk = withinBudget(db, query, budgetMs);
  let timer: NodeJS.Timeout | undefined;
  const hedge = new Promise<'hedge'>((resolve) => (timer = setTimeout(() => resolve('hedge'), HEDGE_AFTER_MS)));
  const first = await Promise.race([walk, hedge]);
  clearTimeout(timer);
  if (first !== 'hedge') return first !== null ? first : withinBudget(db, async (trx) => (await noWalks(trx), query(trx)), budgetMs);
  const lookUp = withinBudget(db, async (trx) => (await noWalks(trx), query(trx)), budgetMs);
  return new Promise<T | null>((resolve, reject) => {
    let pending = 2;
    let done = false;
    const settle = (result: T | null) => {
      pending--;
      if (done) return;
      if (result !== null || pending === 0) {
        done = true;
        resolve(result);
      }
    };
    // A database error fails the count unless the other run has already answered.
    const fail = (err: unknown) => {
      pending--;
      if (!done) {
        done = true;
        reject(err);
      }
    };
    walk.then(settle, fail);
    lookUp.then(settle, fail);
  });
}

/**
 * Below this many estimated matches a search's offers are looked up through the GIN indexes at
 * once; above it, walked for in order first (see walkThenLookUp). On a million offers the two
 * cost the same near 1% (measured in bench/queue.ts): a walk reads about 51 / density rows for a
 * page, a lookup reads every match.
 */
export const SPARSE_MATCHES = 10_000;

/**
 * The planner's estimate of how many offers match `where` (EXPLAIN, no rows read): how a search
 * is routed. Infinity when the plan cannot be read, which routes to the walk, whose budget
 * bounds it.
 */
export async function estimateMatches(db: Kysely<DB>, where: QueueWhere): Promise<number> {
  const plan = await sql<{ 'QUERY PLAN': unknown }>`EXPLAIN (FORMAT JSON) SELECT 1 FROM offers WHERE ${queueWhere(where)}`.execute(db);
  const json = plan.rows[0]?.['QUERY PLAN'];
  const parsed = (typeof json === 'string' ? JSON.parse(json) : json) as { Plan?: { 'Plan Rows'?: number } }[] | undefined;
  const rows = parsed?.[0]?.Plan?.['Plan Rows'];
  return typeof rows === 'number' ? rows : Number.POSITIVE_INFINITY;
}

/**
 * The planner's idea of how many offers there are (pg_class.reltuples, kept by ANALYZE and
 * VACUUM; -1 before the first). Cheap: one catalogue row.
 */
export async function estimateOfferCount(db: Kysely<DB>): Promise<number> {
  const row = await sql<{ n: number }>`SELECT reltuples::float8 AS n FROM pg_class WHERE oid = 'offers'::regclass`.execute(db);
  return Number(row.rows[0]?.n ?? -1);
}

/** How a query finds its rows: as the planner prefers, or through the GIN indexes only. */
export type Route = 'walk' | 'lookup';

/**
 * Up to `limit` offers with their organisation, in `sort`'s order:
 * - `after`: the offers that follow the position;
 * - `before`: the offers that precede it, nearest first (the caller reverses them);
 * - neither: the first offers.
 */
export async function selectOfferPage(
  db: Kysely<DB>,
  options: { where: QueueWhere; sort: Sort; after?: KeysetPosition; before?: KeysetPosition; limit: number; route?: Route },
): Promise<OfferListRow[]> {
  const query = (trx: Transaction<DB>) => pageQuery(trx, options);
  if (options.route === 'lookup') {
    // Expected few; if the lookup runs long the words go together more than the planner
    // thought («μαθήματα ελληνικών»), and so many matches are the walk's.
    const looked = await withinBudget(db, async (trx) => (await noWalks(trx), query(trx)), LOOKUP_BUDGET_MS);
    if (looked !== null) return looked;
  }
  return (await walkThenLookUp(db, query, WALK_BUDGET_MS, null))!;
}

function pageQuery(
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
      'offers.unconfirmed_at',
    ])
    .orderBy('page.submitted_at', direction)
    .orderBy('page.id', direction)
    .execute();
}

/** The outcome of counting by status in one pass: exact counts, "more than COUNT_LIMIT", or not counted in time. */
export type StatusTally = { kind: 'exact'; counts: Map<string, number> } | { kind: 'beyond' } | { kind: 'not_counted' };

/**
 * The statuses of up to COUNT_LIMIT + 1 offers matching `where` (its status ignored): when no
 * more match, exact counts by status, within COUNT_BUDGET_MS. With a `route`, that way only;
 * without, walks, and looks up too when the walk is slow (`walkOrLookUp`).
 */
export async function countOffersByStatus(db: Kysely<DB>, where: QueueWhere, route?: Route, budgetMs = COUNT_BUDGET_MS): Promise<StatusTally> {
  const tally = (trx: Transaction<DB>) =>
    trx
      .selectFrom(trx.selectFrom('offers').select('offers.status').where(queueWhere(where, { status: true })).limit(COUNT_LIMIT + 1).as('m'))
      .select(['m.status', (eb) => eb.fn.countAll<string>().as('n')])
      .groupBy('m.status')
      .execute();
  const rows =
    route === 'lookup'
      ? await withinBudget(db, async (trx) => (await noWalks(trx), tally(trx)), budgetMs)
      : route === 'walk'
        ? await withinBudget(db, tally, budgetMs)
        : await walkOrLookUp(db, tally, budgetMs);
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
export async function countOffersEachStatus(db: Kysely<DB>, where: QueueWhere, statuses: readonly string[], budgetMs = COUNT_BUDGET_MS): Promise<Map<string, CappedCount> | null> {
  if (statuses.length === 0) return new Map();
  const others = queueWhere(where, { status: true });
  const parts = statuses.map(
    (status) =>
      sql`(SELECT ${status}::text AS status, count(*) AS n FROM (SELECT 1 FROM offers WHERE offers.status = ${status} AND ${others} LIMIT ${COUNT_LIMIT + 1}) AS m)`,
  );
  const rows = await withinBudget(db, (trx) => sql<{ status: string; n: string }>`${sql.join(parts, sql` UNION ALL `)}`.execute(trx), budgetMs);
  return rows && new Map(rows.rows.map((r) => [r.status, capped(Number(r.n))]));
}

/** How many offers match `where` (its status included), up to COUNT_LIMIT; null when not counted in time. */
export async function countOffers(db: Kysely<DB>, where: QueueWhere, budgetMs = COUNT_BUDGET_MS): Promise<CappedCount | null> {
  const row = await withinBudget(db, (trx) =>
    trx
      .selectFrom(trx.selectFrom('offers').select(sql`1`.as('one')).where(queueWhere(where)).limit(COUNT_LIMIT + 1).as('m'))
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow(),
    budgetMs,
  );
  return row && capped(Number(row.n));
}

/**
 * How many offers matching `where` come before `position` in `sort`'s order, up to
 * COUNT_LIMIT; null when not counted in time.
 */
export async function countOffersAhead(db: Kysely<DB>, where: QueueWhere, sort: Sort, position: KeysetPosition, budgetMs = COUNT_BUDGET_MS): Promise<CappedCount | null> {
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
    budgetMs,
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
