// Kysely queries for an offer's casework page and its actions. Takes `db` or a transaction first;
// returns rows. Scope (a regional coordinator's regions) is applied in the query that finds the
// offer, so an offer outside it is indistinguishable from one that does not exist.
import { sql, type ExpressionBuilder, type Kysely } from 'kysely';
import type { DB } from '../../platform/db/schema.js';

type Q = Kysely<DB>;

/** 'all', or a non-empty list of ISO 3166-2:GR region codes. The service answers an empty list without a query. */
export type RegionFilter = 'all' | readonly [string, ...string[]];

/**
 * An offer is in a regional scope when one of its lines is in one of the regions (issue 3). The
 * test is offers.region_codes (0005), the column the queue filters on, so the list, the counts
 * and this page always agree on what a regional coordinator sees.
 */
function inRegions(_eb: ExpressionBuilder<DB, 'offers'>, regions: readonly string[]) {
  return sql<boolean>`offers.region_codes && ${sql.val([...regions])}::text[]`;
}

/** The offer with this reference, if it is in scope: the few columns every action needs. */
export function selectOfferRef(db: Q, reference: string, regions: RegionFilter) {
  return db
    .selectFrom('offers')
    .select(['offers.id', 'offers.reference', 'offers.status', 'offers.version'])
    .where('offers.reference', '=', reference)
    .$if(regions !== 'all', (qb) => qb.where((eb) => inRegions(eb, regions as readonly string[])))
    .executeTakeFirst();
}

/** Whether each of these offers is in scope. */
export async function selectIdsInScope(db: Q, ids: readonly string[], regions: RegionFilter): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await db
    .selectFrom('offers')
    .select(['offers.id'])
    .where('offers.id', 'in', ids)
    .$if(regions !== 'all', (qb) => qb.where((eb) => inRegions(eb, regions as readonly string[])))
    .execute();
  return new Set(rows.map((r) => r.id));
}

/** The offer and its organisation, in scope. */
export function selectOfferCase(db: Q, reference: string, regions: RegionFilter) {
  return db
    .selectFrom('offers')
    .innerJoin('organisations as org', 'org.id', 'offers.organisation_id')
    .leftJoin('offers as original', 'original.id', 'offers.duplicate_of_offer_id')
    .select([
      'offers.id',
      'offers.reference',
      'offers.status',
      'offers.version',
      'offers.language',
      'offers.channel',
      'offers.submitted_at',
      'offers.updated_at',
      'offers.consent_privacy_notice_at',
      'offers.consent_share_with_partners',
      'offers.duplicate_of_offer_id',
      'offers.last_contact_outcome',
      'offers.reached',
      'offers.possible_duplicate',
      'offers.unconfirmed_at',
      'offers.email_confirmed_at',
      'original.reference as duplicate_of_reference',
      'org.kind as org_kind',
      'org.legal_name as org_legal_name',
      'org.distinctive_title as org_distinctive_title',
      'org.country as org_country',
      'org.tax_id as org_tax_id',
      'org.tax_id_kind as org_tax_id_kind',
      'org.registry_number as org_registry_number',
      'org.street as org_street',
      'org.postcode as org_postcode',
      'org.city as org_city',
      'org.region_code as org_region_code',
      'org.municipality_code as org_municipality_code',
      'org.website as org_website',
      'org.legal_representative as org_legal_representative',
      'org.contact_name as org_contact_name',
      'org.contact_role as org_contact_role',
      'org.contact_phone as org_contact_phone',
      'org.contact_email as org_contact_email',
      'org.preferred_language as org_preferred_language',
    ])
    .where('offers.reference', '=', reference)
    .$if(regions !== 'all', (qb) => qb.where((eb) => inRegions(eb, regions as readonly string[])))
    .executeTakeFirst();
}

export function selectLines(db: Q, offerId: string) {
  return db.selectFrom('offer_lines').selectAll().where('offer_id', '=', offerId).orderBy('position').execute();
}

export function selectAnswerVersions(db: Q, offerId: string) {
  return db.selectFrom('offer_answer_versions').selectAll().where('offer_id', '=', offerId).orderBy('version', 'desc').execute();
}

// Who acted is shown by name. staff_accounts belongs to the accounts module, which exports no
// look-up of names yet; this reads only id and name, for display, and never writes.
export function selectStatusChanges(db: Q, offerId: string) {
  return db
    .selectFrom('offer_status_changes as c')
    .leftJoin('staff_accounts as s', (join) => join.onRef('s.id', '=', 'c.actor_id').on('c.actor_kind', '=', 'staff'))
    .leftJoin('offers as original', 'original.id', 'c.duplicate_of_offer_id')
    .select([
      'c.id',
      'c.from_status',
      'c.event',
      'c.to_status',
      'c.reason',
      'c.actor_kind',
      'c.actor_id',
      'c.occurred_at',
      'c.duplicate_of_offer_id',
      'original.reference as duplicate_of_reference',
      's.name as actor_name',
    ])
    .where('c.offer_id', '=', offerId)
    .orderBy('c.occurred_at', 'desc')
    .orderBy('c.id', 'desc')
    .execute();
}

export function selectContactAttempts(db: Q, offerId: string) {
  return db
    .selectFrom('offer_contact_attempts as a')
    .leftJoin('staff_accounts as s', 's.id', 'a.staff_account_id')
    .select(['a.id', 'a.outcome', 'a.channel', 'a.note', 'a.staff_account_id', 'a.attempted_at', 's.name as staff_name'])
    .where('a.offer_id', '=', offerId)
    .orderBy('a.attempted_at', 'desc')
    .orderBy('a.id', 'desc')
    .execute();
}

export function selectNotes(db: Q, offerId: string) {
  return db
    .selectFrom('offer_notes as n')
    .leftJoin('staff_accounts as s', 's.id', 'n.staff_account_id')
    .select(['n.id', 'n.body', 'n.staff_account_id', 'n.created_at', 's.name as staff_name'])
    .where('n.offer_id', '=', offerId)
    .orderBy('n.created_at', 'desc')
    .orderBy('n.id', 'desc')
    .execute();
}

/** Offers marked as duplicates of this one, in scope. */
export function selectDuplicatesOf(db: Q, offerId: string, regions: RegionFilter) {
  return db
    .selectFrom('offers')
    .select(['offers.id', 'offers.reference', 'offers.submitted_at'])
    .where('offers.duplicate_of_offer_id', '=', offerId)
    .$if(regions !== 'all', (qb) => qb.where((eb) => inRegions(eb, regions as readonly string[])))
    .orderBy('offers.submitted_at')
    .execute();
}

/** Names of staff accounts by id (for pairs decided by someone), display only. */
export async function selectStaffNames(db: Q, ids: readonly string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db.selectFrom('staff_accounts').select(['id', 'name']).where('id', 'in', ids).execute();
  return new Map(rows.map((r) => [r.id, r.name]));
}

export function insertContactAttempt(
  db: Q,
  row: { offer_id: string; outcome: 'reached' | 'no_answer' | 'wrong_number' | 'bounced'; channel: 'phone' | 'email' | 'sms' | 'viber' | 'in_person'; note: string | null; staff_account_id: string; attempted_at: Date },
) {
  return db.insertInto('offer_contact_attempts').values(row).returning('id').executeTakeFirstOrThrow();
}

/** Locks the offer's row until the transaction ends, so derived columns are computed from every committed attempt. */
export async function lockOffer(db: Q, offerId: string): Promise<void> {
  await db.selectFrom('offers').select('id').where('id', '=', offerId).forUpdate().execute();
}

/**
 * offers.last_contact_outcome = the latest attempt's outcome; offers.reached = whether any attempt
 * reached the offeror (0005: the queue's "never reached" is NOT reached).
 */
export async function refreshContactColumns(db: Q, offerId: string): Promise<void> {
  await db
    .updateTable('offers')
    .set((eb) => ({
      last_contact_outcome: eb
        .selectFrom('offer_contact_attempts as a')
        .select('a.outcome')
        .whereRef('a.offer_id', '=', 'offers.id')
        .orderBy('a.attempted_at', 'desc')
        .orderBy('a.id', 'desc')
        .limit(1),
      reached: eb
        .selectFrom('offer_contact_attempts as a')
        .select(sql<boolean>`coalesce(bool_or(a.outcome = 'reached'), false)`.as('reached'))
        .whereRef('a.offer_id', '=', 'offers.id'),
    }))
    .where('id', '=', offerId)
    .execute();
}

export function insertNote(db: Q, row: { offer_id: string; body: string; staff_account_id: string; created_at: Date }) {
  return db.insertInto('offer_notes').values(row).returning('id').executeTakeFirstOrThrow();
}
