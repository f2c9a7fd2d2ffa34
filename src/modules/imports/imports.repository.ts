// Kysely queries for import batches. Takes `db` or a transaction first; returns rows.
import { sql, type Insertable, type Kysely, type Transaction } from 'kysely';
import type { DB } from '../../platform/db/schema.js';

type Q = Kysely<DB> | Transaction<DB>;

export async function insertBatch(db: Q, row: Insertable<DB['import_batches']>): Promise<string> {
  const r = await db.insertInto('import_batches').values(row).returning('id').executeTakeFirstOrThrow();
  return r.id;
}

export function findBatch(db: Q, id: string) {
  return db.selectFrom('import_batches').selectAll().where('id', '=', id).executeTakeFirst();
}

export function listBatches(db: Q, limit: number) {
  return db
    .selectFrom('import_batches')
    .select(['id', 'file_name', 'status', 'row_count', 'created_at'])
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
}

export function insertBatchOffers(db: Q, rows: Insertable<DB['import_batch_offers']>[]) {
  return db.insertInto('import_batch_offers').values(rows).execute();
}

export function updateBatch(db: Q, id: string, set: Partial<Record<keyof DB['import_batches'], unknown>>) {
  return db.updateTable('import_batches').set(set as never).where('id', '=', id).executeTakeFirst();
}

/** Moves a batch from one of `from` to `to`; false when it was in another status (a double click, a race). */
export async function moveBatch(db: Q, id: string, from: readonly string[], to: string, now: Date): Promise<boolean> {
  const r = await db
    .updateTable('import_batches')
    .set({ status: to as never, updated_at: now, failure: null })
    .where('id', '=', id)
    .where('status', 'in', from as never[])
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export function lockBatch(trx: Transaction<DB>, id: string) {
  return trx.selectFrom('import_batches').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

/** Valid offers of a batch after `afterPosition`, in file order. */
export function validOffers(db: Q, batchId: string, afterPosition: number, limit: number) {
  return db
    .selectFrom('import_batch_offers')
    .select(['position', 'rows', 'answers', 'offer'])
    .where('batch_id', '=', batchId)
    .where('valid', '=', true)
    .where('position', '>', afterPosition)
    .orderBy('position')
    .limit(limit)
    .execute();
}

/** Rejected offers' problems, in file order, at most `limit` offers. */
export function rejectedOffers(db: Q, batchId: string, limit: number) {
  return db
    .selectFrom('import_batch_offers')
    .select(['position', 'rows', 'issues'])
    .where('batch_id', '=', batchId)
    .where('valid', '=', false)
    .orderBy('position')
    .limit(limit)
    .execute();
}

export async function countIssues(db: Q, batchId: string): Promise<number> {
  const r = await db
    .selectFrom('import_batch_offers')
    .select(sql<string>`coalesce(sum(jsonb_array_length(issues)), 0)`.as('n'))
    .where('batch_id', '=', batchId)
    .where('valid', '=', false)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

/** The imported offers' references, in file order. */
export function importedReferences(db: Q, batchId: string, limit: number) {
  return db
    .selectFrom('import_batch_offers as b')
    .innerJoin('offers as o', 'o.id', 'b.offer_id')
    .select(['o.reference'])
    .where('b.batch_id', '=', batchId)
    .orderBy('b.position')
    .limit(limit)
    .execute();
}

/** Links imported offers and drops the answers kept for them (the offer holds them now). */
export async function markImported(db: Q, batchId: string, pairs: readonly { position: number; offerId: string }[]): Promise<void> {
  if (pairs.length === 0) return;
  await sql`
    UPDATE import_batch_offers AS b SET offer_id = v.offer_id, answers = '{}'::jsonb, offer = NULL
    FROM (SELECT unnest(${sql.val(pairs.map((p) => p.position))}::int[]) AS position,
                 unnest(${sql.val(pairs.map((p) => p.offerId))}::uuid[]) AS offer_id) AS v
    WHERE b.batch_id = ${batchId} AND b.position = v.position`.execute(db);
}

/** Offers of a batch that were not imported: their answers are personal data with no further use. */
export function deleteUnimported(db: Q, batchId: string) {
  return db.deleteFrom('import_batch_offers').where('batch_id', '=', batchId).where('offer_id', 'is', null).execute();
}

/** Batches nobody decided on before their expiry: their offers deleted, the batch marked expired. */
export async function expireBatches(db: Q, now: Date): Promise<number> {
  const expired = await db
    .updateTable('import_batches')
    .set({ status: 'expired', updated_at: now })
    .where('status', 'in', ['validating', 'ready', 'failed'])
    .where('expires_at', '<=', now)
    .returning('id')
    .execute();
  if (expired.length > 0) {
    await db
      .deleteFrom('import_batch_offers')
      .where(
        'batch_id',
        'in',
        expired.map((e) => e.id),
      )
      .execute();
  }
  return expired.length;
}
