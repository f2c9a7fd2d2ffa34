// The offeror's self-service link (PRODUCT.md: "views, updates or withdraws the offers through a
// link sent to their verified email. No password."): the "Manage my offer" pages under /manage,
// single-use expiring links, the short session a link opens, and what an offeror may change.
// It never sends email itself beyond queueing through platform/mail, and changes statuses only
// through the offers module's transition table.
export { issueSelfServiceLink } from './self-service.links.js';
export { selfServiceRoutes, SELF_SERVICE_COOKIE } from './self-service.routes.js';
export { selfServiceMessages } from './self-service.messages.js';
export { OfferorChangesSection } from './views/staff.js';
export { selfServiceChanges, openSession, purgeSelfServiceTokens, type SelfServiceChange, type SelfServiceChangeSet } from './self-service.service.js';


