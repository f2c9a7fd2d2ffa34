// Queries of the notifications module: what an email needs to know about an offer, the
// confirmation links, and the bounce written on an offer. Takes `db` or a transaction first.
import { sql, type Kysely } from 'kysely';
import type { DB } from '../../platform/db/schema.js';

type Q = Kysely<DB>;

/** The offer, its organisation's contact and preferred language. */
export function selectOfferContact(db: Q, offerId: string) {
  return db
    .selectFrom('offers as o')
    .innerJoin('organisations as g', 'g.id', 'o.organisation_id')
    .select(['o.id', 'o.reference', 'o.status', 'g.legal_name', 'g.contact_name', 'g.contact_email', 'g.preferred_language'])
    .where('o.id', '=', offerId)
    .executeTakeFirst();
}

/** The offer's lines in order, with the name of their place (municipality, else region). */
export function selectLines(db: Q, offerId: string) {
  return db
    .selectFrom('offer_lines as l')
    .leftJoin('admin_units as u', (j) => j.on((eb) => eb('u.code', '=', eb.fn.coalesce('l.municipality_code', 'l.region_code'))))
    .select([
      'l.id',
      'l.position',
      'l.kind',
      'l.category',
      'l.places',
      'l.rooms',
      'l.capacity_per_week',
      'l.quantity',
      'l.unit',
      'l.amount',
      'l.currency',
      'l.frequency',
      'l.available_from',
      'l.available_until',
      'u.name_el as place_el',
      'u.name_en as place_en',
    ])
    .where('l.offer_id', '=', offerId)
    .orderBy('l.position')
    .execute();
}

export type LineRow = Awaited<ReturnType<typeof selectLines>>[number];

export function insertConfirmation(db: Q, row: { token_hash: string; offer_id: string; email: string; created_at: Date; expires_at: Date }) {
  return db.insertInto('email_confirmations').values({ ...row, used_at: null }).execute();
}

/** The confirmation with this hash, locked against a second click racing this one. */
export function lockConfirmation(db: Q, tokenHash: string) {
  return db
    .selectFrom('email_confirmations as c')
    .innerJoin('offers as o', 'o.id', 'c.offer_id')
    .select(['c.token_hash', 'c.offer_id', 'c.email', 'c.expires_at', 'c.used_at', 'o.reference', 'o.email_confirmed_at'])
    .where('c.token_hash', '=', tokenHash)
    .forUpdate('c')
    .executeTakeFirst();
}

export function markConfirmationUsed(db: Q, tokenHash: string, at: Date) {
  return db.updateTable('email_confirmations').set({ used_at: at }).where('token_hash', '=', tokenHash).execute();
}

/** Sets offers.email_confirmed_at once (the first confirmation is the one staff see). */
export function setEmailConfirmed(db: Q, offerId: string, at: Date) {
  return db.updateTable('offers').set({ email_confirmed_at: at }).where('id', '=', offerId).where('email_confirmed_at', 'is', null).execute();
}

/** A contact attempt the system records: a bounced email has no staff member behind it (0007). */
export async function insertBouncedAttempt(db: Q, row: { offer_id: string; note: string; attempted_at: Date }): Promise<void> {
  await db.selectFrom('offers').select('id').where('id', '=', row.offer_id).forUpdate().execute();
  await db
    .insertInto('offer_contact_attempts')
    .values({ offer_id: row.offer_id, outcome: 'bounced', channel: 'email', note: row.note.slice(0, 2000), staff_account_id: null, attempted_at: row.attempted_at })
    .execute();
  // The same derivation as casework's refreshContactColumns (0005 columns): the latest attempt's
  // outcome, and whether any attempt reached the offeror.
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
    .where('id', '=', row.offer_id)
    .execute();
}
