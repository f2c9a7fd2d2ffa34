// Kysely queries for drafts and offers. Takes `db` or a transaction first; returns rows.
import { sql, type Insertable, type Kysely, type Transaction } from 'kysely';
import type { DB } from '../../platform/db/schema.js';
import type { SearchDocument } from './offers.search.js';

type Q = Kysely<DB> | Transaction<DB>;

export function insertDraft(db: Q, row: { token_hash: string; language: 'el' | 'en' | 'uk'; expires_at: Date; answers: string }) {
  return db.insertInto('drafts').values(row).execute();
}

export function findDraft(db: Q, tokenHash: string, now: Date) {
  return db.selectFrom('drafts').selectAll().where('token_hash', '=', tokenHash).where('expires_at', '>', now).executeTakeFirst();
}

/** The live, unsubmitted draft, locked until the transaction ends. */
export function lockDraft(trx: Transaction<DB>, tokenHash: string, now: Date) {
  return trx
    .selectFrom('drafts')
    .select(['answers'])
    .where('token_hash', '=', tokenHash)
    .where('expires_at', '>', now)
    .where('offer_id', 'is', null)
    .forUpdate()
    .executeTakeFirst();
}

export function updateDraft(db: Q, tokenHash: string, answers: string, now: Date, expiresAt: Date) {
  return db
    .updateTable('drafts')
    .set({ answers, updated_at: now, expires_at: expiresAt })
    .where('token_hash', '=', tokenHash)
    .where('offer_id', 'is', null)
    .executeTakeFirst();
}

/**
 * Saves `answers` only while the live, unsubmitted draft still holds `seen` (jsonb equality, so
 * key order does not matter): a compare-and-set in one statement.
 * @returns false when someone saved in between, or the draft was submitted or expired.
 */
export async function updateDraftIfUnchanged(db: Q, tokenHash: string, answers: string, seen: string, now: Date, expiresAt: Date): Promise<boolean> {
  const r = await db
    .updateTable('drafts')
    .set({ answers, updated_at: now, expires_at: expiresAt })
    .where('token_hash', '=', tokenHash)
    .where('offer_id', 'is', null)
    .where('expires_at', '>', now)
    .where(sql<boolean>`answers = ${seen}::jsonb`)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export function markDraftSubmitted(db: Q, tokenHash: string, offerId: string, now: Date) {
  // The answers now live in the offer; the draft keeps only the link, so a Back-and-submit-again
  // finds the offer and no copy of the personal data lingers.
  return db.updateTable('drafts').set({ offer_id: offerId, answers: '{}', updated_at: now }).where('token_hash', '=', tokenHash).execute();
}

export async function deleteExpiredDrafts(db: Q, now: Date): Promise<number> {
  const r = await db.deleteFrom('drafts').where('expires_at', '<=', now).executeTakeFirst();
  return Number(r.numDeletedRows);
}

/** Serialises submissions that carry the same idempotency key (both engines support it). */
export async function lockIdempotencyKey(trx: Transaction<DB>, key: string): Promise<void> {
  await sql`SELECT pg_advisory_xact_lock(hashtextextended(${key}, 0))`.execute(trx);
}

export function findOfferByIdempotencyKey(db: Q, key: string) {
  return db.selectFrom('offers').select(['id', 'reference']).where('idempotency_key', '=', key).executeTakeFirst();
}

export function findOfferById(db: Q, id: string) {
  return db.selectFrom('offers').select(['id', 'reference', 'language']).where('id', '=', id).executeTakeFirst();
}

/**
 * The organisation and its offer in one statement (a data-modifying CTE): one round trip instead
 * of four (advisory lock, look-up by key, two inserts) in the submission's transaction.
 * Idempotency rests on offers.idempotency_key's unique index: a second submission with the same
 * key waits here for the first one's transaction, then inserts no offer (ON CONFLICT DO NOTHING).
 * @returns the new offer's id, or null when an offer with this key exists; the organisation row
 *   is written either way, so on null the caller must roll its transaction back.
 */
export async function insertOrganisationAndOffer(
  trx: Transaction<DB>,
  organisation: Insertable<DB['organisations']>,
  offer: Omit<OfferRow, 'organisation_id'>,
  search: SearchDocument,
): Promise<string | null> {
  const r = await trx
    .with('org', (db) => db.insertInto('organisations').values(organisation).returning('id'))
    .insertInto('offers')
    .values({ ...offer, organisation_id: (eb) => eb.selectFrom('org').select('org.id'), search_text: search.names, search_vector: searchVector(search) })
    .onConflict((oc) => oc.column('idempotency_key').doNothing())
    .returning('id')
    .executeTakeFirst();
  return r?.id ?? null;
}

/**
 * The rest of a submission's records, in one statement (data-modifying CTEs, one round trip
 * instead of five): the offer's lines, its answers as submitted, its first status, the audit
 * event, and the draft marked submitted (see markDraftSubmitted). The lines' triggers (0005,
 * 0012) have run when it returns, so offers.municipality_codes and region_codes are current.
 */
export async function insertSubmissionRecords(
  trx: Transaction<DB>,
  r: {
    lines: Insertable<DB['offer_lines']>[];
    answers: Insertable<DB['offer_answer_versions']>;
    status: Insertable<DB['offer_status_changes']>;
    audit: Insertable<DB['audit_events']>;
    draft: { tokenHash: string; offerId: string; now: Date };
  },
): Promise<void> {
  await trx
    .with('l', (db) => db.insertInto('offer_lines').values(r.lines).returning('offer_lines.id'))
    .with('a', (db) => db.insertInto('offer_answer_versions').values(r.answers).returning('offer_answer_versions.offer_id'))
    .with('s', (db) => db.insertInto('offer_status_changes').values(r.status).returning('offer_status_changes.offer_id'))
    .with('e', (db) => db.insertInto('audit_events').values(r.audit).returning('audit_events.id'))
    .updateTable('drafts')
    .set({ offer_id: r.draft.offerId, answers: '{}', updated_at: r.draft.now })
    .where('token_hash', '=', r.draft.tokenHash)
    .execute();
}

type OfferRow = {
  reference: string;
  organisation_id: string;
  language: 'el' | 'en' | 'uk';
  channel: 'web' | 'api' | 'import' | 'staff';
  consent_privacy_notice_at: Date;
  consent_share_with_partners: boolean;
  idempotency_key: string;
  submitted_at: Date;
  updated_at: Date;
};

export async function insertOrganisation(db: Q, row: Insertable<DB['organisations']>): Promise<string> {
  const r = await db.insertInto('organisations').values(row).returning('id').executeTakeFirstOrThrow();
  return r.id;
}

export async function insertOffer(
  db: Q,
  row: {
    reference: string;
    organisation_id: string;
    language: 'el' | 'en' | 'uk';
    channel: 'web' | 'api' | 'import' | 'staff';
    consent_privacy_notice_at: Date;
    consent_share_with_partners: boolean;
    idempotency_key: string;
    submitted_at: Date;
    updated_at: Date;
  },
  search: SearchDocument,
): Promise<string> {
  const r = await db
    .insertInto('offers')
    .values({ ...row, search_text: search.names, search_vector: searchVector(search) })
    .returning('id')
    .executeTakeFirstOrThrow();
  return r.id;
}

/**
 * `offers.search_vector` from a search document (offers.search.ts): stemmed by the `greek`
 * configuration and whole by `simple`, without positions, which nothing ranks by.
 */
export function searchVector(search: SearchDocument) {
  return sql<string>`strip(to_tsvector('greek', ${search.words}) || to_tsvector('simple', ${search.words}))`;
}

export function insertLines(db: Q, rows: Insertable<DB['offer_lines']>[]) {
  return db.insertInto('offer_lines').values(rows).execute();
}

export function insertAnswerVersion(db: Q, row: { offer_id: string; version: number; schema_version: number; answers: string; source: 'web' | 'api' | 'import' | 'staff' | 'self_service' }) {
  return db.insertInto('offer_answer_versions').values(row).execute();
}

export function insertStatusChange(
  db: Q,
  row: { offer_id: string; from_status: string | null; event: string; to_status: string; actor_kind: 'offeror' | 'staff' | 'partner' | 'system'; actor_id: string | null; reason: string | null; occurred_at: Date },
) {
  return db.insertInto('offer_status_changes').values(row).execute();
}
