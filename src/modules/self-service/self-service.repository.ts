// Kysely queries for the self-service link. Each takes `db` or a transaction first. The scope of
// every offer query is the contact email (lower-cased): an offeror sees only their own offers.
import { sql, type Kysely } from 'kysely';
import type { DB } from '../../platform/db/schema.js';

type Q = Kysely<DB>;

export function insertLinkRequest(db: Q, email: string, at: Date) {
  return db.insertInto('self_service_link_requests').values({ email, requested_at: at }).execute();
}

export async function countLinkRequestsSince(db: Q, email: string, since: Date): Promise<number> {
  const row = await db
    .selectFrom('self_service_link_requests')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('email', '=', email)
    .where('requested_at', '>', since)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export function lockLink(db: Q, tokenHash: string) {
  return db.selectFrom('self_service_links').selectAll().where('token_hash', '=', tokenHash).forUpdate().executeTakeFirst();
}

export function spendLink(db: Q, tokenHash: string, at: Date) {
  return db.updateTable('self_service_links').set({ used_at: at }).where('token_hash', '=', tokenHash).execute();
}

export async function referenceOf(db: Q, offerId: string): Promise<string | null> {
  const row = await db.selectFrom('offers').select('reference').where('id', '=', offerId).executeTakeFirst();
  return row?.reference ?? null;
}

export function insertSession(db: Q, row: { token_hash: string; email: string; created_at: Date; expires_at: Date }) {
  return db.insertInto('self_service_sessions').values(row).execute();
}

export function findSession(db: Q, tokenHash: string) {
  return db.selectFrom('self_service_sessions').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();
}

export function deleteSession(db: Q, tokenHash: string) {
  return db.deleteFrom('self_service_sessions').where('token_hash', '=', tokenHash).execute();
}

const offerColumns = [
  'offers.id',
  'offers.reference',
  'offers.status',
  'offers.version',
  'offers.submitted_at',
  'organisations.legal_name',
  'organisations.contact_name',
  'organisations.contact_role',
  'organisations.contact_phone',
  'organisations.contact_email',
  'organisations.preferred_language',
] as const;

export type OfferRow = Awaited<ReturnType<typeof offersOfEmail>>[number];

export function offersOfEmail(db: Q, email: string) {
  return db
    .selectFrom('offers')
    .innerJoin('organisations', 'organisations.id', 'offers.organisation_id')
    .select(offerColumns)
    .where(sql<string>`lower(organisations.contact_email)`, '=', email)
    .orderBy('offers.submitted_at', 'desc')
    .orderBy('offers.id', 'desc')
    .limit(200)
    .execute();
}

export function offerOfEmail(db: Q, email: string, reference: string, lock: boolean) {
  let q = db
    .selectFrom('offers')
    .innerJoin('organisations', 'organisations.id', 'offers.organisation_id')
    .select(offerColumns)
    .where(sql<string>`lower(organisations.contact_email)`, '=', email)
    .where('offers.reference', '=', reference);
  if (lock) q = q.forUpdate();
  return q.executeTakeFirst();
}

export type LineRow = Awaited<ReturnType<typeof linesOf>>[number];

export function linesOf(db: Q, offerIds: string[]) {
  return db
    .selectFrom('offer_lines')
    .select([
      'id',
      'offer_id',
      'position',
      'kind',
      'category',
      'description',
      'region_code',
      'available_from',
      'available_until',
      'places',
      'rooms',
      'capacity_per_week',
      'quantity',
      'unit',
      'expiry',
      'amount',
      'currency',
      'frequency',
      'withdrawn_at',
      'withdrawn_reason',
      // what coordinators have allocated of the line (needs module, 0011): the offeror may not go below it
      'allocated_quantity',
    ])
    .where('offer_id', 'in', offerIds.length ? offerIds : ['00000000-0000-0000-0000-000000000000'])
    .orderBy('offer_id')
    .orderBy('position')
    .execute();
}

export function bumpVersion(db: Q, offerId: string, expectedVersion: number, at: Date) {
  return db
    .updateTable('offers')
    .set((eb) => ({ version: eb('version', '+', 1), updated_at: at }))
    .where('id', '=', offerId)
    .where('version', '=', expectedVersion)
    .executeTakeFirstOrThrow();
}

export async function updateOrganisationContact(
  db: Q,
  offerId: string,
  c: { name: string; role: string | null; phone: string; email: string; preferredLanguage: 'el' | 'en' | 'uk' },
  at: Date,
): Promise<void> {
  await db
    .updateTable('organisations')
    .set({ contact_name: c.name, contact_role: c.role, contact_phone: c.phone, contact_email: c.email, preferred_language: c.preferredLanguage, updated_at: at })
    .where('id', '=', (eb) => eb.selectFrom('offers').select('organisation_id').where('offers.id', '=', offerId))
    .execute();
}

export async function updateLine(db: Q, lineId: string, set: Record<string, unknown>): Promise<void> {
  if (Object.keys(set).length === 0) return;
  await db.updateTable('offer_lines').set(set).where('id', '=', lineId).execute();
}

export function withdrawLine(db: Q, lineId: string, reason: string, at: Date) {
  return db.updateTable('offer_lines').set({ withdrawn_at: at, withdrawn_reason: reason }).where('id', '=', lineId).execute();
}

export function insertChangeSet(db: Q, row: { offer_id: string; changes: string; sent_back_to_review: boolean; changed_at: Date }) {
  return db.insertInto('offer_self_service_changes').values(row).execute();
}

export function changeSetsOf(db: Q, offerId: string) {
  return db.selectFrom('offer_self_service_changes').selectAll().where('offer_id', '=', offerId).orderBy('changed_at').orderBy('id').execute();
}

export function latestAnswers(db: Q, offerId: string) {
  return db.selectFrom('offer_answer_versions').selectAll().where('offer_id', '=', offerId).orderBy('version', 'desc').limit(1).executeTakeFirst();
}

export function insertAnswerVersion(db: Q, row: { offer_id: string; version: number; schema_version: number; answers: string; source: 'self_service'; created_at: Date }) {
  return db.insertInto('offer_answer_versions').values(row).execute();
}

/**
 * The offeror has just shown the offer is current: its availability check cycle starts again
 * (the availability module's columns, 0008; the same reset its answer page makes).
 */
export function restartAvailabilityCycle(db: Q, offerId: string, at: Date) {
  return db
    .updateTable('offers')
    .set({ availability_confirmed_at: at, availability_check_sent_at: null, availability_reminders_sent: 0, availability_last_asked_at: null, unconfirmed_at: null })
    .where('id', '=', offerId)
    .execute();
}
