// Offer review in the back office: the review queue — offers filtered, searched, sorted and
// counted by status within the staff member's regions. It reads offers, organisations and offer
// lines; it never changes them (statuses change through the offers module's transition table).
export { reviewRoutes } from './review.routes.js';
export {
  listOffers,
  queueCondition,
  PAGE_SIZE,
  COUNT_LIMIT,
  type CappedCount,
  type OfferListItem,
  type OfferListPage,
  type OfferLineSummary,
  type StatusCount,
} from './review.service.js';
export { parseSearch, type SearchTerms } from './review.search.js';
// The queue's filters as a query string, for modules that act on the queue's current selection (exports).
export { parseQueueQuery, FILTER_PARAMS, type QueueFilters, type FilterIssue, type FilterParam } from './review.schemas.js';
export { queueHref } from './views/offers.js';
