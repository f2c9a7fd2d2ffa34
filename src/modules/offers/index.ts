// The public offer journey (form, drafts, submission) and the offer records it creates.
// It owns the drafts, organisations, offers, offer_lines and offer_answer_versions tables;
// other modules read offers through what this file exports, never through its repository.
// Statuses change only through changeOfferStatus and its transition table (offers.lifecycle.ts).
export { offerRoutes, DRAFT_COOKIE } from './offers.routes.js';
export { submitOffer, validateDraft, purgeExpiredDrafts, todayInAthens, type DraftAnswers } from './offers.service.js';
export { formatReference, parseReference, newReference, checkCharacter } from './offers.reference.js';
// Offers from an imported file (the imports module): the records submission writes, set-wise.
export { insertImportedOffers, type ImportedOffer, type ImportedOfferResult } from './offers.import.js';
export type { SectionIssues } from './offers.service.js';
export { COUNTRIES, LINE_FIELDS, type Issue, type OfferInput } from './offers.schemas.js';
export { offerMessages, type OfferMessageKey } from './offers.messages.js';
export { ANSWERS_SCHEMA_VERSION, parseContact, rawAnswers, CONTACT_FIELDS, type ContactDetails, type Issue as AnswerIssue } from './offers.schemas.js';
// How offers are found: the document written at submission, and the folding a query must share.
export { foldForSearch, transliterateGreek, searchWords, searchDocument, type SearchDocument, type SearchSource } from './offers.search.js';
export * from './offers.options.js';
export * from './offers.labels.js';
export {
  changeOfferStatus,
  availableTransitions,
  findTransition,
  mayApplyEvent,
  isOfferEvent,
  OfferTransitionError,
  TRANSITIONS,
  OFFER_EVENTS,
  OFFER_STATUSES,
  OPEN_STATUSES,
  type ChangeOfferStatus,
  type OfferEvent,
  type OfferStatus,
  type StatusChanged,
  type Transition,
  type TransitionActor,
  type TransitionProblem,
  type TransitionRole,
} from './offers.lifecycle.js';
// The answers as submitted, in the words of the form the person filled in (casework shows them).
export { organisationRows, contactRows, lineRows, consentRows } from './views/summary.js';
