// Casework: an offer's page in the back office and what staff do to it — change its status
// (through the offers module's transition table), record contact attempts, add notes, find,
// confirm and dismiss possible duplicates (duplicates/). It owns offer_contact_attempts,
// offer_notes and offer_duplicate_candidates, and keeps offers.last_contact_outcome, reached and
// possible_duplicate current; it never writes offers.status except through changeOfferStatus.
export { caseworkRoutes } from './casework.routes.js';
export { caseAbilities, PAGE_EVENTS, type CaseAbilities, type PageEvent } from './casework.policy.js';
export {
  openOfferCase,
  changeStatus,
  recordContactAttempt,
  addNote,
  searchDuplicates,
  confirmDuplicate,
  dismissDuplicate,
  type OfferCase,
  type ActionResult,
} from './casework.service.js';
export { detectDuplicates, findDuplicates, listDuplicateCandidates, type DuplicateCandidate, type DuplicateMatch } from './duplicates/index.js';
