// What a staff member may do on an offer's page, from their role and the offer's status: pure,
// no I/O, unit-tested role by role (HOUSE-STYLE.md rule 7). It combines the accounts policy
// (`can`) with the offers transition table; the routes enforce the same rules on every POST.
import { can, type StaffRole } from '../accounts/index.js';
import { availableTransitions, type OfferEvent, type Transition } from '../offers/index.js';

/**
 * Events a person applies from the offer's page. `allocate` is not one: an offer becomes
 * allocated when part of its capacity is given to a need, which the allocation use case records
 * (and which then applies the event); a bare status change would claim an allocation that does
 * not exist.
 */
export const PAGE_EVENTS = ['start_review', 'verify', 'complete', 'reject', 'withdraw', 'mark_duplicate', 'expire', 'reopen'] as const satisfies readonly OfferEvent[];
export type PageEvent = (typeof PAGE_EVENTS)[number];

export function isPageEvent(event: OfferEvent): event is PageEvent {
  return (PAGE_EVENTS as readonly string[]).includes(event);
}

export type CaseAbilities = {
  /** contact person, phone, email, postal and line addresses, attempt notes, the answers as submitted */
  viewContact: boolean;
  /** the role may change statuses at all (the page says so when none applies now) */
  changeStatus: boolean;
  /** the status changes offered now, in table order */
  transitions: Transition[];
  recordContact: boolean;
  addNote: boolean;
  /** look for duplicates again, dismiss a candidate */
  manageDuplicates: boolean;
  /** confirm a candidate: mark this offer as its duplicate (needs the transition too) */
  confirmDuplicate: boolean;
};

/**
 * What `role` may do on an offer now in `status`. Scope (a regional coordinator's regions) is
 * checked before: outside it the offer is not found at all.
 */
export function caseAbilities(role: StaffRole, status: string): CaseAbilities {
  const changeStatus = can(role, 'offers.change_status');
  const transitions = changeStatus ? availableTransitions(status, role).filter((t) => isPageEvent(t.event)) : [];
  const manageDuplicates = can(role, 'offers.manage_duplicates');
  return {
    viewContact: can(role, 'offers.view_contact'),
    changeStatus,
    transitions,
    recordContact: can(role, 'offers.record_contact'),
    addNote: can(role, 'offers.add_note'),
    manageDuplicates,
    confirmDuplicate: manageDuplicates && changeStatus && transitions.some((t) => t.event === 'mark_duplicate'),
  };
}
