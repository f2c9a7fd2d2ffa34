// The public offer journey (form, drafts, submission) and the offer records it creates.
// It owns the drafts, organisations, offers, offer_lines and offer_answer_versions tables;
// other modules read offers through what this file exports, never through its repository.
export { offerRoutes, DRAFT_COOKIE } from './offers.routes.js';
export { submitOffer, validateDraft, purgeExpiredDrafts, todayInAthens, type DraftAnswers } from './offers.service.js';
export { formatReference, parseReference, newReference, checkCharacter } from './offers.reference.js';
export { ANSWERS_SCHEMA_VERSION } from './offers.schemas.js';
export * from './offers.options.js';
export * from './offers.labels.js';
