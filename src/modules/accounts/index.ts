// Staff accounts: the first administrator, signing in and out, sessions, passwords, and the
// policy saying what each role may do. Other modules use requireStaff, staffChrome, StaffLayout
// and `can` from here; they never read staff_accounts or staff_sessions themselves.
export { accountRoutes } from './accounts.routes.js';
export { ensureFirstAdministrator, hashPassword, type StaffMember } from './accounts.service.js';
export { requireStaff, signedInStaff, staffChrome, STAFF_COOKIE, type StaffChrome } from './accounts.hooks.js';
export { can, offerScope, STAFF_ACTIONS, STAFF_ROLES, type OfferScope, type StaffAction, type StaffRole } from './accounts.policy.js';
export { StaffLayout } from './views/staff-layout.js';
