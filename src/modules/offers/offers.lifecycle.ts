// An offer's lifecycle: the one transition table (from, event, to, roles) of PRODUCT.md «Offer
// statuses», and the one function that applies it (HOUSE-STYLE.md rule 6). Nothing else in the
// service writes offers.status after submission; this file does not open transactions (the
// caller's use case does) and knows nothing of HTTP beyond the AppError it throws.
import type { Kysely } from 'kysely';
import type { DB } from '../../platform/db/schema.js';
import { AppError } from '../../platform/http/errors.js';
import { recordAuditEvent } from '../audit/index.js';
import { queueStatusEmail } from '../notifications/index.js';
import type { StaffRole } from '../accounts/index.js';

/** The statuses of PRODUCT.md, the same list as the CHECK on offers.status (0002). */
export const OFFER_STATUSES = ['submitted', 'in_review', 'verified', 'allocated', 'completed', 'rejected', 'withdrawn', 'duplicate', 'expired'] as const;
export type OfferStatus = (typeof OFFER_STATUSES)[number];

/**
 * Statuses in which the offer is still live help: withdrawing or expiring applies to these.
 * PRODUCT.md: `withdrawn` is "by the offeror or on their word", from any open status.
 */
export const OPEN_STATUSES = ['submitted', 'in_review', 'verified', 'allocated'] as const satisfies readonly OfferStatus[];

/** What someone does to an offer's status. `submit` (creation) is not here: it is no change. */
export const OFFER_EVENTS = ['start_review', 'verify', 'allocate', 'complete', 'reject', 'withdraw', 'mark_duplicate', 'expire', 'reopen', 'amend', 'release_allocations'] as const;
export type OfferEvent = (typeof OFFER_EVENTS)[number];

/** Who may apply an event: a staff role, the offeror themself (self-service), or the system (jobs). */
export type TransitionRole = StaffRole | 'offeror' | 'system';

export type Transition = {
  from: OfferStatus;
  event: OfferEvent;
  to: OfferStatus;
  roles: readonly TransitionRole[];
  /** a reason must be given (recorded in offer_status_changes and the audit event) */
  reasonRequired: boolean;
  /** the audit event's action */
  audit: `offer.${string}`;
};

// Who works an offer: PRODUCT.md gives coordinators the statuses ("verifies, flags duplicates …
// changes statuses with a reason"), regional coordinators "the same, only for the regions
// assigned to them" (the scope is checked by the caller, which knows the member's regions), and
// the administrator may step in (accounts.policy grants them offers.change_status). A viewer
// "reads and exports": never a status.
const CASEWORKERS = ['administrator', 'coordinator', 'regional_coordinator'] as const satisfies readonly StaffRole[];
// Undoing a decision another coordinator took is a supervisor's call, not a regional one's:
// the example, "reopen … by administrator/coordinator".
const SUPERVISORS = ['administrator', 'coordinator'] as const satisfies readonly StaffRole[];

const row = (from: OfferStatus, event: OfferEvent, to: OfferStatus, roles: readonly TransitionRole[], reasonRequired: boolean, audit: Transition['audit']): Transition => ({
  from,
  event,
  to,
  roles,
  reasonRequired,
  audit,
});

/**
 * The transition table. Source: PRODUCT.md «Offer statuses» and issue 3 «Statuses, contact
 * attempts, duplicates». Each group says why it is there.
 */
export const TRANSITIONS: readonly Transition[] = [
  // The main line: submitted → in_review → verified → allocated (partly or fully) → completed.
  row('submitted', 'start_review', 'in_review', CASEWORKERS, false, 'offer.review_started'),
  row('in_review', 'verify', 'verified', CASEWORKERS, false, 'offer.verified'),
  // Allocation gives capacity to needs; the allocation issue will call this from its own use case.
  row('verified', 'allocate', 'allocated', CASEWORKERS, false, 'offer.allocated'),
  // Issue 6: when the last of its allocations is released, nothing of the offer is promised any
  // more and it is verified help again, available to other needs. Applied only by the needs
  // module's release use case (never from the offer's page), with the release's reason, and by
  // the self-service link when the offeror withdraws the last allocated line of an offer whose
  // other lines still stand (that line's allocations are released with it).
  row('allocated', 'release_allocations', 'verified', [...CASEWORKERS, 'offeror'], false, 'offer.allocations_released'),
  row('allocated', 'complete', 'completed', CASEWORKERS, false, 'offer.completed'),

  // Rejected "with a reason" (PRODUCT.md). Once allocated, help is promised to a need: it is
  // withdrawn or expires, not rejected after the fact.
  ...(['submitted', 'in_review', 'verified'] as const).map((from) => row(from, 'reject', 'rejected', CASEWORKERS, true, 'offer.rejected')),

  // Withdrawn "by the offeror or on their word": staff record it when told by phone or email;
  // the offeror will do it themself through the self-service link. From any open status,
  // allocated included (the offeror can always change their mind; allocations are freed then).
  ...OPEN_STATUSES.map((from) => row(from, 'withdraw', 'withdrawn', [...CASEWORKERS, 'offeror'], true, 'offer.withdrawn')),

  // A duplicate points to the original (duplicate_of_offer_id). Decided while it is still being
  // checked; an allocated offer has already been given to a need, so it is no longer a mere copy.
  ...(['submitted', 'in_review', 'verified'] as const).map((from) => row(from, 'mark_duplicate', 'duplicate', CASEWORKERS, true, 'offer.marked_duplicate')),

  // Expired: "availability passed, or not re-confirmed". A staff member or the scheduled job
  // (system) expires it; allocated offers too, when the allocated help never materialised.
  ...OPEN_STATUSES.map((from) => row(from, 'expire', 'expired', [...CASEWORKERS, 'system'], false, 'offer.expired')),

  // Reopening back to review, always with a reason, by a supervisor:
  // - rejected: the rejection was a mistake, or the offeror sent what was missing;
  // - duplicate: the two offers turned out to be different help (the link is cleared);
  // - withdrawn: the offeror calls back and wants to offer after all, keeping the history
  //   rather than typing everything again;
  // - expired: the offeror re-confirms their availability.
  // Completed is final: the help was given; new help is a new offer.
  ...(['rejected', 'duplicate', 'withdrawn', 'expired'] as const).map((from) => row(from, 'reopen', 'in_review', SUPERVISORS, true, 'offer.reopened')),

  // The offeror changed a verified offer through the self-service link (issue 4): what staff
  // verified is no longer what is offered, so it goes back to review. Before verification an
  // update needs no status change; an allocated offer is changed through staff, not the link.
  row('verified', 'amend', 'in_review', ['offeror'], false, 'offer.sent_back_to_review'),
];

/** The transition for `event` from `from`, or undefined when the table has none. */
export function findTransition(from: string, event: OfferEvent): Transition | undefined {
  return TRANSITIONS.find((t) => t.from === from && t.event === event);
}

/** Whether `role` appears on any row of `event`, whatever the status. */
export function mayApplyEvent(role: TransitionRole, event: OfferEvent): boolean {
  return TRANSITIONS.some((t) => t.event === event && t.roles.includes(role));
}

/**
 * The transitions `role` may apply to an offer in `status`, in table order: what a page offers.
 * Scope (a regional coordinator's regions) is the caller's to check first.
 */
export function availableTransitions(status: string, role: TransitionRole): Transition[] {
  return TRANSITIONS.filter((t) => t.from === status && t.roles.includes(role));
}

export function isOfferEvent(v: unknown): v is OfferEvent {
  return typeof v === 'string' && (OFFER_EVENTS as readonly string[]).includes(v);
}

/**
 * The statuses whose arrival releases the offer's active allocations, and the cause recorded on
 * them (allocations.release_cause, 0014). `completed` keeps them: the help was given. The needs
 * module (releaseAllocationsOfOffer) is loaded only when one of them is reached.
 */
const RELEASING_CAUSES: Partial<Record<OfferStatus, 'offer_withdrawn' | 'offer_expired' | 'offer_rejected' | 'offer_duplicate'>> = {
  withdrawn: 'offer_withdrawn',
  expired: 'offer_expired',
  rejected: 'offer_rejected',
  duplicate: 'offer_duplicate',
};

/** Who changes the status: a staff member (with their role), the offeror, or the system. */
export type TransitionActor =
  | { kind: 'staff'; id: string; role: StaffRole }
  | { kind: 'offeror'; id: string | null }
  | { kind: 'system' };

function roleOf(actor: TransitionActor): TransitionRole {
  return actor.kind === 'staff' ? actor.role : actor.kind;
}

/** Why a transition was refused although the caller may apply the event and the version matched. */
export type TransitionProblem =
  /** the table has no row (current status, event): e.g. verify an offer that is not in review */
  | 'invalid_transition'
  /** reject, withdraw, mark_duplicate and reopen need a reason */
  | 'reason_required'
  /** mark_duplicate needs the original */
  | 'duplicate_of_required'
  /** the original is this offer, does not exist, or is itself a duplicate */
  | 'duplicate_of_invalid';

/**
 * A transition the table or its rules refuse. An AppError, so that uncaught it still answers with
 * a status and nothing is written: 409 for a transition the offer's status does not allow, 400
 * for missing input. Routes catch it to show the page again (422) with a message.
 */
export class OfferTransitionError extends AppError {
  constructor(
    readonly problem: TransitionProblem,
    readonly detail: { status: string; event: OfferEvent },
  ) {
    super(problem === 'invalid_transition' ? 'conflict' : 'bad_request', `${problem}: ${detail.event} from ${detail.status}`);
  }
}

export type ChangeOfferStatus = {
  offerId: string;
  event: OfferEvent;
  /** offers.version as the actor saw it; the change applies only if it is still the version */
  expectedVersion: number;
  actor: TransitionActor;
  /** why, in the actor's words; required where the table says so (trimmed; blank is none) */
  reason?: string | null;
  /** mark_duplicate only: the original offer's id */
  duplicateOf?: string | null;
  /** when, from the app's clock */
  at: Date;
};

export type StatusChanged = { from: OfferStatus; to: OfferStatus; version: number; transition: Transition };

/**
 * Applies one event of the transition table to an offer, inside the caller's transaction:
 * updates offers (status, version + 1, updated_at, duplicate_of_offer_id) only `WHERE id = offerId
 * AND version = expectedVersion`, appends the offer_status_changes row and the audit event, and
 * when the offer becomes withdrawn or expired releases its active allocations (needs module,
 * each with its own `allocation.released` audit event and the change's reason).
 * Checks, in order: the actor's role may apply the event at all; the offer exists; it is still at
 * `expectedVersion`; the table has a row from its status; the reason; the original of a duplicate.
 * Source of the rules: PRODUCT.md «Offer statuses», HOUSE-STYLE.md rule 6.
 * @returns the statuses before and after and the new version.
 * @throws AppError('forbidden') when the actor's role may not apply `event` (403);
 *   AppError('not_found') when there is no such offer;
 *   AppError('conflict') when the offer is no longer at `expectedVersion`: someone else changed
 *   it, and nothing is written (409, the "changed by someone else" page);
 *   OfferTransitionError for a transition the table does not have or input it needs.
 */
export async function changeOfferStatus(trx: Kysely<DB>, change: ChangeOfferStatus): Promise<StatusChanged> {
  const role = roleOf(change.actor);
  if (!mayApplyEvent(role, change.event)) throw new AppError('forbidden', `${role} may not ${change.event}`);

  const offer = await trx.selectFrom('offers').select(['id', 'reference', 'status', 'version']).where('id', '=', change.offerId).executeTakeFirst();
  if (!offer) throw new AppError('not_found', 'no such offer');
  // The version first: a person who decided on an older state must look again, whatever they asked.
  if (offer.version !== change.expectedVersion) throw new AppError('conflict', 'offer changed since it was read');

  const detail = { status: offer.status, event: change.event };
  const transition = findTransition(offer.status, change.event);
  if (!transition) throw new OfferTransitionError('invalid_transition', detail);
  // Per-row roles (reopen is narrower than reject, say): the row decides.
  if (!transition.roles.includes(role)) throw new AppError('forbidden', `${role} may not ${change.event} from ${offer.status}`);

  const reason = change.reason?.trim() || null;
  if (transition.reasonRequired && !reason) throw new OfferTransitionError('reason_required', detail);

  let duplicateOf: { id: string; reference: string } | null = null;
  if (change.event === 'mark_duplicate') {
    if (!change.duplicateOf) throw new OfferTransitionError('duplicate_of_required', detail);
    const original = await trx.selectFrom('offers').select(['id', 'reference', 'status']).where('id', '=', change.duplicateOf).executeTakeFirst();
    // A chain (C duplicate of B duplicate of A) would hide the original: name A instead.
    if (!original || original.id === offer.id || original.status === 'duplicate') throw new OfferTransitionError('duplicate_of_invalid', detail);
    duplicateOf = { id: original.id, reference: original.reference };
  }

  const updated = await trx
    .updateTable('offers')
    .set((eb) => ({
      status: transition.to,
      version: eb('version', '+', 1),
      updated_at: change.at,
      // The link lives while the offer is a duplicate; reopening clears it (history keeps it).
      duplicate_of_offer_id: duplicateOf?.id ?? null,
    }))
    .where('id', '=', offer.id)
    .where('version', '=', change.expectedVersion)
    .returning('version')
    .executeTakeFirst();
  // Someone committed a change between our read and our write: theirs stands, ours is refused.
  if (!updated) throw new AppError('conflict', 'offer changed while being updated');

  const actorId = change.actor.kind === 'system' ? null : change.actor.id;
  await trx
    .insertInto('offer_status_changes')
    .values({
      offer_id: offer.id,
      from_status: offer.status,
      event: change.event,
      to_status: transition.to,
      reason,
      actor_kind: change.actor.kind,
      actor_id: actorId,
      duplicate_of_offer_id: duplicateOf?.id ?? null,
      occurred_at: change.at,
    })
    .execute();
  await recordAuditEvent(trx, {
    actor: change.actor.kind === 'system' ? { kind: 'system' } : { kind: change.actor.kind, id: actorId },
    action: transition.audit,
    entity: { type: 'offer', id: offer.id },
    ...(reason ? { reason } : {}),
    details: {
      reference: offer.reference,
      event: change.event,
      from: offer.status,
      to: transition.to,
      version: updated.version,
      ...(duplicateOf ? { duplicate_of: duplicateOf.reference } : {}),
    },
    at: change.at,
  });
  // Help that is no longer offered cannot stay promised: withdrawing or expiring an allocated
  // offer releases its allocations here, in this transaction, whoever applies the event (staff,
  // the offeror's link, the availability cycle), so the needs it served are short again at once.
  const cause = RELEASING_CAUSES[transition.to];
  if (cause) {
    // Loaded when first needed: the needs module builds on this one (it allocates through
    // changeOfferStatus), so a static import would close a cycle, as for notifications.
    const { releaseAllocationsOfOffer } = await import('../needs/index.js');
    await releaseAllocationsOfOffer(trx, {
      offerId: offer.id,
      offerReference: offer.reference,
      cause,
      actor: change.actor.kind === 'staff' ? { kind: 'staff', id: change.actor.id } : { kind: change.actor.kind },
      reason,
      at: change.at,
    });
  }
  // The offeror hears of the changes that matter to them (notifications decides which), in this transaction.
  await queueStatusEmail(trx, { offerId: offer.id, event: change.event, reason, duplicateOfReference: duplicateOf?.reference ?? null, at: change.at });
  return { from: offer.status as OfferStatus, to: transition.to, version: updated.version, transition };
}
