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
