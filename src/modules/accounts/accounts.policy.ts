// Who may do what in the back office: pure functions, no I/O, unit-tested role by role
// (HOUSE-STYLE.md rule 7). Routes enforce them on the server; menus only mirror them.

/** Staff roles (PRODUCT.md, «Who uses it»); the same list as the CHECK on staff_accounts.role. */
export const STAFF_ROLES = ['administrator', 'coordinator', 'regional_coordinator', 'viewer'] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];

/** What a staff member can ask to do, as `<resource>.<verb>`. Grows with the back office. */
export const STAFF_ACTIONS = [
  'offers.list',
  'offers.view',
  'offers.view_contact',
  'offers.change_status',
  'offers.record_contact',
  'offers.add_note',
  'offers.manage_duplicates',
  'offers.export',
  'offers.import',
  'needs.view',
  'needs.manage',
  'allocations.manage',
  'dashboard.view',
  'settings.manage',
  'staff.manage',
  'audit.view',
] as const;
export type StaffAction = (typeof STAFF_ACTIONS)[number];

// Reading offers is every role's starting point: the viewer reads, coordinators review, the
// administrator supervises. Personal contact data is kept out of these views, not out of the role.
const grants: Record<StaffAction, readonly StaffRole[]> = {
  'offers.list': ['administrator', 'coordinator', 'regional_coordinator', 'viewer'],
  'offers.view': ['administrator', 'coordinator', 'regional_coordinator', 'viewer'],
  // PRODUCT.md: the viewer "reads and exports without personal contact data".
  'offers.view_contact': ['administrator', 'coordinator', 'regional_coordinator'],
  // Changing data is the coordinators' work; the administrator may step in. These are also the
  // roles that must use a second factor (accounts.service `requiresTotp`).
  'offers.change_status': ['administrator', 'coordinator', 'regional_coordinator'],
  'offers.record_contact': ['administrator', 'coordinator', 'regional_coordinator'],
  'offers.add_note': ['administrator', 'coordinator', 'regional_coordinator'],
  'offers.manage_duplicates': ['administrator', 'coordinator', 'regional_coordinator'],
  // PRODUCT.md: the viewer "reads and exports without personal contact data"; every role exports
  // within its scope, and the export leaves contact data out for roles without offers.view_contact.
  'offers.export': ['administrator', 'coordinator', 'regional_coordinator', 'viewer'],
  // Bulk import creates offers for the whole country: a national coordinator's or administrator's job.
  'offers.import': ['administrator', 'coordinator'],
  // Needs, matching and allocation (issue 6): everyone reads needs; the caseworkers record them
  // and give offers out, a regional coordinator only within their regions.
  'needs.view': ['administrator', 'coordinator', 'regional_coordinator', 'viewer'],
  'needs.manage': ['administrator', 'coordinator', 'regional_coordinator'],
  'allocations.manage': ['administrator', 'coordinator', 'regional_coordinator'],
  // The dashboard's totals are what coordinators report upwards; every role reads them in its scope.
  'dashboard.view': ['administrator', 'coordinator', 'regional_coordinator', 'viewer'],
  // Service-wide settings (e.g. expiring unconfirmed offers automatically, issue 4) are the administrator's.
  'settings.manage': ['administrator'],
  // PRODUCT.md: the administrator "manages staff accounts, roles, regions"; issue 3: "administrators browse" the audit.
  'staff.manage': ['administrator'],
  'audit.view': ['administrator'],
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
 * "Nothing outside them is visible"), as assigned by an administrator (staff_account_regions,
 * read afresh on every request). With no region assigned a regional coordinator sees nothing,
 * which fails closed; account management refuses to save one without a region.
 */
export function offerScope(member: { role: StaffRole; regions: readonly string[] }): OfferScope {
  return member.role === 'regional_coordinator' ? { regions: member.regions } : { regions: 'all' };
}

/**
 * Whether `role` must sign in with a TOTP second factor. The rule: "required for every
 * role that can change data"; a viewer only reads, so for them it is optional (though once a
 * viewer enrols, their sign-in asks for it too).
 */
export function secondFactorRequired(role: StaffRole): boolean {
  return role !== 'viewer';
}
