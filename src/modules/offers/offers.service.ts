// Use cases of the public journey: start a draft, save a step, submit the offer. Submission
// writes the organisation, the offer, its lines, the answers as submitted, the first status and
// the audit event in one transaction, once per draft however often it is posted.
import { createHash, randomBytes } from 'node:crypto';
import type { Insertable } from 'kysely';
import type { AppContext } from '../../platform/context.js';
import type { DB } from '../../platform/db/schema.js';
import type { Lang } from '../../platform/i18n/index.js';
import { recordAuditEvent } from '../audit/index.js';
import { detectDuplicates } from '../casework/duplicates/index.js';
import type { Gazetteer } from '../geography/index.js';
import { LIMITS, type LineKind } from './offers.options.js';
import * as repo from './offers.repository.js';
import { newReference } from './offers.reference.js';
import { searchDocument, searchSourceOf } from './offers.search.js';
import {
  ANSWERS_SCHEMA_VERSION,
  parseConsents,
  parseContact,
  parseLine,
  parseOrganisation,
  parseOrganisationKind,
  type Issue,
  type OfferInput,
  type OfferLineInput,
  type RawAnswers,
} from './offers.schemas.js';

/** One offer line in progress; `id` is made when its form is first shown, so a double click adds it once. */
export type DraftLine = { id: string; kind: LineKind; answers: RawAnswers };
/** Answers a page refused, kept so a language switch or a refresh shows them again. */
export type PendingAnswers = { path: string; answers: RawAnswers };
export type DraftAnswers = {
  pending?: PendingAnswers;
  organisation_kind?: RawAnswers;
  organisation?: RawAnswers;
  contact?: RawAnswers;
  lines?: DraftLine[];
  consents?: RawAnswers;
};
export type Draft = { tokenHash: string; answers: DraftAnswers; language: Lang; offerId: string | null };

export const SECTIONS = ['organisation_kind', 'organisation', 'contact', 'lines', 'consents'] as const;
export type Section = (typeof SECTIONS)[number];
export type SectionIssues = { section: Section; line?: number; issues: Issue[] };

function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** Today's date in Greece (Europe/Athens), as 'YYYY-MM-DD': availability dates are Greek calendar dates. */
export function todayInAthens(now: Date): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Athens', year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}

function expiry(ctx: AppContext, now: Date): Date {
  return new Date(now.getTime() + ctx.config.draftTtlHours * 3600_000);
}

/**
 * Starts a draft for a new offer.
 * @returns the token for the person's cookie (only its SHA-256 is stored).
 */
export async function startDraft(ctx: AppContext, language: Lang): Promise<string> {
  const token = randomBytes(32).toString('base64url');
  const now = ctx.clock.now();
  await repo.insertDraft(ctx.db, { token_hash: hashToken(token), language, expires_at: expiry(ctx, now), answers: '{}' });
  return token;
}

/** The draft behind a cookie token, or null when there is none or it has expired. */
export async function loadDraft(ctx: AppContext, token: unknown): Promise<Draft | null> {
  if (typeof token !== 'string' || token.length < 20 || token.length > 100) return null;
  const row = await repo.findDraft(ctx.db, hashToken(token), ctx.clock.now());
  if (!row) return null;
  return { tokenHash: row.token_hash, answers: withLineIds(row.answers as DraftAnswers), language: row.language, offerId: row.offer_id };
}

/** Line ids: 8–16 lower-case letters and digits, made by newLineId(). */
export const LINE_ID = /^[a-z0-9]{8,16}$/;

export function newLineId(): string {
  return randomBytes(6).toString('hex');
}

// Drafts saved before lines had ids get stable ones from their position.
function withLineIds(answers: DraftAnswers): DraftAnswers {
  if (!answers.lines?.some((l) => !l.id)) return answers;
  return { ...answers, lines: answers.lines.map((l, i) => (l.id ? l : { ...l, id: `line${String(i + 1).padStart(4, '0')}` })) };
}

/**
 * Changes a draft's answers and extends its life by DRAFT_TTL_HOURS from now. The row is locked
 * while `change` runs on its current answers, so two tabs or two quick clicks saving at once
 * both keep their answers (a read-modify-write without the lock loses one of them).
 * @returns false when the draft was submitted or expired meanwhile (nothing is written).
 */
export async function updateDraft(ctx: AppContext, draft: Draft, change: (answers: DraftAnswers) => DraftAnswers): Promise<boolean> {
  const now = ctx.clock.now();
  return ctx.db.transaction().execute(async (trx) => {
    const row = await repo.lockDraft(trx, draft.tokenHash, now);
    if (!row) return false;
    const answers = change(withLineIds(row.answers as DraftAnswers));
    await repo.updateDraft(trx, draft.tokenHash, JSON.stringify(answers), now, expiry(ctx, now));
    draft.answers = answers;
    return true;
  });
}

/**
 * Validates every section of a draft, as at submission.
 * @returns the offer, or the issues of each incomplete or invalid section in journey order.
 */
export function validateDraft(answers: DraftAnswers, today: string, gaz: Gazetteer): { ok: true; offer: OfferInput } | { ok: false; sections: SectionIssues[] } {
  const sections: SectionIssues[] = [];
  const missing = (section: Section): SectionIssues => ({ section, issues: [{ field: section, key: 'err_section_incomplete' }] });

  const kind = answers.organisation_kind ? parseOrganisationKind(answers.organisation_kind) : null;
  if (!kind) sections.push(missing('organisation_kind'));
  else if (!kind.ok) sections.push({ section: 'organisation_kind', issues: kind.issues });

  const organisation = answers.organisation && kind?.ok ? parseOrganisation(answers.organisation, kind.value, gaz) : null;
  if (!organisation) sections.push(missing('organisation'));
  else if (!organisation.ok) sections.push({ section: 'organisation', issues: organisation.issues });

  const contact = answers.contact ? parseContact(answers.contact) : null;
  if (!contact) sections.push(missing('contact'));
  else if (!contact.ok) sections.push({ section: 'contact', issues: contact.issues });

  const lines: OfferLineInput[] = [];
  const draftLines = answers.lines ?? [];
  if (draftLines.length === 0) sections.push({ section: 'lines', issues: [{ field: 'lines', key: 'err_lines_required' }] });
  if (draftLines.length > LIMITS.lines) {
    sections.push({ section: 'lines', issues: [{ field: 'lines', key: 'err_lines_too_many', params: { max: LIMITS.lines } }] });
  }
  draftLines.forEach((l, i) => {
    const parsed = parseLine(l.kind, l.answers, today, gaz);
    if (parsed.ok) lines.push(parsed.value);
    else sections.push({ section: 'lines', line: i + 1, issues: parsed.issues });
  });

  const consents = answers.consents ? parseConsents(answers.consents) : null;
  if (!consents) sections.push(missing('consents'));
  else if (!consents.ok) sections.push({ section: 'consents', issues: consents.issues });

  if (sections.length > 0 || !kind?.ok || !organisation?.ok || !contact?.ok || !consents?.ok) return { ok: false, sections };
  return {
    ok: true,
    offer: { organisationKind: kind.value, organisation: organisation.value, contact: contact.value, lines, consents: consents.value },
  };
}

function lineRow(offerId: string, position: number, line: OfferLineInput): Insertable<DB['offer_lines']> {
  const base = { offer_id: offerId, position, kind: line.kind };
  switch (line.kind) {
    case 'accommodation':
      return {
        ...base,
        category: line.accommodationType,
        places: line.places,
        rooms: line.rooms,
        region_code: line.regionCode,
        municipality_code: line.municipalityCode,
        address: line.address,
        available_from: line.availableFrom,
        available_until: line.availableUntil,
        cost_basis: line.costBasis,
        step_free_access: line.stepFreeAccess,
        suitable_for: line.suitableFor,
      };
    case 'service':
      return {
        ...base,
        category: line.category,
        description: line.description,
        languages: line.languages,
        delivery: line.delivery,
        region_code: line.regionCode,
        municipality_code: line.municipalityCode,
        capacity_per_week: line.capacityPerWeek,
        available_from: line.availableFrom,
        available_until: line.availableUntil,
        cost_basis: line.costBasis,
      };
    case 'essential_items':
      return {
        ...base,
        category: line.category,
        description: line.description,
        quantity: line.quantity,
        unit: line.unit,
        condition: line.condition,
        region_code: line.regionCode,
        municipality_code: line.municipalityCode,
        can_deliver: line.canDeliver,
        delivery_area: line.deliveryArea,
        expiry: line.expiry,
      };
    case 'money':
      return { ...base, amount: line.amount, currency: line.currency, frequency: line.frequency, purpose: line.purpose };
  }
}

export type SubmitResult =
  | { ok: true; offerId: string; reference: string; created: boolean }
  | { ok: false; sections: SectionIssues[] };

const UNIQUE_VIOLATION = '23505';

/**
 * Submits a draft as an offer on the web channel, validating the whole offer again first.
 * Idempotent: the draft's key is the offer's idempotency key, and submissions with one key are
 * serialised, so a double click, two identical POSTs at once or a retry return the same offer.
 * @returns the offer's reference, `created: false` when it already existed.
 * @throws database errors (nothing is left half-written: one transaction).
 */
export async function submitOffer(ctx: AppContext, draft: Draft, language: Lang, gaz: Gazetteer): Promise<SubmitResult> {
  if (draft.offerId) {
    const existing = await repo.findOfferById(ctx.db, draft.offerId);
    if (existing) return { ok: true, offerId: existing.id, reference: existing.reference, created: false };
  }
  const now = ctx.clock.now();
  const validated = validateDraft(draft.answers, todayInAthens(now), gaz);
  if (!validated.ok) return validated;
  const offer = validated.offer;
  const key = `web:${draft.tokenHash}`;

  for (let attempt = 1; ; attempt++) {
    try {
      return await ctx.db.transaction().execute(async (trx) => {
        await repo.lockIdempotencyKey(trx, key);
        const existing = await repo.findOfferByIdempotencyKey(trx, key);
        if (existing) return { ok: true as const, offerId: existing.id, reference: existing.reference, created: false };

        const o = offer.organisation;
        const c = offer.contact;
        const organisationId = await repo.insertOrganisation(trx, {
          kind: offer.organisationKind.kind,
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
        const offerId = await repo.insertOffer(trx, {
          reference,
          organisation_id: organisationId,
          language,
          channel: 'web',
          consent_privacy_notice_at: now,
          consent_share_with_partners: offer.consents.shareWithPartners,
          idempotency_key: key,
          submitted_at: now,
          updated_at: now,
        }, searchDocument(searchSourceOf(offer)));
        await repo.insertLines(trx, offer.lines.map((l, i) => lineRow(offerId, i + 1, l)));
        await repo.insertAnswerVersion(trx, {
          offer_id: offerId,
          version: 1,
          schema_version: ANSWERS_SCHEMA_VERSION,
          answers: JSON.stringify({ language, submitted_at: now.toISOString(), ...draft.answers }),
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
          details: { reference, channel: 'web', language, lines: offer.lines.map((l) => l.kind) },
          at: now,
        });
        // In this transaction, so a possible duplicate is on record exactly when the offer is.
        await detectDuplicates(trx, { offerId, reference, foundBy: 'submission', actor: { kind: 'system' }, at: now });
        await repo.markDraftSubmitted(trx, draft.tokenHash, offerId, now);
        return { ok: true as const, offerId, reference, created: true };
      });
    } catch (err) {
      // A reference already taken (1 in 6.5·10¹¹ per offer) or a key raced past the lock:
      // a fresh transaction picks a new reference or finds the offer.
      // Duplicate detection locks the matched offers' rows; a staff decision on the same pair at
      // the same instant can make PostgreSQL abort one side as a deadlock (40P01): start again.
      const code = (err as { code?: string }).code;
      if ((code === UNIQUE_VIOLATION || code === '40P01') && attempt < 5) continue;
      throw err;
    }
  }
}

/** The reference of the offer a submitted draft became, or null. */
export async function findSubmittedReference(ctx: AppContext, draft: Draft): Promise<string | null> {
  if (!draft.offerId) return null;
  return (await repo.findOfferById(ctx.db, draft.offerId))?.reference ?? null;
}

/** Deletes drafts past their expiry. @returns how many. */
export function purgeExpiredDrafts(ctx: AppContext): Promise<number> {
  return repo.deleteExpiredDrafts(ctx.db, ctx.clock.now());
}
