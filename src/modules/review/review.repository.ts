// Kysely queries for the back office's offer list. Read-only; each takes `db` first and
// returns rows. Scope filters (regions) are applied here so counts and pages always agree.
import { sql, type Kysely } from 'kysely';
import type { DB } from '../../platform/db/schema.js';
import type { KeysetPosition } from './review.schemas.js';

/** A non-empty region list, or every region. The service answers an empty list without a query. */
export type RegionFilter = 'all' | readonly [string, ...string[]];

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

function offersIn(db: Kysely<DB>, regions: RegionFilter) {
  return db
    .selectFrom('offers')
    .$if(regions !== 'all', (qb) =>
      qb.where(({ exists, selectFrom }) =>
        exists(
          selectFrom('offer_lines')
            .select(sql`1`.as('one'))
            .whereRef('offer_lines.offer_id', '=', 'offers.id')
            .where('offer_lines.region_code', 'in', regions as readonly string[]),
        ),
      ),
    );
}

const olderThan = (p: KeysetPosition) => sql<boolean>`(offers.submitted_at, offers.id) < (${p.at}::timestamptz, ${p.id}::uuid)`;
const newerThan = (p: KeysetPosition) => sql<boolean>`(offers.submitted_at, offers.id) > (${p.at}::timestamptz, ${p.id}::uuid)`;

/**
 * Up to `limit` offers with their organisation, by the offers_submitted_idx order.
 * - `after`: the offers older than the position, newest first;
 * - `before`: the offers newer than the position, oldest first (the caller reverses them);
 * - neither: the newest offers.
 */
export async function selectOfferPage(
  db: Kysely<DB>,
  options: { regions: RegionFilter; after?: KeysetPosition; before?: KeysetPosition; limit: number },
): Promise<OfferListRow[]> {
  const direction = options.before ? 'asc' : 'desc';
  return offersIn(db, options.regions)
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
      'organisations.kind as organisation_kind',
    ])
    .$if(options.after !== undefined, (qb) => qb.where(olderThan(options.after!)))
    .$if(options.before !== undefined, (qb) => qb.where(newerThan(options.before!)))
    .orderBy('offers.submitted_at', direction)
    .orderBy('offers.id', direction)
    .limit(options.limit)
    .execute();
}

/** How many offers are in scope, or only those newer than `newerThanPosition`. */
export async function countOffers(
  db: Kysely<DB>,
  options: { regions: RegionFilter; newerThanPosition?: KeysetPosition },
): Promise<number> {
  const row = await offersIn(db, options.regions)
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .$if(options.newerThanPosition !== undefined, (qb) => qb.where(newerThan(options.newerThanPosition!)))
    .executeTakeFirstOrThrow();
  return Number(row.n);
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
