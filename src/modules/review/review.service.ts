// Use cases of offer review. For now one: list offers for the back office, newest first, a
// page at a time, within the staff member's scope. Rows stay here; callers get domain types.
import type { AppContext } from '../../platform/context.js';
import type { OfferScope } from '../accounts/index.js';
import { countOffers, selectOfferLines, selectOfferPage, type OfferListRow, type RegionFilter } from './review.repository.js';
import type { KeysetPosition } from './review.schemas.js';

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
  lines: OfferLineSummary[];
};

export type OfferListPage = {
  items: OfferListItem[];
  /** offers in scope */
  total: number;
  /** 1-based positions of the first and last item in the whole list (0 and 0 when empty) */
  from: number;
  to: number;
  /** where the older page starts (`?after=`), or null on the last page */
  older: KeysetPosition | null;
  /** where the newer page ends (`?before=`), or null on the first page */
  newer: KeysetPosition | null;
};

const position = (row: OfferListRow): KeysetPosition => ({ at: row.position_at, id: row.id });

/**
 * A page of the offers `scope` allows, ordered by submission time then id, newest first.
 * @param request at most one of `after` (older than that position) and `before` (newer than it);
 *   neither gives the newest offers.
 * @param pageSize offers a page, PAGE_SIZE by default.
 * @returns the page, the total in scope, the page's place in the list and the cursors around it.
 */
export async function listOffers(
  ctx: AppContext,
  scope: OfferScope,
  request: { after?: KeysetPosition; before?: KeysetPosition },
  pageSize = PAGE_SIZE,
): Promise<OfferListPage> {
  if (scope.regions !== 'all' && scope.regions.length === 0) {
    return { items: [], total: 0, from: 0, to: 0, older: null, newer: null };
  }
  const regions = scope.regions as RegionFilter;
  // One more than a page tells whether another page follows without counting.
  const fetched = await selectOfferPage(ctx.db, { regions, ...request, limit: pageSize + 1 });
  const hasMore = fetched.length > pageSize;
  let rows = fetched.slice(0, pageSize);
  if (request.before) rows = rows.reverse();

  const first = rows[0];
  const last = rows.at(-1);
  const [total, newerCount, lines] = await Promise.all([
    countOffers(ctx.db, { regions }),
    first ? countOffers(ctx.db, { regions, newerThanPosition: position(first) }) : Promise.resolve(0),
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
      lines: linesByOffer.get(r.id) ?? [],
    }),
  );
  const from = first ? newerCount + 1 : 0;
  const to = first ? newerCount + rows.length : 0;
  const olderExists = request.before ? to < total : hasMore;
  return {
    items,
    total,
    from,
    to,
    older: last && olderExists ? position(last) : null,
    newer: first && newerCount > 0 ? position(first) : null,
  };
}
