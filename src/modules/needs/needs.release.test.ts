// Allocations follow their offer (0014): withdrawing or expiring an allocated offer — by a
// coordinator, by the offeror through the self-service link, or by the availability cycle — and
// the offeror withdrawing one line release what was allocated of it, in the same transaction,
// with the needs' quantities and statuses following and each release audited and shown on the
// need's page. The offeror may not lower a line below what is allocated of it, and withdrawn
// lines are never matched. Over HTTP, on both engines.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { buildTestApp, testClock, type TestApp } from '../../../test/support/app.js';
import { TestAgent, csrfToken } from '../../../test/support/agent.js';
import { engines } from '../../../test/support/database.js';
import { insertOffer, type InsertedOffer, type LineOverrides } from '../../../test/support/factories.js';
import { signInAs, type StaffAgent } from '../../../test/support/staff.js';
import { runAvailabilityCycle } from '../availability/index.js';
import { issueSelfServiceLink } from '../self-service/index.js';

const APARTMENT = { kind: 'accommodation', category: 'apartment', rooms: 1, region_code: 'GR-M', municipality_code: '7101' } as const;

function needForm(quantity: number, startsOn = '2026-05-01'): Record<string, string> {
  const [y, m, d] = startsOn.split('-');
  return {
    kind: 'accommodation',
    category: 'apartment',
    quantity: String(quantity),
    region: 'GR-M',
    regional_unit: '',
    municipality: '7101',
    'starts_on-day': String(Number(d)),
    'starts_on-month': String(Number(m)),
    'starts_on-year': y!,
    priority: 'high',
  };
}

for (const engine of engines()) {
  describe(`allocations follow their offer (${engine})`, () => {
    let t: TestApp;
    let coordinator: StaffAgent;
    const clock = testClock(new Date('2026-04-20T09:00:00Z'));

    before(async () => {
      t = await buildTestApp(engine, { clock });
      coordinator = await signInAs(t.app, t.ctx, 'coordinator');
    });
    after(async () => t?.close());

    async function recordNeed(quantity: number, startsOn?: string): Promise<string> {
      const res = await coordinator.submit('/staff/needs/new', needForm(quantity, startsOn), '/staff/needs');
      assert.equal(res.statusCode, 303, res.body);
      return /\/staff\/needs\/(N-\d{5})/.exec(String(res.headers.location))![1]!;
    }
    function verifiedOffer(lines: LineOverrides[]): Promise<InsertedOffer> {
      return insertOffer(t.ctx.db, { offer: { status: 'verified' }, lines });
    }
    async function lineIds(offer: InsertedOffer): Promise<string[]> {
      return (await t.ctx.db.selectFrom('offer_lines').select('id').where('offer_id', '=', offer.id).orderBy('position').execute()).map((r) => r.id);
    }
    async function allocate(needRef: string, lineId: string, quantity: number): Promise<void> {
      const res = await coordinator.submit(`/staff/needs/${needRef}`, { line: lineId, [`quantity-${lineId}`]: String(quantity) }, `/staff/needs/${needRef}/allocations`);
      assert.equal(res.statusCode, 303, res.body);
    }
    async function need(ref: string) {
      const row = await t.ctx.db.selectFrom('needs').select(['id', 'status', 'allocated_quantity']).where('reference', '=', ref).executeTakeFirstOrThrow();
      return { id: row.id, status: row.status, allocated: Number(row.allocated_quantity) };
    }
    async function offerOf(offer: InsertedOffer) {
      return t.ctx.db.selectFrom('offers').select(['status', 'version']).where('id', '=', offer.id).executeTakeFirstOrThrow();
    }
    async function linesOf(offer: InsertedOffer) {
      const rows = await t.ctx.db.selectFrom('offer_lines').select(['position', 'allocated_quantity']).where('offer_id', '=', offer.id).orderBy('position').execute();
      return rows.map((r) => [r.position, Number(r.allocated_quantity)]);
    }
    async function allocationsOf(offer: InsertedOffer) {
      return t.ctx.db
        .selectFrom('allocations')
        .select(['id', 'status', 'released_by', 'released_by_kind', 'release_cause', 'release_reason', 'quantity'])
        .where('offer_id', '=', offer.id)
        .orderBy('created_at')
        .orderBy('quantity')
        .execute();
    }
    async function releaseAudits(allocationIds: string[]) {
      if (allocationIds.length === 0) return [];
      return t.ctx.db
        .selectFrom('audit_events')
        .select(['actor_kind', 'actor_id', 'reason', 'details'])
        .where('action', '=', 'allocation.released')
        .where('entity_id', 'in', allocationIds)
        .execute();
    }
    /** Signs a new agent in as the offeror of `offer` through a freshly issued link. */
    async function offeror(offer: InsertedOffer): Promise<TestAgent> {
      const agent = new TestAgent(t.app);
      const url = await t.ctx.db.transaction().execute((trx) => issueSelfServiceLink(trx, t.ctx, { email: offer.organisation.contactEmail, lang: 'en' }));
      const res = await agent.submit(new URL(url).pathname, {});
      assert.equal(res.statusCode, 303, res.body);
      return agent;
    }

    test('a coordinator withdrawing an allocated offer releases its allocations: the need is open again, audited, shown on its page', async () => {
      const needRef = await recordNeed(10);
      const offer = await verifiedOffer([{ ...APARTMENT, places: 10 }]);
      const [lineId] = await lineIds(offer);
      await allocate(needRef, lineId!, 10);
      assert.deepEqual(await need(needRef), { id: (await need(needRef)).id, status: 'met', allocated: 10 });
      const before = await offerOf(offer);
      assert.equal(before.status, 'allocated');

      const casePage = await coordinator.get(`/staff/offers/${offer.reference}?lang=en`);
      assert.match(casePage.body, /Withdrawing or expiring it releases its allocations/);
      const res = await coordinator.submit(`/staff/offers/${offer.reference}`, { event: 'withdraw', reason: 'The offeror phoned: the flat is let.', version: String(before.version) }, `/staff/offers/${offer.reference}/status`);
      assert.equal(res.statusCode, 303, res.body);
      assert.equal((await offerOf(offer)).status, 'withdrawn');
      const n = await need(needRef);
      assert.equal(n.status, 'open');
      assert.equal(n.allocated, 0);
      assert.deepEqual(await linesOf(offer), [[1, 0]]);
      const [a] = await allocationsOf(offer);
      assert.equal(a!.status, 'released');
      assert.equal(a!.released_by, coordinator.account.id);
      assert.equal(a!.released_by_kind, 'staff');
      assert.equal(a!.release_cause, 'offer_withdrawn');
      assert.equal(a!.release_reason, 'The offeror phoned: the flat is let.');
      const audits = await releaseAudits([a!.id]);
      assert.equal(audits.length, 1);
      assert.equal(audits[0]!.actor_kind, 'staff');
      assert.equal(audits[0]!.actor_id, coordinator.account.id);
      assert.equal(audits[0]!.reason, 'The offeror phoned: the flat is let.');
      assert.deepEqual(
        { ...(audits[0]!.details as Record<string, unknown>), line_allocated: undefined, need_allocated: undefined },
        { need: needRef, offer: offer.reference, line: 1, quantity: '10.00', cause: 'offer_withdrawn', need_status: 'open', line_allocated: undefined, need_allocated: undefined },
      );
      // Coordinators see it on the need's page, in English and Greek, and the offer is matched no more.
      const page = await coordinator.get(`/staff/needs/${needRef}?lang=en`);
      assert.match(page.body, /because the offer was withdrawn on the offeror’s word: The offeror phoned: the flat is let\./);
      assert.doesNotMatch(page.body, new RegExp(`name="line" value="${lineId}"`));
      const greek = await coordinator.get(`/staff/needs/${needRef}?lang=el`);
      assert.match(greek.body, /επειδή η προσφορά αποσύρθηκε με εντολή του προσφέροντα/);
      // and on the offer's casework page, under its line
      const offerPage = await coordinator.get(`/staff/offers/${offer.reference}?lang=en`);
      assert.match(offerPage.body, /because the offer was withdrawn on the offeror’s word/);
    });

    test('a coordinator marking an allocated offer expired, with no reason, releases it with the cause alone', async () => {
      const needRef = await recordNeed(3);
      const offer = await verifiedOffer([{ ...APARTMENT, places: 3 }]);
      await allocate(needRef, (await lineIds(offer))[0]!, 3);
      const before = await offerOf(offer);
      const res = await coordinator.submit(`/staff/offers/${offer.reference}`, { event: 'expire', reason: '', version: String(before.version) }, `/staff/offers/${offer.reference}/status`);
      assert.equal(res.statusCode, 303, res.body);
      assert.equal((await offerOf(offer)).status, 'expired');
      assert.deepEqual([(await need(needRef)).status, (await need(needRef)).allocated], ['open', 0]);
      const [a] = await allocationsOf(offer);
      assert.deepEqual([a!.status, a!.release_cause, a!.released_by_kind, a!.release_reason], ['released', 'offer_expired', 'staff', null]);
      const audits = await releaseAudits([a!.id]);
      assert.deepEqual(audits.map((e) => [e.actor_kind, e.actor_id, e.reason]), [['staff', coordinator.account.id, null]]);
      const page = await coordinator.get(`/staff/needs/${needRef}?lang=en`);
      assert.match(page.body, /because the offer was marked as expired ·/);
    });

    test('the offeror withdrawing their allocated offer through the link releases it; the other offer’s allocation stands', async () => {
      const needRef = await recordNeed(10);
      const mine = await verifiedOffer([{ ...APARTMENT, places: 6 }]);
      const other = await verifiedOffer([{ ...APARTMENT, places: 4 }]);
      await allocate(needRef, (await lineIds(mine))[0]!, 6);
      await allocate(needRef, (await lineIds(other))[0]!, 4);
      assert.equal((await need(needRef)).status, 'met');

      const agent = await offeror(mine);
      const form = await agent.get(`/manage/offers/${mine.reference}/withdraw?lang=en`);
      assert.equal(form.statusCode, 200);
      const version = /name="version" value="(\d+)"/.exec(form.body)![1]!;
      const res = await agent.post(`/manage/offers/${mine.reference}/withdraw`, { _csrf: csrfToken(form.body), version, reason: 'We found a tenant' });
      assert.equal(res.statusCode, 303, res.body);
      assert.equal((await offerOf(mine)).status, 'withdrawn');
      const n = await need(needRef);
      assert.deepEqual([n.status, n.allocated], ['partly_met', 4]);
      const [released] = await allocationsOf(mine);
      assert.deepEqual(
        { status: released!.status, by: released!.released_by, kind: released!.released_by_kind, cause: released!.release_cause, reason: released!.release_reason },
        { status: 'released', by: null, kind: 'offeror', cause: 'offer_withdrawn', reason: 'We found a tenant' },
      );
      assert.deepEqual((await allocationsOf(other)).map((a) => a.status), ['active']);
      assert.equal((await offerOf(other)).status, 'allocated');
      const audits = await releaseAudits([released!.id]);
      assert.deepEqual(
        audits.map((e) => [e.actor_kind, e.actor_id, e.reason]),
        [['offeror', null, 'We found a tenant']],
      );
      const page = await coordinator.get(`/staff/needs/${needRef}?lang=en`);
      assert.match(page.body, /because the offeror withdrew the offer through their link: We found a tenant/);
    });

    test('the availability cycle expiring an allocated offer whose dates passed releases it, as the system', async () => {
      const needRef = await recordNeed(5, '2026-04-21');
      const offer = await verifiedOffer([{ ...APARTMENT, places: 5, available_from: '2026-04-01', available_until: '2026-04-25' }]);
      await allocate(needRef, (await lineIds(offer))[0]!, 5);
      assert.equal((await need(needRef)).status, 'met');
      assert.equal((await offerOf(offer)).status, 'allocated');

      clock.set(new Date('2026-04-27T09:00:00Z'));
      try {
        const errors: unknown[] = [];
        const report = await runAvailabilityCycle(t.ctx, (_id, err) => errors.push(err));
        assert.deepEqual(errors, []);
        assert.ok(report.expiredPastDates >= 1, JSON.stringify(report));
      } finally {
        clock.set(new Date('2026-04-20T09:00:00Z'));
      }
      assert.equal((await offerOf(offer)).status, 'expired');
      const n = await need(needRef);
      assert.deepEqual([n.status, n.allocated], ['open', 0]);
      assert.deepEqual(await linesOf(offer), [[1, 0]]);
      const [a] = await allocationsOf(offer);
      assert.deepEqual(
        { status: a!.status, by: a!.released_by, kind: a!.released_by_kind, cause: a!.release_cause },
        { status: 'released', by: null, kind: 'system', cause: 'offer_expired' },
      );
      assert.match(a!.release_reason ?? '', /availability passed/);
      assert.deepEqual((await releaseAudits([a!.id])).map((e) => [e.actor_kind, e.actor_id]), [['system', null]]);
      const page = await coordinator.get(`/staff/needs/${needRef}?lang=en`);
      assert.match(page.body, /because the offer expired \(its dates passed, or it was not re-confirmed\)/);
    });

    test('withdrawing one line releases only that line’s allocations; freeing the last one makes the offer verified again', async () => {
      const needRef = await recordNeed(10);
      const two = await verifiedOffer([
        { ...APARTMENT, places: 4 },
        { ...APARTMENT, places: 3 },
      ]);
      const [l1, l2] = await lineIds(two);
      await allocate(needRef, l1!, 4);
      await allocate(needRef, l2!, 3);
      assert.deepEqual([(await need(needRef)).status, (await need(needRef)).allocated], ['partly_met', 7]);

      const agent = await offeror(two);
      const form = await agent.get(`/manage/offers/${two.reference}/lines/2/withdraw?lang=en`);
      assert.equal(form.statusCode, 200);
      const version = /name="version" value="(\d+)"/.exec(form.body)![1]!;
      const res = await agent.post(`/manage/offers/${two.reference}/lines/2/withdraw`, { _csrf: csrfToken(form.body), version, reason: 'My cousin moved into the second flat' });
      assert.equal(res.statusCode, 303, res.body);
      assert.equal(res.headers.location, `/manage/offers/${two.reference}?notice=line_withdrawn_notice`);
      assert.deepEqual(await linesOf(two), [
        [1, 4],
        [2, 0],
      ]);
      const n = await need(needRef);
      assert.deepEqual([n.status, n.allocated], ['partly_met', 4]);
      const rows = await allocationsOf(two);
      assert.deepEqual(
        rows.map((a) => [Number(a.quantity), a.status, a.release_cause, a.released_by_kind]),
        [
          [3, 'released', 'line_withdrawn', 'offeror'],
          [4, 'active', null, null],
        ],
      );
      assert.equal((await offerOf(two)).status, 'allocated', 'line 1 is still allocated');
      const page = await coordinator.get(`/staff/needs/${needRef}?lang=en`);
      assert.match(page.body, /because the offeror withdrew this line through their link: My cousin moved into the second flat/);

      // An offer whose only allocated line is withdrawn, while another line stands, is verified help again.
      const mixed = await verifiedOffer([
        { ...APARTMENT, places: 2 },
        { kind: 'essential_items', category: 'hygiene', quantity: 100, unit: 'kits', region_code: 'GR-M', condition: 'new' },
      ]);
      await allocate(needRef, (await lineIds(mixed))[0]!, 2);
      assert.equal((await offerOf(mixed)).status, 'allocated');
      const agent2 = await offeror(mixed);
      const form2 = await agent2.get(`/manage/offers/${mixed.reference}/lines/1/withdraw?lang=en`);
      const version2 = /name="version" value="(\d+)"/.exec(form2.body)![1]!;
      const res2 = await agent2.post(`/manage/offers/${mixed.reference}/lines/1/withdraw`, { _csrf: csrfToken(form2.body), version: version2, reason: 'Not available after all' });
      assert.equal(res2.statusCode, 303, res2.body);
      assert.equal((await offerOf(mixed)).status, 'verified');
      const change = await t.ctx.db.selectFrom('offer_status_changes').select(['event', 'to_status', 'actor_kind', 'reason']).where('offer_id', '=', mixed.id).orderBy('occurred_at', 'desc').orderBy('id', 'desc').executeTakeFirstOrThrow();
      assert.deepEqual(change, { event: 'release_allocations', to_status: 'verified', actor_kind: 'offeror', reason: 'Not available after all' });
      assert.deepEqual([(await need(needRef)).allocated], [4]);
      // The page the offeror returns to still works, and the offer may be changed again (verified).
      assert.equal((await agent2.get(`/manage/offers/${mixed.reference}`)).statusCode, 200);
    });

    test('an offeror lowering a line below what is allocated gets 422 with the allocated amount and our contact, answers kept, nothing changed', async () => {
      // The link does not change allocated offers at all; a line of an offer being reviewed can
      // still carry an allocation (an offer reopened before releases followed withdrawals), and
      // the database's CHECK would refuse the write: the form must say why instead.
      const needRef = await recordNeed(5);
      const offer = await insertOffer(t.ctx.db, { offer: { status: 'in_review' }, lines: [{ ...APARTMENT, places: 5, available_from: '2026-05-01' }] });
      const [lineId] = await lineIds(offer);
      const n = await need(needRef);
      await t.ctx.db.transaction().execute(async (trx) => {
        await trx.insertInto('allocations').values({ need_id: n.id, offer_id: offer.id, offer_line_id: lineId!, quantity: '3', created_by: coordinator.account.id, created_at: clock.now() }).execute();
        await trx.updateTable('offer_lines').set({ allocated_quantity: '3' }).where('id', '=', lineId!).execute();
        await trx.updateTable('needs').set({ allocated_quantity: '3', status: 'partly_met' }).where('id', '=', n.id).execute();
      });
      const before = await offerOf(offer);
      const agent = await offeror(offer);
      const fields = (places: string) => ({ version: String(before.version), places, rooms: '1', 'available_from-day': '1', 'available_from-month': '5', 'available_from-year': '2026', 'available_until-day': '', 'available_until-month': '', 'available_until-year': '' });
      for (const [lang, text] of [
        ['en', /Coordinators have already allocated 3 of this to people who need it, so it cannot be less than 3\. To offer less, call us on .+ or write to .+@/],
        ['el', /Οι συντονιστές έχουν ήδη διαθέσει 3 από αυτά/],
        ['uk', /Координатори вже розподілили 3 з цього/],
      ] as const) {
        const form = await agent.get(`/manage/offers/${offer.reference}/lines/1?lang=${lang}`);
        assert.equal(form.statusCode, 200);
        const res = await agent.post(`/manage/offers/${offer.reference}/lines/1?lang=${lang}`, { _csrf: csrfToken(form.body), ...fields('2') });
        assert.equal(res.statusCode, 422, res.body.slice(0, 300));
        assert.match(res.body, /govgr-error-summary/);
        assert.match(res.body, text);
        assert.match(res.body, /name="places"[^>]*value="2"|value="2"[^>]*name="places"/);
      }
      const after = await offerOf(offer);
      assert.deepEqual(after, before);
      const line = await t.ctx.db.selectFrom('offer_lines').select(['places', 'allocated_quantity']).where('id', '=', lineId!).executeTakeFirstOrThrow();
      assert.deepEqual([line.places, Number(line.allocated_quantity)], [5, 3]);
      assert.equal((await t.ctx.db.selectFrom('offer_self_service_changes').select('id').where('offer_id', '=', offer.id).execute()).length, 0);
      // Down to exactly what is allocated is allowed.
      const form = await agent.get(`/manage/offers/${offer.reference}/lines/1?lang=en`);
      const ok = await agent.post(`/manage/offers/${offer.reference}/lines/1`, { _csrf: csrfToken(form.body), ...fields('3') });
      assert.equal(ok.statusCode, 303, ok.body.slice(0, 300));
      assert.equal((await t.ctx.db.selectFrom('offer_lines').select('places').where('id', '=', lineId!).executeTakeFirstOrThrow()).places, 3);
    });

    test('a line the offeror withdrew is neither matched to a need nor offered needs to serve', async () => {
      const needRef = await recordNeed(8);
      const offer = await verifiedOffer([
        { ...APARTMENT, places: 4 },
        { ...APARTMENT, places: 4 },
      ]);
      const [l1, l2] = await lineIds(offer);
      const before = await coordinator.get(`/staff/needs/${needRef}`);
      assert.match(before.body, new RegExp(`value="${l1}"`));
      assert.match(before.body, new RegExp(`value="${l2}"`));
      const servable = await coordinator.get(`/staff/offers/${offer.reference}/lines/2/needs?lang=en`);
      assert.match(servable.body, new RegExp(needRef));

      const agent = await offeror(offer);
      const form = await agent.get(`/manage/offers/${offer.reference}/lines/2/withdraw?lang=en`);
      const version = /name="version" value="(\d+)"/.exec(form.body)![1]!;
      assert.equal((await agent.post(`/manage/offers/${offer.reference}/lines/2/withdraw`, { _csrf: csrfToken(form.body), version, reason: 'Let to a student' })).statusCode, 303);

      const after = await coordinator.get(`/staff/needs/${needRef}`);
      assert.match(after.body, new RegExp(`value="${l1}"`), 'the line still offered is matched');
      assert.doesNotMatch(after.body, new RegExp(`value="${l2}"`), 'the withdrawn line is not');
      const none = await coordinator.get(`/staff/offers/${offer.reference}/lines/2/needs?lang=en`);
      assert.equal(none.statusCode, 200);
      assert.doesNotMatch(none.body, new RegExp(needRef));
      // and allocating it anyway is refused
      const refused = await coordinator.submit(`/staff/needs/${needRef}`, { line: l2!, [`quantity-${l2}`]: '1' }, `/staff/needs/${needRef}/allocations`);
      assert.equal(refused.statusCode, 422);
    });
  });
}
