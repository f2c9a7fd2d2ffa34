// Use cases of offer review. For now one: the review queue — offers filtered, searched and
// sorted, a page at a time, with the count for each status, within the staff member's scope.
// Rows stay here; callers get domain types. Counting is bounded (COUNT_LIMIT, and a time budget
// per count): among a million offers an exact count of a broad filter would cost more than the
// page it sits on (bench/queue.ts).
import { performance } from 'node:perf_hooks';
import type { Expression, SqlBool } from 'kysely';
import type { AppContext } from '../../platform/context.js';
import type { OfferScope } from '../accounts/index.js';
import { OFFER_STATUSES, type OfferStatus } from '../offers/index.js';
import {
  COUNT_LIMIT,
  countOffers,
  countOffersAhead,
  countOffersByStatus,
  countOffersEachStatus,
  estimateMatches,
  estimateOfferCount,
  selectOfferLines,
  selectOfferPage,
  selectOrganisationIds,
  queueWhere,
  SPARSE_MATCHES,
  type CappedCount,
  type OfferListRow,
  type QueueWhere,
  type RegionFilter,
  type Route,
  type StatusTally,
} from './review.repository.js';
import type { KeysetPosition, QueueFilters, QueueRequest, Sort } from './review.schemas.js';
import { parseSearch } from './review.search.js';

export { COUNT_LIMIT, type CappedCount } from './review.repository.js';

/** Below this many offers every count is tried in full: they are quick, whatever the filter. */
const MANY_OFFERS = 50_000;

/** Offers a page (the figure: 50). */
export const PAGE_SIZE = 50;

/** One offer line as the list shows it: what, how much, where. No free text, no contact data. */
export type OfferLineSummary = {
  kind: string;
  /** accommodation type, service category or essential-items category */
  category: string | null;
  /** ISO 3166-2:GR region code */
  regionCode: string | null;
  places: number | null;
  capacityPerWeek: number | null;
  quantity: number | null;
  unit: string | null;
  /** decimal string, as stored (numeric(14,2)), so no cent is lost */
  amount: string | null;
  currency: string | null;
  frequency: string | null;
};

export type OfferListItem = {
  id: string;
  reference: string;
  submittedAt: Date;
  status: string;
  language: string;
  channel: string;
  organisation: { legalName: string; kind: string };
  possibleDuplicate: boolean;
  /** 0008: flagged by the availability checks (no answer to a check and two reminders) */
  unconfirmed: boolean;
  /** the latest contact attempt's outcome, null before the first */
  lastContactOutcome: string | null;
  lines: OfferLineSummary[];
};

/**
 * How many offers have a status (within the other filters), up to COUNT_LIMIT (`more` beyond);
 * `count` is null when not counted within the budget (config queue.countBudgetMs).
 */
export type StatusCount = { status: OfferStatus; count: number | null; more: boolean };

export type OfferListPage = {
  items: OfferListItem[];
  sort: Sort;
  /** offers in scope matching every filter, up to COUNT_LIMIT; null when not counted in time */
  total: CappedCount | null;
  /** offers in scope matching every filter but the status; null when not counted in time */
  all: CappedCount | null;
  /** for each status in OFFER_STATUSES order, the offers matching every filter but the status */
  statusCounts: StatusCount[];
  /**
   * 1-based positions of the first and last item in the whole list (0 and 0 when empty); null
   * when more than COUNT_LIMIT offers come before the page
   */
  from: number | null;
  to: number | null;
  /** where the next page starts (`?after=`), or null on the last page */
  next: KeysetPosition | null;
  /** where the previous page ends (`?before=`), or null on the first page */
  previous: KeysetPosition | null;
};

const position = (row: OfferListRow): KeysetPosition => ({ at: row.position_at, id: row.id });

/** The repository's conditions for `filters` within `regions`, with the search's identifiers looked up. */
async function conditions(ctx: AppContext, regions: RegionFilter, filters: QueueFilters, contact: boolean): Promise<QueueWhere> {
  const where: QueueWhere = {
    regions,
    status: filters.status,
    kind: filters.kind,
    category: filters.category,
    region: filters.region,
    regionalUnit: filters.regionalUnit,
    municipality: filters.municipality,
    organisationKind: filters.organisationKind,
    from: filters.from,
    to: filters.to,
    possibleDuplicate: filters.duplicate === undefined ? undefined : filters.duplicate === 'yes',
    unconfirmed: filters.unconfirmed === undefined ? undefined : filters.unconfirmed === 'yes',
    contact: filters.contact,
    language: filters.language,
  };
  if (filters.q) {
    const terms = parseSearch(filters.q);
    where.search = { terms, organisationIds: await selectOrganisationIds(ctx.db, terms, { contact }) };
  }
  return where;
}

/**
 * The queue's condition on the `offers` table for `filters` within `scope`: the very predicate
 * listOffers applies (review.repository `queueWhere`), for modules that read the same offers in
 * other ways (exports), so a filter means the same everywhere.
 * @param options.contact as for listOffers: whether the search may match by email or phone.
 * @returns an SQL boolean expression over `offers`, or null when the scope holds no region
 *   (nothing is visible).
 */
export async function queueCondition(
  ctx: AppContext,
  scope: OfferScope,
  filters: QueueFilters,
  options: { contact: boolean },
): Promise<Expression<SqlBool> | null> {
  if (scope.regions !== 'all' && scope.regions.length === 0) return null;
  return queueWhere(await conditions(ctx, scope.regions as RegionFilter, filters, options.contact));
}

/** `run`'s result and how long it took (ms). */
async function timed<T>(run: () => Promise<T>): Promise<{ result: T; ms: number }> {
  const started = performance.now();
  const result = await run();
  return { result, ms: performance.now() - started };
}

type Strategy = {
  /** more than MANY_OFFERS offers: below, every way of finding and counting is quick */
  many: boolean;
  /** how the page finds its offers (review.repository Route); undefined: walk, then look up */
  pageRoute?: Route;
  /** how the one-pass count runs; 'skip' where it could not finish in time */
  countRoute?: Route | 'skip';
};

/**
 * How to find and count a request's offers, among many offers. A search's matches are looked
 * up at once when the planner expects few (SPARSE_MATCHES) and walked for when many: its
 * estimates of single words are good, its guesses about words together are what go wrong, and
 * both ways fall back on the other within a budget (review.repository). Counting a search is
 * tried only where it can finish in time: few matches, looked up; very many, walked for until
 * COUNT_LIMIT; in between the budget would be spent for nothing.
 */
async function chooseStrategy(ctx: AppContext, where: QueueWhere): Promise<Strategy> {
  const [offerCount, estimate] = await Promise.all([
    estimateOfferCount(ctx.db),
    where.search ? estimateMatches(ctx.db, { ...where, status: undefined }) : Promise.resolve(undefined),
  ]);
  const many = offerCount >= MANY_OFFERS;
  if (!many || estimate === undefined) return { many };
  return {
    many,
    pageRoute: estimate < SPARSE_MATCHES ? 'lookup' : undefined,
    countRoute: estimate <= 2 * COUNT_LIMIT ? 'lookup' : estimate >= 50 * COUNT_LIMIT ? 'walk' : 'skip',
  };
}

/**
 * The count for each status, all statuses together, and the total for the request: exact when
 * COUNT_LIMIT or fewer offers match (`tally`, the one pass); otherwise each status up to the
 * limit; and none where counting would overrun the budget (review.repository).
 */
async function countStatuses(
  ctx: AppContext,
  where: QueueWhere,
  status: OfferStatus | undefined,
  tally: { result: StatusTally; ms: number },
  many: boolean,
): Promise<{ statusCounts: StatusCount[]; all: CappedCount | null; total: CappedCount | null }> {
  const pass = tally.result;
  if (pass.kind === 'exact') {
    const statusCounts = OFFER_STATUSES.map((s) => ({ status: s, count: pass.counts.get(s) ?? 0, more: false }));
    const all = { count: statusCounts.reduce((sum, c) => sum + c.count, 0), more: false };
    return { statusCounts, all, total: status ? { count: pass.counts.get(status) ?? 0, more: false } : all };
  }
  const uncounted = OFFER_STATUSES.map((s) => ({ status: s, count: null, more: false }));
  if (pass.kind === 'not_counted') return { statusCounts: uncounted, all: null, total: status ? await countOffers(ctx.db, where, ctx.config.queue.countBudgetMs) : null };
  const beyond = { count: COUNT_LIMIT, more: true };
  // Counting each status walks about as far for each as the one pass walked for all of them:
  // when that pass was slow, nine more would not fit in the budget, so they are not started.
  // Only among many offers, where slow means far: among few, a slow pass was the machine's
  // hiccup, not the filter's.
  const budget = ctx.config.queue.countBudgetMs;
  const each = many && tally.ms > budget / 4 ? null : await countOffersEachStatus(ctx.db, where, OFFER_STATUSES, budget);
  if (!each) return { statusCounts: uncounted, all: beyond, total: status ? await countOffers(ctx.db, where, budget) : beyond };
  const statusCounts = OFFER_STATUSES.map((s) => ({ status: s, ...(each.get(s) ?? { count: 0, more: false }) }));
  // All statuses together: their sum, exact unless some status is past the limit.
  const all = { count: statusCounts.reduce((n, c) => n + c.count, 0), more: statusCounts.some((c) => c.more) };
  return { statusCounts, all, total: status ? (each.get(status) ?? { count: 0, more: false }) : all };
}

/**
 * A page of the review queue: the offers `scope` allows that match every filter, in the chosen
 * order (submission time, then id), with each status's count and the page's place in the list.
 * @param request the filters (see QueueFilters) and at most one cursor: `after` (the page that
 *   follows that position) or `before` (the page that precedes it); neither gives the first page.
 * @param options.contact whether the member may see personal contact data (accounts policy
 *   `offers.view_contact`): only then does the search look offers up by email or phone, so
 *   a viewer cannot learn who made an offer by guessing their address.
 * @param options.pageSize offers a page, PAGE_SIZE by default.
 * @returns the page; counts are exact up to COUNT_LIMIT, "more than" beyond, and null where
 *   they could not be made within the count budget (config queue.countBudgetMs, by default
 *   review.repository COUNT_BUDGET_MS: the page is never held up for a count).
 *   `from`/`to` are null when the page's place could not be counted.
 * @throws database errors other than a count's cancellation.
 */
export async function listOffers(
  ctx: AppContext,
  scope: OfferScope,
  request: QueueRequest,
  options: { contact: boolean; pageSize?: number },
): Promise<OfferListPage> {
  const { filters } = request;
  const sort = filters.sort;
  const pageSize = options.pageSize ?? PAGE_SIZE;
  if (scope.regions !== 'all' && scope.regions.length === 0) {
    const none = OFFER_STATUSES.map((status) => ({ status, count: 0, more: false }));
    const zero = { count: 0, more: false };
    return { items: [], sort, total: zero, all: zero, statusCounts: none, from: 0, to: 0, next: null, previous: null };
  }
  const where = await conditions(ctx, scope.regions as RegionFilter, filters, options.contact);

  const strategy = await chooseStrategy(ctx, where);
  // One more than a page tells whether another page follows without counting.
  const [fetched, tally] = await Promise.all([
    selectOfferPage(ctx.db, { where, sort, after: request.after, before: request.before, limit: pageSize + 1, route: strategy.pageRoute }),
    timed(() => (strategy.countRoute === 'skip' ? Promise.resolve<StatusTally>({ kind: 'not_counted' }) : countOffersByStatus(ctx.db, where, strategy.countRoute, ctx.config.queue.countBudgetMs))),
  ]);
  const hasMore = fetched.length > pageSize;
  let rows = fetched.slice(0, pageSize);
  if (request.before) rows = rows.reverse();
  const first = rows[0];
  const last = rows.at(-1);

  const [{ statusCounts, all, total }, ahead, lines] = await Promise.all([
    countStatuses(ctx, where, filters.status, tally, strategy.many),
    first ? countOffersAhead(ctx.db, where, sort, position(first), ctx.config.queue.countBudgetMs) : Promise.resolve({ count: 0, more: false }),
    selectOfferLines(ctx.db, rows.map((r) => r.id)),
  ]);

  const linesByOffer = new Map<string, OfferLineSummary[]>();
  for (const l of lines) {
    const list = linesByOffer.get(l.offer_id) ?? [];
    list.push({
      kind: l.kind,
      category: l.category,
      regionCode: l.region_code,
      places: l.places,
      capacityPerWeek: l.capacity_per_week,
      quantity: l.quantity,
      unit: l.unit,
      amount: l.amount,
      currency: l.currency,
      frequency: l.frequency,
    });
    linesByOffer.set(l.offer_id, list);
  }

  const items = rows.map(
    (r): OfferListItem => ({
      id: r.id,
      reference: r.reference,
      submittedAt: r.submitted_at,
      status: r.status,
      language: r.language,
      channel: r.channel,
      organisation: { legalName: r.organisation_legal_name, kind: r.organisation_kind },
      possibleDuplicate: r.possible_duplicate,
      unconfirmed: r.unconfirmed_at !== null,
      lastContactOutcome: r.last_contact_outcome,
      lines: linesByOffer.get(r.id) ?? [],
    }),
  );
  // Positions need the count ahead of the page: unknown past COUNT_LIMIT or past the budget.
  const from = !first ? 0 : !ahead || ahead.more ? null : ahead.count + 1;
  const to = !first ? 0 : from === null ? null : from + rows.length - 1;
  // Paging back, the page we came from follows; paging on, one row more than a page says so.
  const nextExists = request.before ? true : hasMore;
  return {
    items,
    sort,
    total,
    all,
    statusCounts,
    from,
    to,
    next: last && nextExists ? position(last) : null,
    // Ahead not counted in time: a link that may lead to an empty page beats no way back.
    previous: first && (ahead ? ahead.count > 0 : request.after !== undefined || request.before !== undefined) ? position(first) : null,
  };
}
