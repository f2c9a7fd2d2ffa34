import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { STAFF_ROLES } from '../accounts/index.js';
import { OFFER_STATUSES } from '../offers/index.js';
import { caseAbilities } from './casework.policy.js';

const events = (role: (typeof STAFF_ROLES)[number], status: string) => caseAbilities(role, status).transitions.map((t) => t.event);

describe('what each role may do on an offer’s page', () => {
  test('an administrator and a coordinator see contact data and may do everything the status allows but allocate', () => {
    for (const role of ['administrator', 'coordinator'] as const) {
      const a = caseAbilities(role, 'submitted');
      assert.deepEqual(
        { viewContact: a.viewContact, changeStatus: a.changeStatus, recordContact: a.recordContact, addNote: a.addNote, manageDuplicates: a.manageDuplicates, confirmDuplicate: a.confirmDuplicate },
        { viewContact: true, changeStatus: true, recordContact: true, addNote: true, manageDuplicates: true, confirmDuplicate: true },
        role,
      );
      assert.deepEqual(events(role, 'submitted'), ['start_review', 'reject', 'withdraw', 'mark_duplicate', 'expire']);
      assert.deepEqual(events(role, 'verified'), ['reject', 'withdraw', 'mark_duplicate', 'expire'], 'allocate is the allocation use case’s');
      assert.deepEqual(events(role, 'allocated'), ['complete', 'withdraw', 'expire']);
      assert.deepEqual(events(role, 'rejected'), ['reopen']);
      assert.deepEqual(events(role, 'completed'), []);
    }
  });

  test('a regional coordinator may do the same except reopen', () => {
    const a = caseAbilities('regional_coordinator', 'in_review');
    assert.equal(a.viewContact, true);
    assert.equal(a.recordContact && a.addNote && a.manageDuplicates && a.confirmDuplicate, true);
    assert.deepEqual(events('regional_coordinator', 'in_review'), ['verify', 'reject', 'withdraw', 'mark_duplicate', 'expire']);
    for (const status of ['rejected', 'withdrawn', 'duplicate', 'expired']) assert.deepEqual(events('regional_coordinator', status), [], status);
  });

  test('a viewer reads without contact data and may do nothing, whatever the status', () => {
    for (const status of OFFER_STATUSES) {
      assert.deepEqual(caseAbilities('viewer', status), {
        viewContact: false,
        changeStatus: false,
        transitions: [],
        recordContact: false,
        addNote: false,
        manageDuplicates: false,
        confirmDuplicate: false,
      });
    }
  });

  test('a candidate can be confirmed only where the offer’s status allows marking it a duplicate', () => {
    for (const role of ['administrator', 'coordinator', 'regional_coordinator'] as const) {
      assert.equal(caseAbilities(role, 'verified').confirmDuplicate, true, role);
      assert.equal(caseAbilities(role, 'allocated').confirmDuplicate, false, role);
      assert.equal(caseAbilities(role, 'duplicate').confirmDuplicate, false, role);
      assert.equal(caseAbilities(role, 'allocated').manageDuplicates, true, 'dismissing stays possible');
    }
  });

  test('every role is covered', () => {
    assert.deepEqual([...STAFF_ROLES].sort(), ['administrator', 'coordinator', 'regional_coordinator', 'viewer']);
  });
});
