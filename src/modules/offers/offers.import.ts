// Offers created from an imported file (channel `import`): the same records submission writes —
// organisation, offer, lines, the answers as submitted, the first status, the audit event, the
// search document and duplicate detection — written set-wise for a whole chunk of offers, in the
// caller's transaction, so an import of thousands of offers commits or rolls back as one.
import { randomUUID } from 'node:crypto';
import type { Insertable, Kysely } from 'kysely';
import type { DB } from '../../platform/db/schema.js';
import type { Lang } from '../../platform/i18n/index.js';
import { recordAuditEvent } from '../audit/index.js';
import { detectDuplicates } from '../casework/duplicates/index.js';
import * as repo from './offers.repository.js';
import { newReference } from './offers.reference.js';
import { ANSWERS_SCHEMA_VERSION, type OfferInput } from './offers.schemas.js';
import { searchDocument, searchSourceOf } from './offers.search.js';
import { lineRow, organisationRow, type DraftAnswers } from './offers.service.js';

/** One validated offer from a file, with the answers as they were read from it. */
export type ImportedOffer = {
  offer: OfferInput;
  /** the answers in the public form's shape, as read from the file (kept as submitted) */
  answers: DraftAnswers;
  /** unique per offer and batch, e.g. `import:<batch id>:<position>`: importing twice finds a clash */
  idempotencyKey: string;
  /** spreadsheet row numbers the offer came from */
  rows: number[];
};

export type ImportedOfferResult = { offerId: string; reference: string };


/**
 * Writes `offers` as submitted offers on the `import` channel, in `trx` (the caller's
 * transaction: nothing here commits). The offer's language is the contact's preferred language;
 * the first status change and the per-offer audit event (`offer.submitted`, details.channel
 * 'import') name the staff member who imported them; duplicate detection runs for each offer as
 * at submission, against every offer already stored, including the earlier ones of this call.
 * No email goes to the offerors: see the imports module for why.
 * @returns each offer's id and reference, in the order given.
 * @throws database errors (e.g. 23505 when an idempotency key was used before); the caller's
 *   transaction then rolls back as a whole.
 */
export async function insertImportedOffers(
  trx: Kysely<DB>,
  input: { offers: readonly ImportedOffer[]; staffId: string; batchId: string; at: Date },
): Promise<ImportedOfferResult[]> {
  const { offers, staffId, batchId, at } = input;
  if (offers.length === 0) return [];
  const organisationIds = offers.map(() => randomUUID());
  const offerIds = offers.map(() => randomUUID());
  await trx.insertInto('organisations').values(offers.map((o, i) => ({ id: organisationIds[i]!, ...organisationRow(o.offer) }))).execute();

  // A reference already taken (1 in 6.5·10¹¹ per offer and per stored offer: likely enough over a
  // large import into a large register) is skipped by ON CONFLICT and drawn again.
  const references: string[] = offers.map(() => '');
  let pending = offers.map((_, i) => i);
  for (let attempt = 1; pending.length > 0; attempt++) {
    if (attempt > 5) throw new Error('could not draw unused offer references');
    for (const i of pending) references[i] = newReference();
    const inserted = await trx
      .insertInto('offers')
      .values(
        pending.map((i) => {
          const o = offers[i]!;
          const search = searchDocument(searchSourceOf(o.offer));
          return {
            id: offerIds[i]!,
            reference: references[i]!,
            organisation_id: organisationIds[i]!,
            language: o.offer.contact.preferredLanguage,
            channel: 'import' as const,
            consent_privacy_notice_at: at,
            consent_share_with_partners: o.offer.consents.shareWithPartners,
            idempotency_key: o.idempotencyKey,
            submitted_at: at,
            updated_at: at,
            search_text: search.names,
            search_vector: repo.searchVector(search),
          };
        }),
      )
      .onConflict((oc) => oc.column('reference').doNothing())
      .returning('id')
      .execute();
    const done = new Set(inserted.map((r) => r.id));
    pending = pending.filter((i) => !done.has(offerIds[i]!));
  }

  await trx
    .insertInto('offer_lines')
    .values(offers.flatMap((o, i) => o.offer.lines.map((l, n) => lineRow(offerIds[i]!, n + 1, l))))
    .execute();
  await trx
    .insertInto('offer_answer_versions')
    .values(
      offers.map((o, i) => ({
        offer_id: offerIds[i]!,
        version: 1,
        schema_version: ANSWERS_SCHEMA_VERSION,
        answers: JSON.stringify({
          language: o.offer.contact.preferredLanguage satisfies Lang,
          submitted_at: at.toISOString(),
          import: { batch: batchId, rows: o.rows },
          ...o.answers,
        }),
        source: 'import' as const,
      })),
    )
    .execute();
  await trx
    .insertInto('offer_status_changes')
    .values(
      offerIds.map((id) => ({
        offer_id: id,
        from_status: null,
        event: 'submit',
        to_status: 'submitted',
        actor_kind: 'staff' as const,
        actor_id: staffId,
        reason: null,
        occurred_at: at,
      })),
    )
    .execute();
  for (const [i, o] of offers.entries()) {
    await recordAuditEvent(trx, {
      actor: { kind: 'staff', id: staffId },
      action: 'offer.submitted',
      entity: { type: 'offer', id: offerIds[i]! },
      details: {
        reference: references[i]!,
        channel: 'import',
        language: o.offer.contact.preferredLanguage,
        lines: o.offer.lines.map((l) => l.kind),
        batch: batchId,
        rows: o.rows,
      },
      at,
    });
  }
  // After the whole chunk is stored, so two rows of one file that describe the same offer find
  // each other, as two web submissions would.
  for (const [i, id] of offerIds.entries()) {
    await detectDuplicates(trx, { offerId: id, reference: references[i]!, foundBy: 'submission', actor: { kind: 'system' }, at });
  }
  return offerIds.map((id, i) => ({ offerId: id, reference: references[i]! }));
}
