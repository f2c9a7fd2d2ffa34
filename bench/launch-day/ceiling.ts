// The ceiling of this machine for a final submission: a bare Fastify route that runs the same
// database transaction as submitOffer (offers.service.ts) — the same statements in the same
// order — and nothing else: no cookies, CSRF, rate limit, draft loading, validation, rendering or
// request logging. Run as its own process by bench/launch-day/index.ts; the service's rate is
// printed as a ratio of this one's.
// Keep `submitTransaction` in step with submitOffer's transaction when that changes.
// Environment: DATABASE_URL, PORT, DATABASE_POOL_SIZE, and the service's own (loadConfig) for the email.
import { createHash } from 'node:crypto';
import Fastify from 'fastify';
import { todayInAthens, validateDraft, ANSWERS_SCHEMA_VERSION, newReference, searchDocument, type DraftAnswers } from '../../src/modules/offers/index.js';
import * as repo from '../../src/modules/offers/offers.repository.js';
import { searchSourceOf } from '../../src/modules/offers/offers.search.js';
import type { OfferInput, OfferLineInput } from '../../src/modules/offers/offers.schemas.js';
import { recordAuditEvent } from '../../src/modules/audit/index.js';
import { queueSubmissionEmail } from '../../src/modules/notifications/index.js';
import { loadConfig } from '../../src/config.js';
import type { AppContext } from '../../src/platform/context.js';
import { detectDuplicates } from '../../src/modules/casework/duplicates/index.js';
import { loadGazetteer } from '../../src/modules/geography/index.js';
import { openDatabase } from '../../src/platform/db/database.js';
import { lineRow } from '../../src/modules/offers/offers.service.js';

type Prepared = { tokenHash: string; answers: DraftAnswers; language: 'el' | 'en' | 'uk'; offer: OfferInput };

/** submitOffer's transaction, statement for statement, for an already validated draft. */
export async function submitTransaction(ctx: AppContext, p: Prepared, now: Date): Promise<string> {
  const key = `web:${p.tokenHash}`;
  return ctx.db.transaction().execute(async (trx) => {
    await repo.lockIdempotencyKey(trx, key);
    const existing = await repo.findOfferByIdempotencyKey(trx, key);
    if (existing) return existing.reference;
    const { organisation: o, contact: c, consents } = p.offer;
    const organisationId = await repo.insertOrganisation(trx, {
      kind: p.offer.organisationKind.kind,
      legal_name: o.legalName,
      distinctive_title: o.distinctiveTitle,
      country: o.country,
      tax_id: o.taxId,
      tax_id_kind: o.taxIdKind,
      registry_number: o.registryNumber,
      street: o.street,
      postcode: o.postcode,
      city: o.city,
      region_code: o.regionCode,
      municipality_code: o.municipalityCode,
      website: o.website,
      legal_representative: o.legalRepresentative,
      contact_name: c.name,
      contact_role: c.role,
      contact_phone: c.phone,
      contact_email: c.email,
      preferred_language: c.preferredLanguage,
    });
    const reference = newReference();
    const offerId = await repo.insertOffer(
      trx,
      {
        reference,
        organisation_id: organisationId,
        language: p.language,
        channel: 'web',
        consent_privacy_notice_at: now,
        consent_share_with_partners: consents.shareWithPartners,
        idempotency_key: key,
        submitted_at: now,
        updated_at: now,
      },
      searchDocument(searchSourceOf(p.offer)),
    );
    await repo.insertLines(trx, p.offer.lines.map((l: OfferLineInput, i: number) => lineRow(offerId, i + 1, l)));
    await repo.insertAnswerVersion(trx, {
      offer_id: offerId,
      version: 1,
      schema_version: ANSWERS_SCHEMA_VERSION,
      answers: JSON.stringify({ language: p.language, submitted_at: now.toISOString(), ...p.answers }),
      source: 'web',
    });
    await repo.insertStatusChange(trx, {
      offer_id: offerId,
      from_status: null,
      event: 'submit',
      to_status: 'submitted',
      actor_kind: 'offeror',
      actor_id: null,
      reason: null,
      occurred_at: now,
    });
    await recordAuditEvent(trx, {
      actor: { kind: 'offeror', id: null },
      action: 'offer.submitted',
      entity: { type: 'offer', id: offerId },
      details: { reference, channel: 'web', language: p.language, lines: p.offer.lines.map((l) => l.kind) },
      at: now,
    });
    await detectDuplicates(trx, { offerId, reference, foundBy: 'submission', actor: { kind: 'system' }, at: now });
    await queueSubmissionEmail(trx, ctx, { offerId, at: now });
    await repo.markDraftSubmitted(trx, p.tokenHash, offerId, now);
    return reference;
  });
}

export async function main(): Promise<void> {
  const database = await openDatabase({ engine: 'postgres', url: process.env.DATABASE_URL!, poolSize: Number(process.env.DATABASE_POOL_SIZE ?? 10) });
  const gazetteer = await loadGazetteer(database.db);
  const ctx: AppContext = { db: database.db, engine: 'postgres', config: loadConfig(), clock: { now: () => new Date() } };
  // Every draft ready to submit, validated before the clock starts: the route does only the transaction.
  const today = todayInAthens(new Date());
  const prepared = new Map<string, Prepared>();
  for (const row of await database.db.selectFrom('drafts').select(['token_hash', 'answers', 'language']).where('offer_id', 'is', null).execute()) {
    const answers = row.answers as DraftAnswers;
    const v = validateDraft(answers, today, gazetteer);
    if (v.ok) prepared.set(row.token_hash, { tokenHash: row.token_hash, answers, language: row.language, offer: v.offer });
  }
  const app = Fastify({ logger: false });
  app.post<{ Params: { token: string } }>('/submit/:token', async (req, reply) => {
    const p = prepared.get(createHash('sha256').update(req.params.token).digest('hex'));
    if (!p) return reply.code(404).send('no such draft');
    const reference = await submitTransaction(ctx, p, new Date());
    return reply.code(303).header('location', `/done/${reference}`).send();
  });
  await app.listen({ host: '127.0.0.1', port: Number(process.env.PORT ?? 0) });
  console.log(`ceiling ready: ${prepared.size} drafts`);
  process.on('SIGTERM', () => void app.close().then(() => database.close()).then(() => process.exit(0)));
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
