import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { can, offerScope, STAFF_ACTIONS, STAFF_ROLES, type StaffAction, type StaffRole } from './accounts.policy.js';

describe('staff policy', () => {
  const expected: Record<StaffRole, Record<StaffAction, boolean>> = {
    administrator: { 'offers.list': true, 'offers.view': true },
    coordinator: { 'offers.list': true, 'offers.view': true },
    regional_coordinator: { 'offers.list': true, 'offers.view': true },
    viewer: { 'offers.list': true, 'offers.view': true },
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
});
