import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { engines, testDatabase, type TestDatabase } from '../../../test/support/database.js';
import { insertOffer } from '../../../test/support/factories.js';
import { AppError } from '../../platform/http/errors.js';
import type { StaffRole } from '../accounts/index.js';
import {
  availableTransitions,
  changeOfferStatus,
  findTransition,
  mayApplyEvent,
  OFFER_STATUSES,
  OfferTransitionError,
  TRANSITIONS,
  type OfferEvent,
  type TransitionRole,
} from './offers.lifecycle.js';

// What each role may do from each status, written out by hand from PRODUCT.md «Offer statuses»
// so that a change to the table shows up here as a failing line, not as a silently new rule.
const CASEWORK: Record<string, OfferEvent[]> = {
  submitted: ['start_review', 'reject', 'withdraw', 'mark_duplicate', 'expire'],
  in_review: ['verify', 'reject', 'withdraw', 'mark_duplicate', 'expire'],
  verified: ['allocate', 'reject', 'withdraw', 'mark_duplicate', 'expire'],
  // issue 6: release_allocations, applied by the needs module when the last allocation is released
  allocated: ['release_allocations', 'complete', 'withdraw', 'expire'],
  completed: [],
  rejected: ['reopen'],
  withdrawn: ['reopen'],
  duplicate: ['reopen'],
  expired: ['reopen'],
};
const withoutReopen = (m: Record<string, OfferEvent[]>) => Object.fromEntries(Object.entries(m).map(([k, v]) => [k, v.filter((e) => e !== 'reopen')]));
const only = (event: OfferEvent) => ({
  submitted: [event],
  in_review: [event],
  verified: [event],
  allocated: [event],
  completed: [],
  rejected: [],
  withdrawn: [],
  duplicate: [],
  expired: [],
});
const EXPECTED: Record<TransitionRole, Record<string, OfferEvent[]>> = {
  administrator: CASEWORK,
  coordinator: CASEWORK,
  // "The same, only for the regions assigned to them", but undoing decisions is a supervisor's.
  regional_coordinator: withoutReopen(CASEWORK),
  viewer: Object.fromEntries(OFFER_STATUSES.map((s) => [s, []])),
  // release_allocations: when their withdrawal of a line frees the offer's last allocation
  offeror: { ...only('withdraw'), verified: ['withdraw', 'amend'], allocated: ['release_allocations', 'withdraw'] },
  system: only('expire'),
};

describe('the offer transition table', () => {
  for (const [role, byStatus] of Object.entries(EXPECTED) as [TransitionRole, Record<string, OfferEvent[]>][]) {
    test(`a ${role} may apply exactly the expected events from each status`, () => {
      for (const status of OFFER_STATUSES) {
        assert.deepEqual(
          availableTransitions(status, role).map((t) => t.event),
          byStatus[status],
          `${role} from ${status}`,
        );
      }
    });
  }

  test('each event leads where PRODUCT.md says', () => {
    const to = (from: string, event: OfferEvent) => findTransition(from, event)?.to;
    assert.equal(to('submitted', 'start_review'), 'in_review');
    assert.equal(to('in_review', 'verify'), 'verified');
    assert.equal(to('verified', 'allocate'), 'allocated');
    assert.equal(to('allocated', 'complete'), 'completed');
    assert.equal(to('allocated', 'release_allocations'), 'verified');
    for (const from of ['submitted', 'in_review', 'verified']) {
      assert.equal(to(from, 'reject'), 'rejected');
      assert.equal(to(from, 'mark_duplicate'), 'duplicate');
    }
    for (const from of ['submitted', 'in_review', 'verified', 'allocated']) {
      assert.equal(to(from, 'withdraw'), 'withdrawn');
      assert.equal(to(from, 'expire'), 'expired');
    }
    for (const from of ['rejected', 'duplicate', 'withdrawn', 'expired']) assert.equal(to(from, 'reopen'), 'in_review');
    assert.equal(to('completed', 'reopen'), undefined, 'completed is final');
    assert.equal(to('allocated', 'reject'), undefined);
    assert.equal(to('submitted', 'verify'), undefined, 'no skipping the review');
  });

  test('reject, withdraw, mark_duplicate and reopen need a reason; the others do not', () => {
    const needing = [...new Set(TRANSITIONS.filter((t) => t.reasonRequired).map((t) => t.event))].sort();
    assert.deepEqual(needing, ['mark_duplicate', 'reject', 'reopen', 'withdraw']);
  });

  test('every row has a distinct (from, event) and an audit action', () => {
    const keys = TRANSITIONS.map((t) => `${t.from}:${t.event}`);
    assert.equal(new Set(keys).size, keys.length);
    for (const t of TRANSITIONS) assert.match(t.audit, /^offer\.[a-z_]+$/);
  });

  test('a viewer may apply no event at all; an offeror only withdraw; the system only expire', () => {
    for (const e of ['start_review', 'verify', 'allocate', 'complete', 'reject', 'withdraw', 'mark_duplicate', 'expire', 'reopen'] as const) {
      assert.equal(mayApplyEvent('viewer', e), false, e);
      assert.equal(mayApplyEvent('offeror', e), e === 'withdraw', e);
      assert.equal(mayApplyEvent('system', e), e === 'expire', e);
    }
  });
});

for (const engine of engines()) {
  describe(`changeOfferStatus on ${engine}`, () => {
    let database: TestDatabase;
    before(async () => {
      database = await testDatabase(engine);
    });
    after(() => database?.close());

    const staff = (role: StaffRole) => ({ kind: 'staff' as const, id: randomUUID(), role });
    const at = new Date('2026-04-02T09:30:00Z');
    const read = (id: string) => database.db.selectFrom('offers').select(['status', 'version', 'duplicate_of_offer_id', 'updated_at']).where('id', '=', id).executeTakeFirstOrThrow();
    const changes = (id: string) => database.db.selectFrom('offer_status_changes').selectAll().where('offer_id', '=', id).orderBy('id').execute();
    const audits = (id: string) => database.db.selectFrom('audit_events').selectAll().where('entity_id', '=', id).orderBy('id').execute();

    async function refused(promise: Promise<unknown>): Promise<AppError> {
      try {
        await promise;
      } catch (err) {
        assert.ok(err instanceof AppError, `expected an AppError, got ${String(err)}`);
        return err;
      }
      assert.fail('expected the change to be refused');
    }

    test('applies an event: status, version, history row and audit event, in the caller’s transaction', async () => {
      const offer = await insertOffer(database.db);
      const actor = staff('coordinator');
      const result = await database.db.transaction().execute((trx) =>
        changeOfferStatus(trx, { offerId: offer.id, event: 'start_review', expectedVersion: 1, actor, at }),
      );
      assert.deepEqual({ from: result.from, to: result.to, version: result.version }, { from: 'submitted', to: 'in_review', version: 2 });
      const row = await read(offer.id);
      assert.equal(row.status, 'in_review');
      assert.equal(row.version, 2);
      assert.equal(row.updated_at.toISOString(), at.toISOString());
      const [change] = await changes(offer.id);
      assert.equal(change?.event, 'start_review');
      assert.equal(change?.from_status, 'submitted');
      assert.equal(change?.to_status, 'in_review');
      assert.equal(change?.actor_kind, 'staff');
      assert.equal(change?.actor_id, actor.id);
      const [event] = await audits(offer.id);
      assert.equal(event?.action, 'offer.review_started');
      assert.equal(event?.actor_id, actor.id);
      assert.deepEqual(event?.details, { reference: offer.reference, event: 'start_review', from: 'submitted', to: 'in_review', version: 2 });
    });

    test('a rolled-back caller leaves neither the change nor its audit event', async () => {
      const offer = await insertOffer(database.db);
      await assert.rejects(
        database.db.transaction().execute(async (trx) => {
          await changeOfferStatus(trx, { offerId: offer.id, event: 'start_review', expectedVersion: 1, actor: staff('coordinator'), at });
          throw new Error('the caller fails after the change');
        }),
        /the caller fails/,
      );
      assert.equal((await read(offer.id)).status, 'submitted');
      assert.equal((await changes(offer.id)).length, 0);
      assert.equal((await audits(offer.id)).length, 0);
    });

    test('a stale version is a conflict and nothing is written', async () => {
      const offer = await insertOffer(database.db, { offer: { status: 'in_review', version: 3 } });
      const err = await refused(changeOfferStatus(database.db, { offerId: offer.id, event: 'reject', expectedVersion: 2, actor: staff('coordinator'), reason: 'Not available', at }));
      assert.equal(err.code, 'conflict');
      const row = await read(offer.id);
      assert.deepEqual([row.status, row.version], ['in_review', 3]);
      assert.equal((await changes(offer.id)).length, 0);
      assert.equal((await audits(offer.id)).length, 0);
    });

    test('a transition the table lacks is refused with a stable error, even at the right version', async () => {
      const offer = await insertOffer(database.db);
      const err = await refused(changeOfferStatus(database.db, { offerId: offer.id, event: 'verify', expectedVersion: 1, actor: staff('administrator'), at }));
      assert.ok(err instanceof OfferTransitionError);
      assert.equal(err.problem, 'invalid_transition');
      assert.equal(err.code, 'conflict');
      assert.equal((await read(offer.id)).status, 'submitted');
    });

    test('roles: a viewer is forbidden any event, a regional coordinator may not reopen', async () => {
      const offer = await insertOffer(database.db, { offer: { status: 'rejected' } });
      assert.equal((await refused(changeOfferStatus(database.db, { offerId: offer.id, event: 'reopen', expectedVersion: 1, actor: staff('viewer'), reason: 'x', at }))).code, 'forbidden');
      assert.equal(
        (await refused(changeOfferStatus(database.db, { offerId: offer.id, event: 'reopen', expectedVersion: 1, actor: staff('regional_coordinator'), reason: 'x', at }))).code,
        'forbidden',
      );
      const fresh = await insertOffer(database.db);
      assert.equal((await refused(changeOfferStatus(database.db, { offerId: fresh.id, event: 'start_review', expectedVersion: 1, actor: staff('viewer'), at }))).code, 'forbidden');
      assert.equal((await read(offer.id)).status, 'rejected');
      assert.equal((await read(fresh.id)).status, 'submitted');
    });

    test('reject, withdraw and reopen need a reason; the reason is kept in the history and the audit event', async () => {
      const offer = await insertOffer(database.db);
      const noReason = await refused(changeOfferStatus(database.db, { offerId: offer.id, event: 'reject', expectedVersion: 1, actor: staff('coordinator'), reason: '   ', at }));
      assert.ok(noReason instanceof OfferTransitionError && noReason.problem === 'reason_required');
      await changeOfferStatus(database.db, { offerId: offer.id, event: 'withdraw', expectedVersion: 1, actor: staff('coordinator'), reason: 'The offeror called: the flat is let.', at });
      await changeOfferStatus(database.db, { offerId: offer.id, event: 'reopen', expectedVersion: 2, actor: staff('administrator'), reason: 'They called back.', at });
      assert.deepEqual(
        (await changes(offer.id)).map((c) => [c.event, c.to_status, c.reason]),
        [
          ['withdraw', 'withdrawn', 'The offeror called: the flat is let.'],
          ['reopen', 'in_review', 'They called back.'],
        ],
      );
      assert.deepEqual(
        (await audits(offer.id)).map((a) => [a.action, a.reason]),
        [
          ['offer.withdrawn', 'The offeror called: the flat is let.'],
          ['offer.reopened', 'They called back.'],
        ],
      );
    });

    test('mark_duplicate names the original; not itself, not another duplicate; reopening clears the link', async () => {
      const original = await insertOffer(database.db);
      const copy = await insertOffer(database.db);
      const actor = staff('coordinator');
      const change = (over: Partial<Parameters<typeof changeOfferStatus>[1]>) =>
        changeOfferStatus(database.db, { offerId: copy.id, event: 'mark_duplicate', expectedVersion: 1, actor, reason: 'Same flat', at, ...over });
      assert.equal(((await refused(change({ duplicateOf: null }))) as OfferTransitionError).problem, 'duplicate_of_required');
      assert.equal(((await refused(change({ duplicateOf: copy.id }))) as OfferTransitionError).problem, 'duplicate_of_invalid');
      const third = await insertOffer(database.db, { offer: { status: 'duplicate' } });
      assert.equal(((await refused(change({ duplicateOf: third.id }))) as OfferTransitionError).problem, 'duplicate_of_invalid');

      await change({ duplicateOf: original.id });
      const marked = await read(copy.id);
      assert.deepEqual([marked.status, marked.duplicate_of_offer_id, marked.version], ['duplicate', original.id, 2]);
      const [history] = await changes(copy.id);
      assert.equal(history?.duplicate_of_offer_id, original.id);
      const [event] = await audits(copy.id);
      assert.equal((event?.details as { duplicate_of?: string }).duplicate_of, original.reference);

      await changeOfferStatus(database.db, { offerId: copy.id, event: 'reopen', expectedVersion: 2, actor, reason: 'Two different flats', at });
      const reopened = await read(copy.id);
      assert.equal(reopened.status, 'in_review');
      assert.equal(reopened.duplicate_of_offer_id, null);
    });

    test('the system may expire an offer and the offeror may withdraw theirs, with no staff id', async () => {
      const a = await insertOffer(database.db, { offer: { status: 'allocated' } });
      await changeOfferStatus(database.db, { offerId: a.id, event: 'expire', expectedVersion: 1, actor: { kind: 'system' }, at });
      const b = await insertOffer(database.db, { offer: { status: 'verified' } });
      await changeOfferStatus(database.db, { offerId: b.id, event: 'withdraw', expectedVersion: 1, actor: { kind: 'offeror', id: null }, reason: 'Changed my mind', at });
      assert.equal((await read(a.id)).status, 'expired');
      assert.equal((await read(b.id)).status, 'withdrawn');
      assert.deepEqual((await audits(a.id)).map((e) => [e.actor_kind, e.actor_id, e.action]), [['system', null, 'offer.expired']]);
      assert.deepEqual((await audits(b.id)).map((e) => [e.actor_kind, e.actor_id, e.action]), [['offeror', null, 'offer.withdrawn']]);
      assert.equal((await refused(changeOfferStatus(database.db, { offerId: a.id, event: 'reopen', expectedVersion: 2, actor: { kind: 'system' }, reason: 'x', at }))).code, 'forbidden');
    });

    test('an unknown offer is not found', async () => {
      assert.equal((await refused(changeOfferStatus(database.db, { offerId: randomUUID(), event: 'verify', expectedVersion: 1, actor: staff('coordinator'), at }))).code, 'not_found');
    });
  });
}
