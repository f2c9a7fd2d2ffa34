// Who may do what in the back office: pure functions, no I/O, unit-tested role by role
// (HOUSE-STYLE.md rule 7). Routes enforce them on the server; menus only mirror them.

/** Staff roles (PRODUCT.md, «Who uses it»); the same list as the CHECK on staff_accounts.role. */
export const STAFF_ROLES = ['administrator', 'coordinator', 'regional_coordinator', 'viewer'] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];

/** What a staff member can ask to do, as `<resource>.<verb>`. Grows with the back office. */
export const STAFF_ACTIONS = ['offers.list', 'offers.view'] as const;
export type StaffAction = (typeof STAFF_ACTIONS)[number];

// Reading offers is every role's starting point: the viewer reads, coordinators review, the
// administrator supervises. Personal contact data is kept out of these views, not out of the role.
const grants: Record<StaffAction, readonly StaffRole[]> = {
  'offers.list': ['administrator', 'coordinator', 'regional_coordinator', 'viewer'],
  'offers.view': ['administrator', 'coordinator', 'regional_coordinator', 'viewer'],
};

/**
 * Whether `role` may perform `action`.
 * @param role the signed-in staff member's role, or null/undefined for an anonymous request
 *   (always refused).
 */
export function can(role: StaffRole | null | undefined, action: StaffAction): boolean {
  if (!role) return false;
  return grants[action].includes(role);
}

/**
 * Which offers a staff member may see: all of them, or only those with a line in one of the
 * listed regions (ISO 3166-2:GR codes).
 */
export type OfferScope = { regions: 'all' } | { regions: readonly string[] };

/**
 * The offers `member` may see. A regional coordinator sees only their regions (PRODUCT.md:
 * "Nothing outside them is visible"). Region assignments arrive with account management; until
 * then `regions` is empty and a regional coordinator sees nothing, which fails closed.
 */
export function offerScope(member: { role: StaffRole; regions: readonly string[] }): OfferScope {
  return member.role === 'regional_coordinator' ? { regions: member.regions } : { regions: 'all' };
}
