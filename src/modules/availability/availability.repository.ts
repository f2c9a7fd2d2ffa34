// Kysely queries for the availability check cycle and the settings. Each takes `db` or a
// transaction first. The "next due offer" queries lock the row they return and skip rows another
// worker holds (FOR UPDATE … SKIP LOCKED), so cycles running at once never handle one offer twice.
import { sql, type Kysely } from 'kysely';
import type { DB } from '../../platform/db/schema.js';
import { OPEN_STATUSES } from '../offers/index.js';

type Q = Kysely<DB>;

const EMPTY = ['00000000-0000-0000-0000-000000000000'];

function dueBase(db: Q, skip: string[]) {
  return db
    .selectFrom('offers')
    .innerJoin('organisations', 'organisations.id', 'offers.organisation_id')
    .select([
      'offers.id',
      'offers.reference',
      'offers.status',
      'offers.version',
      'offers.availability_reminders_sent',
      'organisations.contact_email',
      'organisations.preferred_language',
    ])
    .where('offers.status', 'in', [...OPEN_STATUSES])
    .where('offers.id', 'not in', skip.length ? skip : EMPTY)
    .limit(1)
    .forUpdate('offers')
    .skipLocked();
}

export type DueOffer = NonNullable<Awaited<ReturnType<ReturnType<typeof dueBase>['executeTakeFirst']>>>;

/** An open offer whose lines (those not withdrawn) all have an `until` date before `today`. */
export function nextPastUntil(db: Q, today: string, skip: string[]) {
  return dueBase(db, skip)
    .where(({ exists, not, selectFrom }) =>
      not(
        exists(
          selectFrom('offer_lines')
            .select(sql`1`.as('one'))
            .whereRef('offer_lines.offer_id', '=', 'offers.id')
            .where('offer_lines.withdrawn_at', 'is', null)
            .where((eb) => eb.or([eb('offer_lines.available_until', 'is', null), eb('offer_lines.available_until', '>=', today)])),
        ),
      ),
    )
    .where(({ exists, selectFrom }) =>
      exists(selectFrom('offer_lines').select(sql`1`.as('one')).whereRef('offer_lines.offer_id', '=', 'offers.id').where('offer_lines.withdrawn_at', 'is', null)),
    )
    .executeTakeFirst();
}

/** An open offer with no check in progress whose cycle began at or before `dueBefore`. */
export function nextCheckDue(db: Q, dueBefore: Date, skip: string[]) {
  return dueBase(db, skip)
    .where('offers.availability_check_sent_at', 'is', null)
    .where(sql<Date>`COALESCE(offers.availability_confirmed_at, offers.submitted_at)`, '<=', dueBefore)
    .executeTakeFirst();
}

/** An open offer asked at or before `askedBefore` that has had fewer than two reminders. */
export function nextReminderDue(db: Q, askedBefore: Date, skip: string[]) {
  return dueBase(db, skip)
    .where('offers.availability_check_sent_at', 'is not', null)
    .where('offers.unconfirmed_at', 'is', null)
    .where('offers.availability_reminders_sent', '<', 2)
    .where('offers.availability_last_asked_at', '<=', askedBefore)
    .executeTakeFirst();
}

/** An open offer whose second reminder went out at or before `askedBefore` without an answer. */
export function nextToFlag(db: Q, askedBefore: Date, skip: string[]) {
  return dueBase(db, skip)
    .where('offers.availability_check_sent_at', 'is not', null)
    .where('offers.unconfirmed_at', 'is', null)
    .where('offers.availability_reminders_sent', '=', 2)
    .where('offers.availability_last_asked_at', '<=', askedBefore)
    .executeTakeFirst();
}

/** An open offer flagged unconfirmed. */
export function nextUnconfirmed(db: Q, skip: string[]) {
  return dueBase(db, skip).where('offers.unconfirmed_at', 'is not', null).executeTakeFirst();
}

export function markAsked(db: Q, offerId: string, at: Date, reminder: boolean) {
  return db
    .updateTable('offers')
    .set((eb) =>
      reminder
        ? { availability_reminders_sent: eb('availability_reminders_sent', '+', 1), availability_last_asked_at: at }
        : { availability_check_sent_at: at, availability_last_asked_at: at, availability_reminders_sent: 0 },
    )
    .where('id', '=', offerId)
    .execute();
}

export function flagUnconfirmed(db: Q, offerId: string, at: Date) {
  return db.updateTable('offers').set({ unconfirmed_at: at }).where('id', '=', offerId).execute();
}

/** Starts a new cycle from `at`: no check in progress, no reminders, no flag. */
export function resetCycle(db: Q, offerId: string, at: Date) {
  return db
    .updateTable('offers')
    .set({ availability_confirmed_at: at, availability_check_sent_at: null, availability_reminders_sent: 0, availability_last_asked_at: null, unconfirmed_at: null })
    .where('id', '=', offerId)
    .execute();
}

export function linesFor(db: Q, offerId: string) {
  return db.selectFrom('offer_lines').select(['kind', 'category']).where('offer_id', '=', offerId).where('withdrawn_at', 'is', null).orderBy('position').execute();
}

export function insertToken(db: Q, row: { token_hash: string; offer_id: string; created_at: Date; expires_at: Date }) {
  return db.insertInto('availability_check_tokens').values(row).execute();
}

export function lockToken(db: Q, tokenHash: string) {
  return db
    .selectFrom('availability_check_tokens')
    .innerJoin('offers', 'offers.id', 'availability_check_tokens.offer_id')
    .innerJoin('organisations', 'organisations.id', 'offers.organisation_id')
    .select([
      'availability_check_tokens.token_hash',
      'availability_check_tokens.expires_at',
      'availability_check_tokens.answered_at',
      'offers.id as offer_id',
      'offers.reference',
      'offers.status',
      'offers.version',
      'organisations.contact_email',
    ])
    .where('availability_check_tokens.token_hash', '=', tokenHash)
    .forUpdate('offers')
    .executeTakeFirst();
}

export function answerTokens(db: Q, offerId: string, answer: 'still_available' | 'changed' | 'no_longer_available', at: Date) {
  return db.updateTable('availability_check_tokens').set({ answered_at: at, answer }).where('offer_id', '=', offerId).where('answered_at', 'is', null).execute();
}

export async function getSetting(db: Q, key: string): Promise<unknown> {
  const row = await db.selectFrom('app_settings').select('value').where('key', '=', key).executeTakeFirst();
  return row?.value;
}

export async function putSetting(db: Q, key: string, value: unknown, at: Date, by: string): Promise<void> {
  await db
    .insertInto('app_settings')
    .values({ key, value: JSON.stringify(value), updated_at: at, updated_by: by })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value: JSON.stringify(value), updated_at: at, updated_by: by }))
    .execute();
}

export async function countUnconfirmed(db: Q): Promise<number> {
  const row = await db
    .selectFrom('offers')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('unconfirmed_at', 'is not', null)
    .where('status', 'in', [...OPEN_STATUSES])
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
