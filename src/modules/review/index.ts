// Offer review in the back office: for now the read-only list of offers with their lines.
// It reads offers, organisations and offer lines; it never changes them (status changes will go
// through the offers module's transition table).
export { reviewRoutes } from './review.routes.js';
export { listOffers, PAGE_SIZE, type OfferListItem, type OfferListPage, type OfferLineSummary } from './review.service.js';
