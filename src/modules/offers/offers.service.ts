// Use cases of the public journey: start a draft, save a step, submit the offer. Submission
// writes the organisation, the offer, its lines, the answers as submitted, the first status,
// the audit event, the possible duplicates and the email in one transaction, once per draft
// however often it is posted.
import { createHash, randomBytes } from 'node:crypto';
import type { Insertable, Transaction } from 'kysely';
import type { AppContext } from '../../platform/context.js';
import type { DB } from '../../platform/db/schema.js';
import type { Lang } from '../../platform/i18n/index.js';
import { queueSubmissionEmail } from '../notifications/index.js';
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
export type Draft = {
  tokenHash: string;
  answers: DraftAnswers;
  language: Lang;
  offerId: string | null;
  /** the answers exactly as read from the database, for updateDraft's one-statement save */
  stored?: DraftAnswers;
};

export const SECTIONS = ['organisation_kind', 'organisation', 'contact', 'lines', 'consents'] as const;
export type Section = (typeof SECTIONS)[number];
export type SectionIssues = { section: Section; line?: number; issues: Issue[] };

function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

// Made once: building an Intl.DateTimeFormat costs ~0.3 ms (bench/launch-day profile), and every
// page and every line's validation asks for today's date.
const ATHENS_DATE = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Athens', year: 'numeric', month: '2-digit', day: '2-digit' });

/** Today's date in Greece (Europe/Athens), as 'YYYY-MM-DD': availability dates are Greek calendar dates. */
export function todayInAthens(now: Date): string {
  return ATHENS_DATE.format(now);
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
  const stored = row.answers as DraftAnswers;
  return { tokenHash: row.token_hash, answers: withLineIds(stored), language: row.language, offerId: row.offer_id, stored };
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
 * Changes a draft's answers and extends its life by DRAFT_TTL_HOURS from now. Two tabs or two
 * quick clicks saving at once both keep their answers (a plain read-modify-write loses one):
 * first one statement that writes only if the row still holds the answers this request read
 * (compare-and-set), which is every save but a racing one; otherwise the row is locked while
 * `change` runs again on its current answers. One statement instead of four round trips
 * (BEGIN, SELECT … FOR UPDATE, UPDATE, COMMIT) on every page saved (bench/launch-day).
 * `change` must be a pure function of the answers: it may run twice.
 * @returns false when the draft was submitted or expired meanwhile (nothing is written).
 */
export async function updateDraft(ctx: AppContext, draft: Draft, change: (answers: DraftAnswers) => DraftAnswers): Promise<boolean> {
  const now = ctx.clock.now();
  if (draft.stored) {
    const answers = change(withLineIds(draft.stored));
    if (await repo.updateDraftIfUnchanged(ctx.db, draft.tokenHash, JSON.stringify(answers), JSON.stringify(draft.stored), now, expiry(ctx, now))) {
      draft.answers = answers;
      draft.stored = answers;
      return true;
    }
  }
  return ctx.db.transaction().execute(async (trx) => {
    const row = await repo.lockDraft(trx, draft.tokenHash, now);
    if (!row) return false;
    const answers = change(withLineIds(row.answers as DraftAnswers));
    await repo.updateDraft(trx, draft.tokenHash, JSON.stringify(answers), now, expiry(ctx, now));
    draft.answers = answers;
    draft.stored = answers;
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

/** The offer_lines row of one validated line (`position` from 1). */
export function lineRow(offerId: string, position: number, line: OfferLineInput): Insertable<DB['offer_lines']> {
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

/** Thrown inside a submission's transaction to roll it back when the offer already exists. */
class AlreadySubmitted extends Error {}

/** A validated draft, ready to be written as an offer. */
export type SubmissionInput = { tokenHash: string; answers: DraftAnswers; language: Lang; offer: OfferInput };

/**
 * Writes one submission in `trx`: the organisation and the offer, its lines, the answers as
 * submitted, the first status, the audit event, the draft marked submitted, the possible
 * duplicates, and the submission email. Eight statements besides BEGIN and COMMIT when no
 * duplicate is found (bench/launch-day/cost.ts counts them; there were twenty), each a round
 * trip while the transaction holds its connection: the offer's inserts are grouped into two
 * statements (CTEs) for that reason.
 * Also the transaction of the ceiling route (bench/launch-day/ceiling.ts), so both stay the same.
 * @returns the new offer's id and reference.
 * @throws AlreadySubmitted when an offer with the draft's key exists: roll back and look it up.
 */
export async function writeSubmission(trx: Transaction<DB>, ctx: AppContext, s: SubmissionInput, now: Date): Promise<{ offerId: string; reference: string }> {
  const { offer, language } = s;
  const key = `web:${s.tokenHash}`;
  const c = offer.contact;
  const reference = newReference();
  const offerId = await repo.insertOrganisationAndOffer(
    trx,
    organisationRow(offer),
    {
      reference,
      language,
      channel: 'web',
      consent_privacy_notice_at: now,
      consent_share_with_partners: offer.consents.shareWithPartners,
      idempotency_key: key,
      submitted_at: now,
      updated_at: now,
    },
    searchDocument(searchSourceOf(offer)),
  );
  if (!offerId) throw new AlreadySubmitted();
  await repo.insertSubmissionRecords(trx, {
    lines: offer.lines.map((l, i) => lineRow(offerId, i + 1, l)),
    answers: {
      offer_id: offerId,
      version: 1,
      schema_version: ANSWERS_SCHEMA_VERSION,
      answers: JSON.stringify({ language, submitted_at: now.toISOString(), ...s.answers }),
      source: 'web',
    },
    status: { offer_id: offerId, from_status: null, event: 'submit', to_status: 'submitted', actor_kind: 'offeror', actor_id: null, reason: null, occurred_at: now },
    // The row recordAuditEvent (audit module) writes for this event, written here with the rest.
    audit: {
      occurred_at: now,
      actor_kind: 'offeror',
      actor_id: null,
      action: 'offer.submitted',
      entity_type: 'offer',
      entity_id: offerId,
      reason: null,
      details: JSON.stringify({ reference, channel: 'web', language, lines: offer.lines.map((l) => l.kind) }),
    },
    // The answers now live in the offer; the draft keeps only the link (see markDraftSubmitted).
    draft: { tokenHash: s.tokenHash, offerId, now },
  });
  // In this transaction, so a possible duplicate is on record exactly when the offer is.
  await detectDuplicates(trx, { offerId, reference, foundBy: 'submission', actor: { kind: 'system' }, at: now });
  // The email (reference, summary, confirmation link) commits with the offer or not at all.
  await queueSubmissionEmail(trx, ctx, {
    offerId,
    at: now,
    contact: { reference, contact_name: c.name, contact_email: c.email, preferred_language: c.preferredLanguage },
  });
  return { offerId, reference };
}

/**
 * Submits a draft as an offer on the web channel, validating the whole offer again first.
 * Idempotent: the draft's key is the offer's idempotency key (unique in offers), and a second
 * submission with one key waits for the first one's transaction, so a double click, two
 * identical POSTs at once or a retry return the same offer.
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
  const input: SubmissionInput = { tokenHash: draft.tokenHash, answers: draft.answers, language, offer: validated.offer };

  for (let attempt = 1; ; attempt++) {
    try {
      const written = await ctx.db.transaction().execute((trx) => writeSubmission(trx, ctx, input, now));
      return { ok: true, ...written, created: true };
    } catch (err) {
      if (err instanceof AlreadySubmitted) {
        const existing = await repo.findOfferByIdempotencyKey(ctx.db, `web:${draft.tokenHash}`);
        if (existing) return { ok: true, offerId: existing.id, reference: existing.reference, created: false };
        if (attempt < 5) continue;
        throw err;
      }
      // A reference already taken (1 in 6.5·10¹¹ per offer): a fresh transaction picks a new one.
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

/**
 * The organisations row of a checked offer, as submission and import both write it.
 * @returns the columns of `organisations` but its id
 */
export function organisationRow(offer: OfferInput): Omit<Insertable<DB['organisations']>, 'id'> {
  const o = offer.organisation;
  const c = offer.contact;
  return {
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
  };
}
