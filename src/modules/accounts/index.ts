// Staff accounts: the first administrator, signing in and out (password, then TOTP), sessions,
// passwords, administrators' staff management (/staff/accounts), region assignments, and the
// policy saying what each role may do. Other modules use requireStaff, staffChrome, StaffLayout,
// `can` and `offerScope` from here; they never read staff_accounts, staff_sessions or
// staff_account_regions themselves.
export { accountRoutes } from './accounts.routes.js';
export { ensureFirstAdministrator, hashPassword, type PendingStep, type StaffMember } from './accounts.service.js';
export { requireStaff, signedInStaff, staffChrome, STAFF_COOKIE, type StaffChrome } from './accounts.hooks.js';
export {
  can,
  offerScope,
  secondFactorRequired,
  STAFF_ACTIONS,
  STAFF_ROLES,
  type OfferScope,
  type StaffAction,
  type StaffRole,
} from './accounts.policy.js';
export { StaffLayout } from './views/staff-layout.js';
export { formatStaffTime } from './views/format.js';
