import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { can, offerScope, secondFactorRequired, STAFF_ACTIONS, STAFF_ROLES, type StaffAction, type StaffRole } from './accounts.policy.js';

describe('staff policy', () => {
  // Written out in full, not derived from the grants, so a changed grant fails here.
  const expected: Record<StaffRole, Record<StaffAction, boolean>> = {
    administrator: {
      'offers.list': true,
      'offers.view': true,
      'offers.view_contact': true,
      'offers.change_status': true,
      'offers.record_contact': true,
      'offers.add_note': true,
      'offers.manage_duplicates': true,
      'offers.export': true,
      'offers.import': true,
      'needs.view': true,
      'needs.manage': true,
      'allocations.manage': true,
      'dashboard.view': true,
      'settings.manage': true,
      'staff.manage': true,
      'audit.view': true,
    },
    coordinator: {
      'offers.list': true,
      'offers.view': true,
      'offers.view_contact': true,
      'offers.change_status': true,
      'offers.record_contact': true,
      'offers.add_note': true,
      'offers.manage_duplicates': true,
      'offers.export': true,
      'offers.import': true,
      'needs.view': true,
      'needs.manage': true,
      'allocations.manage': true,
      'dashboard.view': true,
      'settings.manage': false,
      'staff.manage': false,
      'audit.view': false,
    },
    regional_coordinator: {
      'offers.list': true,
      'offers.view': true,
      'offers.view_contact': true,
      'offers.change_status': true,
      'offers.record_contact': true,
      'offers.add_note': true,
      'offers.manage_duplicates': true,
      'offers.export': true,
      'offers.import': false,
      'needs.view': true,
      'needs.manage': true,
      'allocations.manage': true,
      'dashboard.view': true,
      'settings.manage': false,
      'staff.manage': false,
      'audit.view': false,
    },
    viewer: {
      'offers.list': true,
      'offers.view': true,
      'offers.view_contact': false,
      'offers.change_status': false,
      'offers.record_contact': false,
      'offers.add_note': false,
      'offers.manage_duplicates': false,
      'offers.export': true,
      'offers.import': false,
      'needs.view': true,
      'needs.manage': false,
      'allocations.manage': false,
      'dashboard.view': true,
      'settings.manage': false,
      'staff.manage': false,
      'audit.view': false,
    },
  };

  for (const role of STAFF_ROLES) {
    for (const action of STAFF_ACTIONS) {
      test(`a ${role} ${expected[role][action] ? 'may' : 'may not'} ${action}`, () => {
        assert.equal(can(role, action), expected[role][action]);
      });
    }
  }

  for (const action of STAFF_ACTIONS) {
    test(`an anonymous request may not ${action}`, () => {
      assert.equal(can(null, action), false);
      assert.equal(can(undefined, action), false);
    });
  }

  test('administrators, coordinators and viewers see offers from every region', () => {
    for (const role of ['administrator', 'coordinator', 'viewer'] as const) {
      assert.deepEqual(offerScope({ role, regions: ['GR-M'] }), { regions: 'all' });
    }
  });

  test('a regional coordinator sees only their regions, and nothing while none are assigned', () => {
    assert.deepEqual(offerScope({ role: 'regional_coordinator', regions: ['GR-M', 'GR-K'] }), { regions: ['GR-M', 'GR-K'] });
    assert.deepEqual(offerScope({ role: 'regional_coordinator', regions: [] }), { regions: [] });
  });

  test('every role that can change data must use a second factor; for a viewer it is optional', () => {
    assert.deepEqual(
      STAFF_ROLES.map((role) => [role, secondFactorRequired(role)]),
      [
        ['administrator', true],
        ['coordinator', true],
        ['regional_coordinator', true],
        ['viewer', false],
      ],
    );
    // The rule follows from the grants: whoever may change an offer must use TOTP.
    const changes: StaffAction[] = ['offers.change_status', 'offers.record_contact', 'offers.add_note', 'offers.manage_duplicates', 'staff.manage'];
    for (const role of STAFF_ROLES) {
      if (changes.some((action) => can(role, action))) assert.equal(secondFactorRequired(role), true, role);
    }
  });
});
