// Use cases of casework on one offer: open its page (recording each view of contact data), change
// its status, record a contact attempt, add a note, look for duplicates, confirm or dismiss one.
// Each action opens one transaction, finds the offer within the member's scope first (outside it
// the offer does not exist), and writes its audit event inside that transaction.
import type { Kysely, Transaction } from 'kysely';
import type { AppContext } from '../../platform/context.js';
import type { DB } from '../../platform/db/schema.js';
import { AppError } from '../../platform/http/errors.js';
import { can, offerScope, type StaffAction, type StaffMember } from '../accounts/index.js';
import { recordAuditEvent } from '../audit/index.js';
import { selfServiceChanges, type SelfServiceChangeSet } from '../self-service/index.js';
import { changeOfferStatus, OfferTransitionError } from '../offers/index.js';
import * as repo from './casework.repository.js';
import type { RegionFilter } from './casework.repository.js';
import { caseAbilities, type CaseAbilities } from './casework.policy.js';
import {
  normaliseReference,
  parseConfirmForm,
  parseContactAttemptForm,
  parseNoteForm,
  parseStatusForm,
  parseVersion,
  typedValues,
  type ContactChannel,
  type ContactOutcome,
  type Done,
  type Issue,
} from './casework.schemas.js';
import { decideDuplicate, detectDuplicates, listDuplicateCandidates, openPairBetween, type DuplicateCandidate } from './duplicates/index.js';

/** Which form failed: the page shows its errors beside it and keeps what was typed. */
export type FormName = 'status' | 'contact_attempt' | 'note' | `confirm_${string}`;
export type ActionFailure = { ok: false; form: FormName; issues: Issue[]; values: Record<string, string> };
/** `reference` is the offer's as stored, for the redirect back to its page. */
export type ActionResult = { ok: true; done: Done; reference: string } | ActionFailure;

/** Thrown inside a transaction to roll it back and come back as a form error. */
class InputRefused extends Error {
  constructor(readonly issues: Issue[]) {
    super('input refused');
  }
}

/**
 * The member's regions as a query filter, or null when they may see no offer at all (a regional
 * coordinator with no region assigned: fails closed).
 */
function regionFilter(member: StaffMember): RegionFilter | null {
  const scope = offerScope(member);
  if (scope.regions === 'all') return 'all';
  return scope.regions.length > 0 ? (scope.regions as unknown as readonly [string, ...string[]]) : null;
}

function assertCan(member: StaffMember, action: StaffAction): void {
  if (!can(member.role, action)) throw new AppError('forbidden', `${member.role} may not ${action}`);
}

/** The offer behind a reference as typed in a URL, within scope, or AppError('not_found'). */
async function offerInScope(db: Kysely<DB>, member: StaffMember, reference: string) {
  const regions = regionFilter(member);
  const normalised = normaliseReference(reference);
  const offer = regions && normalised ? await repo.selectOfferRef(db, normalised, regions) : undefined;
  // The same answer for "no such offer" and "not yours to see" (issue 3: "as if it did not exist").
  if (!offer) throw new AppError('not_found', 'no such offer in scope');
  return offer;
}

// Two transactions waiting on each other's row locks (PostgreSQL aborts one with 40P01), or a
// serialisation failure: someone else's change got there first; theirs stands.
const CONCURRENT_CHANGE = new Set(['40P01', '40001']);

async function inTransaction<T>(ctx: AppContext, work: (trx: Transaction<DB>) => Promise<T>): Promise<T> {
  try {
    return await ctx.db.transaction().execute(work);
  } catch (err) {
    if (CONCURRENT_CHANGE.has((err as { code?: string }).code ?? '')) throw new AppError('conflict', 'concurrent change');
    throw err;
  }
}

// --- the page --------------------------------------------------------------------------------

export type CaseLine = {
  position: number;
  kind: string;
  category: string | null;
  description: string | null;
  regionCode: string | null;
  municipalityCode: string | null;
  /** null when there is none or the member may not see it (addressHidden) */
  address: string | null;
  addressHidden: boolean;
  availableFrom: string | null;
  availableUntil: string | null;
  costBasis: string | null;
  places: number | null;
  rooms: number | null;
  stepFreeAccess: boolean | null;
  suitableFor: string[];
  languages: string[];
  delivery: string | null;
  capacityPerWeek: number | null;
  quantity: number | null;
  unit: string | null;
  condition: string | null;
  canDeliver: boolean | null;
  deliveryArea: string | null;
  expiry: string | null;
  amount: string | null;
  currency: string | null;
  frequency: string | null;
  purpose: string | null;
};

/** Another offer named on the page: linked when the member may see it, otherwise only said to exist. */
export type OfferLink = { reference: string; visible: boolean };

export type OfferCase = {
  id: string;
  reference: string;
  status: string;
  version: number;
  language: string;
  channel: string;
  submittedAt: Date;
  updatedAt: Date;
  consents: { privacyNoticeAt: Date; shareWithPartners: boolean };
  duplicateOf: OfferLink | null;
  duplicatesOfThis: { reference: string; submittedAt: Date }[];
  lastContactOutcome: string | null;
  /** some attempt reached the offeror; false with attempts is "never reached" */
  reached: boolean;
  possibleDuplicate: boolean;
  /** 0008: flagged when the offeror answered neither the availability check nor two reminders */
  unconfirmedAt: Date | null;
  /** 0008: what the offeror changed through the self-service link, oldest first */
  offerorChanges: SelfServiceChangeSet[];
  /** 0007: when the contact followed the confirmation link of the submission email; null: not yet */
  emailConfirmedAt: Date | null;
  organisation: {
    kind: string;
    legalName: string;
    distinctiveTitle: string | null;
    country: string;
    taxId: string | null;
    taxIdKind: 'afm' | 'foreign' | null;
    registryNumber: string | null;
    regionCode: string | null;
    municipalityCode: string | null;
    website: string | null;
    legalRepresentative: string | null;
    preferredLanguage: string;
  };
  /** personal contact data: null unless the member may see it (then its display is audited) */
  contact: { name: string; role: string | null; phone: string; email: string; street: string | null; postcode: string | null; city: string | null } | null;
  lines: CaseLine[];
  /** the answers as submitted, newest version first; null when they may not be shown (they hold contact data) */
  answers: { version: number; schemaVersion: number; source: string; createdAt: Date; answers: Record<string, unknown> }[] | null;
  history: {
    at: Date;
    event: string;
    from: string | null;
    to: string;
    reason: string | null;
    actorKind: 'offeror' | 'staff' | 'partner' | 'system';
    actorName: string | null;
    duplicateOf: OfferLink | null;
  }[];
  /** `bySystem`: recorded by the service itself (a bounced email, 0007), not by a staff member */
  attempts: { at: Date; outcome: ContactOutcome; channel: ContactChannel; note: string | null; noteHidden: boolean; by: string | null; bySystem: boolean }[];
  notes: { at: Date; body: string; by: string | null }[];
  candidates: (DuplicateCandidate & { decidedByName: string | null })[];
  abilities: CaseAbilities;
};

/**
 * The offer's page for `member`, or null when there is no such offer or it is outside their
 * scope (the same null for both). Personal contact data is included only for roles with
 * 'offers.view_contact', and then this call writes one 'offer.contact_viewed' audit event
 * (PRODUCT.md: "every staff view of personal data logged"), before anything is shown.
 */
export async function openOfferCase(ctx: AppContext, member: StaffMember, referenceInput: string): Promise<OfferCase | null> {
  const regions = regionFilter(member);
  const reference = normaliseReference(referenceInput);
  if (!regions || !reference) return null;
  const row = await repo.selectOfferCase(ctx.db, reference, regions);
  if (!row) return null;
  const abilities = caseAbilities(member.role, row.status);
  const showContact = abilities.viewContact;

  const [lines, versions, changes, attempts, notes, candidates, duplicatesOf] = await Promise.all([
    repo.selectLines(ctx.db, row.id),
    showContact ? repo.selectAnswerVersions(ctx.db, row.id) : Promise.resolve(null),
    repo.selectStatusChanges(ctx.db, row.id),
    repo.selectContactAttempts(ctx.db, row.id),
    repo.selectNotes(ctx.db, row.id),
    listDuplicateCandidates(ctx.db, row.id, regions),
    repo.selectDuplicatesOf(ctx.db, row.id, regions),
  ]);
  const linked = [row.duplicate_of_offer_id, ...changes.map((c) => c.duplicate_of_offer_id)].filter((id): id is string => id !== null);
  const [visible, deciders] = await Promise.all([
    repo.selectIdsInScope(ctx.db, [...new Set(linked)], regions),
    repo.selectStaffNames(ctx.db, [...new Set(candidates.map((c) => c.decidedBy).filter((id): id is string => id !== null))]),
  ]);
  const link = (id: string | null, ref: string | null): OfferLink | null => (id && ref ? { reference: ref, visible: visible.has(id) } : null);

  if (showContact) {
    await recordAuditEvent(ctx.db, {
      actor: { kind: 'staff', id: member.id },
      action: 'offer.contact_viewed',
      entity: { type: 'offer', id: row.id },
      details: { reference: row.reference, shown: ['contact', 'postal_address', 'line_addresses', 'attempt_notes', 'answers'] },
      at: ctx.clock.now(),
    });
  }

  return {
    id: row.id,
    reference: row.reference,
    status: row.status,
    version: row.version,
    language: row.language,
    channel: row.channel,
    submittedAt: row.submitted_at,
    updatedAt: row.updated_at,
    consents: { privacyNoticeAt: row.consent_privacy_notice_at, shareWithPartners: row.consent_share_with_partners },
    duplicateOf: link(row.duplicate_of_offer_id, row.duplicate_of_reference),
    duplicatesOfThis: duplicatesOf.map((d) => ({ reference: d.reference, submittedAt: d.submitted_at })),
    lastContactOutcome: row.last_contact_outcome,
    reached: row.reached,
    possibleDuplicate: row.possible_duplicate,
    unconfirmedAt: row.unconfirmed_at,
    offerorChanges: await selfServiceChanges(ctx.db, row.id),
    emailConfirmedAt: row.email_confirmed_at,
    organisation: {
      kind: row.org_kind,
      legalName: row.org_legal_name,
      distinctiveTitle: row.org_distinctive_title,
      country: row.org_country,
      taxId: row.org_tax_id,
      taxIdKind: row.org_tax_id_kind,
      registryNumber: row.org_registry_number,
      regionCode: row.org_region_code,
      municipalityCode: row.org_municipality_code,
      website: row.org_website,
      legalRepresentative: row.org_legal_representative,
      preferredLanguage: row.org_preferred_language,
    },
    contact: showContact
      ? {
          name: row.org_contact_name,
          role: row.org_contact_role,
          phone: row.org_contact_phone,
          email: row.org_contact_email,
          street: row.org_street,
          postcode: row.org_postcode,
          city: row.org_city,
        }
      : null,
    lines: lines.map((l) => ({
      position: l.position,
      kind: l.kind,
      category: l.category,
      description: l.description,
      regionCode: l.region_code,
      municipalityCode: l.municipality_code,
      address: showContact ? l.address : null,
      addressHidden: !showContact && l.address !== null,
      availableFrom: l.available_from,
      availableUntil: l.available_until,
      costBasis: l.cost_basis,
      places: l.places,
      rooms: l.rooms,
      stepFreeAccess: l.step_free_access,
      suitableFor: l.suitable_for ?? [],
      languages: l.languages ?? [],
      delivery: l.delivery,
      capacityPerWeek: l.capacity_per_week,
      quantity: l.quantity,
      unit: l.unit,
      condition: l.condition,
      canDeliver: l.can_deliver,
      deliveryArea: l.delivery_area,
      expiry: l.expiry,
      amount: l.amount,
      currency: l.currency,
      frequency: l.frequency,
      purpose: l.purpose,
    })),
    answers:
      versions?.map((v) => ({
        version: v.version,
        schemaVersion: v.schema_version,
        source: v.source,
        createdAt: v.created_at,
        answers: (v.answers ?? {}) as Record<string, unknown>,
      })) ?? null,
    history: changes.map((c) => ({
      at: c.occurred_at,
      event: c.event,
      from: c.from_status,
      to: c.to_status,
      reason: c.reason,
      actorKind: c.actor_kind,
      actorName: c.actor_name,
      duplicateOf: link(c.duplicate_of_offer_id, c.duplicate_of_reference),
    })),
    attempts: attempts.map((a) => ({
      at: a.attempted_at,
      outcome: a.outcome,
      channel: a.channel,
      note: showContact ? a.note : null,
      noteHidden: !showContact && a.note !== null,
      by: a.staff_name,
      bySystem: a.staff_account_id === null,
    })),
    notes: notes.map((n) => ({ at: n.created_at, body: n.body, by: n.staff_name })),
    candidates: candidates.map((c) => ({ ...c, decidedByName: c.decidedBy ? (deciders.get(c.decidedBy) ?? null) : null })),
    abilities,
  };
}

// --- actions ---------------------------------------------------------------------------------

function transitionIssue(err: OfferTransitionError, reasonField: string): Issue {
  switch (err.problem) {
    case 'reason_required':
      return { field: reasonField, key: 'err_reason_required' };
    case 'duplicate_of_required':
      return { field: 'duplicate_of', key: 'err_duplicate_of_required' };
    case 'duplicate_of_invalid':
      return { field: 'duplicate_of', key: 'err_duplicate_of_duplicate' };
    case 'invalid_transition':
      return { field: 'event', key: 'err_invalid_transition', params: { event: err.detail.event, status: err.detail.status } };
  }
}

/**
 * Applies a status change from the page's form: `event`, `reason`, `duplicate_of` (the original's
 * reference, for mark_duplicate) and the hidden `version`. A mark_duplicate that names an offer
 * found as a possible duplicate also confirms that pair.
 * @returns ok, or the form's issues (422): no event chosen, reason missing, original unknown
 *   (or outside the member's scope), itself, itself a duplicate, a transition the status does not allow.
 * @throws AppError('not_found') for an offer missing or out of scope; AppError('forbidden');
 *   AppError('bad_request') for a form without a valid version; AppError('conflict') when the
 *   offer changed since the member read it (nothing is written).
 */
export async function changeStatus(ctx: AppContext, member: StaffMember, reference: string, body: unknown): Promise<ActionResult> {
  assertCan(member, 'offers.change_status');
  const version = parseVersion((body as Record<string, unknown> | null)?.version);
  if (version === null) {
    // Still 404 outside the scope: the answer never depends on what was sent.
    await offerInScope(ctx.db, member, reference);
    throw new AppError('bad_request', 'status form without a version');
  }
  const values = typedValues(body);
  const parsed = parseStatusForm(body);
  // Scope before input: outside it, the answer is 404 whatever was typed.
  if (!parsed.ok) {
    await offerInScope(ctx.db, member, reference);
    return { ok: false, form: 'status', issues: parsed.issues, values };
  }
  const form = parsed.value;
  const at = ctx.clock.now();
  let stored: string;
  try {
    stored = await inTransaction(ctx, async (trx) => {
      const offer = await offerInScope(trx, member, reference);
      if (offer.version !== version) throw new AppError('conflict', 'offer changed since it was read');
      let duplicateOf: { id: string } | null = null;
      if (form.event === 'mark_duplicate') duplicateOf = await originalNamed(trx, member, offer.id, form.duplicateOf);
      await changeOfferStatus(trx, {
        offerId: offer.id,
        event: form.event,
        expectedVersion: version,
        actor: { kind: 'staff', id: member.id, role: member.role },
        reason: form.reason,
        duplicateOf: duplicateOf?.id ?? null,
        at,
      });
      if (duplicateOf) {
        const pair = await openPairBetween(trx, offer.id, duplicateOf.id);
        if (pair) await decideDuplicate(trx, { candidateId: pair, offerId: offer.id, reference: offer.reference, decision: 'confirmed', staffId: member.id, at, reason: form.reason });
      }
      return offer.reference;
    });
  } catch (err) {
    if (err instanceof InputRefused) return { ok: false, form: 'status', issues: err.issues, values };
    if (err instanceof OfferTransitionError) return { ok: false, form: 'status', issues: [transitionIssue(err, 'reason')], values };
    throw err;
  }
  return { ok: true, done: 'status', reference: stored };
}

/** The original a mark_duplicate names, by reference, within the member's scope. @throws InputRefused */
async function originalNamed(trx: Kysely<DB>, member: StaffMember, offerId: string, typed: string | null): Promise<{ id: string }> {
  if (!typed) throw new InputRefused([{ field: 'duplicate_of', key: 'err_duplicate_of_required' }]);
  const reference = normaliseReference(typed);
  if (!reference) throw new InputRefused([{ field: 'duplicate_of', key: 'err_duplicate_of_format' }]);
  const regions = regionFilter(member);
  // An offer outside the member's regions is "unknown" to them, as on its own page.
  const original = regions ? await repo.selectOfferRef(trx, reference, regions) : undefined;
  if (!original) throw new InputRefused([{ field: 'duplicate_of', key: 'err_duplicate_of_unknown' }]);
  if (original.id === offerId) throw new InputRefused([{ field: 'duplicate_of', key: 'err_duplicate_of_self' }]);
  if (original.status === 'duplicate') throw new InputRefused([{ field: 'duplicate_of', key: 'err_duplicate_of_duplicate' }]);
  return { id: original.id };
}

/**
 * Records a contact attempt (outcome, channel, note; who and when are the member and now) and
 * keeps offers.last_contact_outcome and offers.reached current. An attempt is a fact appended
 * beside the status, so it needs no version: two staff recording attempts at once both stand,
 * and the offer's row lock makes the derived columns count both.
 * @returns ok, or the form's issues (422).
 * @throws AppError('not_found') out of scope; AppError('forbidden').
 */
export async function recordContactAttempt(ctx: AppContext, member: StaffMember, reference: string, body: unknown): Promise<ActionResult> {
  assertCan(member, 'offers.record_contact');
  const parsed = parseContactAttemptForm(body);
  if (!parsed.ok) {
    await offerInScope(ctx.db, member, reference);
    return { ok: false, form: 'contact_attempt', issues: parsed.issues, values: typedValues(body) };
  }
  const at = ctx.clock.now();
  const stored = await inTransaction(ctx, async (trx) => {
    const offer = await offerInScope(trx, member, reference);
    await repo.lockOffer(trx, offer.id);
    await repo.insertContactAttempt(trx, {
      offer_id: offer.id,
      outcome: parsed.value.outcome,
      channel: parsed.value.channel,
      note: parsed.value.note,
      staff_account_id: member.id,
      attempted_at: at,
    });
    await repo.refreshContactColumns(trx, offer.id);
    await recordAuditEvent(trx, {
      actor: { kind: 'staff', id: member.id },
      action: 'offer.contact_attempt_recorded',
      entity: { type: 'offer', id: offer.id },
      // Never the note: it may hold contact details, and audit details must not.
      details: { reference: offer.reference, outcome: parsed.value.outcome, channel: parsed.value.channel },
      at,
    });
    return offer.reference;
  });
  return { ok: true, done: 'contact_attempt', reference: stored };
}

/**
 * Appends a staff note. Appended, so like an attempt it needs no version.
 * @returns ok, or the form's issues (422). @throws AppError('not_found') out of scope; AppError('forbidden').
 */
export async function addNote(ctx: AppContext, member: StaffMember, reference: string, body: unknown): Promise<ActionResult> {
  assertCan(member, 'offers.add_note');
  const parsed = parseNoteForm(body);
  if (!parsed.ok) {
    await offerInScope(ctx.db, member, reference);
    return { ok: false, form: 'note', issues: parsed.issues, values: typedValues(body) };
  }
  const at = ctx.clock.now();
  const stored = await inTransaction(ctx, async (trx) => {
    const offer = await offerInScope(trx, member, reference);
    const note = await repo.insertNote(trx, { offer_id: offer.id, body: parsed.value.body, staff_account_id: member.id, created_at: at });
    await recordAuditEvent(trx, {
      actor: { kind: 'staff', id: member.id },
      action: 'offer.note_added',
      entity: { type: 'offer', id: offer.id },
      details: { reference: offer.reference, note: String(note.id) },
      at,
    });
    return offer.reference;
  });
  return { ok: true, done: 'note', reference: stored };
}

/**
 * Looks for possible duplicates of the offer now (issue 3: "on demand"), storing new pairs.
 * @throws AppError('not_found') out of scope; AppError('forbidden').
 */
export async function searchDuplicates(ctx: AppContext, member: StaffMember, reference: string): Promise<ActionResult> {
  assertCan(member, 'offers.manage_duplicates');
  const at = ctx.clock.now();
  const stored = await inTransaction(ctx, async (trx) => {
    const offer = await offerInScope(trx, member, reference);
    await detectDuplicates(trx, { offerId: offer.id, reference: offer.reference, foundBy: 'on_demand', actor: { kind: 'staff', id: member.id }, at });
    return offer.reference;
  });
  return { ok: true, done: 'duplicates_searched', reference: stored };
}

/** The open or decided pair `candidateId` of this offer, if its other offer is in scope; else not found. */
async function candidateInScope(trx: Kysely<DB>, member: StaffMember, offerId: string, candidateId: string): Promise<DuplicateCandidate> {
  const regions = regionFilter(member);
  const candidate = regions ? (await listDuplicateCandidates(trx, offerId, regions)).find((c) => c.id === candidateId) : undefined;
  if (!candidate) throw new AppError('not_found', 'no such duplicate candidate in scope');
  return candidate;
}

/**
 * Confirms a possible duplicate: this offer becomes a duplicate of the other (the mark_duplicate
 * transition, version-checked, with the reason typed beside the candidate) and the pair is
 * recorded as confirmed, in one transaction.
 * @returns ok, or the form's issues (422): reason missing, or a status that does not allow it.
 * @throws AppError('not_found') for an offer or candidate out of scope; AppError('forbidden');
 *   AppError('bad_request') without a valid version; AppError('conflict') when the offer changed
 *   or the pair was decided meanwhile (nothing is written).
 */
export async function confirmDuplicate(ctx: AppContext, member: StaffMember, reference: string, candidateId: string, body: unknown): Promise<ActionResult> {
  assertCan(member, 'offers.manage_duplicates');
  assertCan(member, 'offers.change_status');
  const version = parseVersion((body as Record<string, unknown> | null)?.version);
  if (version === null) {
    await offerInScope(ctx.db, member, reference);
    throw new AppError('bad_request', 'confirm form without a version');
  }
  const form: FormName = `confirm_${candidateId}`;
  const values = typedValues(body);
  const parsed = parseConfirmForm(body, candidateId);
  const at = ctx.clock.now();
  let stored: string;
  try {
    stored = await inTransaction(ctx, async (trx) => {
      const offer = await offerInScope(trx, member, reference);
      const candidate = await candidateInScope(trx, member, offer.id, candidateId);
      if (offer.version !== version || candidate.status !== 'open') throw new AppError('conflict', 'offer or candidate changed since it was read');
      if (!parsed.ok) throw new InputRefused(parsed.issues);
      if (candidate.other.status === 'duplicate') throw new InputRefused([{ field: `confirm_reason_${candidateId}`, key: 'err_duplicate_of_duplicate' }]);
      await changeOfferStatus(trx, {
        offerId: offer.id,
        event: 'mark_duplicate',
        expectedVersion: version,
        actor: { kind: 'staff', id: member.id, role: member.role },
        reason: parsed.value.reason,
        duplicateOf: candidate.other.id,
        at,
      });
      await decideDuplicate(trx, { candidateId, offerId: offer.id, reference: offer.reference, decision: 'confirmed', staffId: member.id, at, reason: parsed.value.reason });
      return offer.reference;
    });
  } catch (err) {
    if (err instanceof InputRefused) return { ok: false, form, issues: err.issues, values };
    if (err instanceof OfferTransitionError) return { ok: false, form, issues: [transitionIssue(err, `confirm_reason_${candidateId}`)], values };
    throw err;
  }
  return { ok: true, done: 'duplicate_confirmed', reference: stored };
}

/**
 * Dismisses a possible duplicate: the two offers are different. The pair's own state is the
 * guard: dismissing a pair someone else decided meanwhile is a conflict, and nothing changes.
 * @throws AppError('not_found') for an offer or candidate out of scope; AppError('forbidden');
 *   AppError('conflict') when the pair is no longer open.
 */
export async function dismissDuplicate(ctx: AppContext, member: StaffMember, reference: string, candidateId: string): Promise<ActionResult> {
  assertCan(member, 'offers.manage_duplicates');
  const at = ctx.clock.now();
  const stored = await inTransaction(ctx, async (trx) => {
    const offer = await offerInScope(trx, member, reference);
    const candidate = await candidateInScope(trx, member, offer.id, candidateId);
    if (candidate.status !== 'open') throw new AppError('conflict', 'candidate already decided');
    await decideDuplicate(trx, { candidateId, offerId: offer.id, reference: offer.reference, decision: 'dismissed', staffId: member.id, at });
    return offer.reference;
  });
  return { ok: true, done: 'duplicate_dismissed', reference: stored };
}
