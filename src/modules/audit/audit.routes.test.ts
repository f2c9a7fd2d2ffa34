import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { buildTestApp, type TestApp } from '../../../test/support/app.js';
import { assertExcludes, assertIncludes } from '../../../test/support/assertions.js';
import { engines } from '../../../test/support/database.js';
import { insertOffer } from '../../../test/support/factories.js';
import { signInAs, type StaffAgent } from '../../../test/support/staff.js';
import { formatReference } from '../offers/index.js';
import { recordAuditEvent, type AuditEvent } from './index.js';

/** The ids of the events on a page, in page order. */
function eventIds(html: string): string[] {
  return [...html.matchAll(/<tr class="govgr-table__row" id="event-(\d+)">/g)].map((m) => m[1]!);
}

function pageLink(html: string, label: string): string | null {
  const m = new RegExp(`<a class="govgr-link" href="([^"]+)"(?: rel="\\w+")?>${label}</a>`).exec(html);
  return m?.[1]?.replaceAll('&amp;', '&') ?? null;
}

async function record(t: TestApp, event: Omit<AuditEvent, 'at'> & { at: string }): Promise<string> {
  await t.ctx.db.transaction().execute((trx) => recordAuditEvent(trx, { ...event, at: new Date(event.at) }));
  const row = await t.ctx.db.selectFrom('audit_events').select('id').orderBy('id', 'desc').limit(1).executeTakeFirstOrThrow();
  return row.id;
}

for (const engine of engines()) {
  describe(`the audit browser (${engine})`, () => {
    let t: TestApp;
    let admin: StaffAgent;
    let coordinator: StaffAgent;
    before(async () => {
      t = await buildTestApp(engine);
      admin = await signInAs(t.app, t.ctx, 'administrator', { name: 'Άννα Διαχειρίστρια' });
      coordinator = await signInAs(t.app, t.ctx, 'coordinator', { name: 'Κώστας Συντονιστής' });
    });
    after(() => t.close());

    test('only administrators open it; other roles get 403 and anonymous visitors the sign-in page', async () => {
      for (const agent of [coordinator, await signInAs(t.app, t.ctx, 'regional_coordinator'), await signInAs(t.app, t.ctx, 'viewer')]) {
        assert.equal((await agent.get('/staff/audit')).statusCode, 403, agent.account.role);
        assertExcludes((await agent.get('/staff/offers')).body, 'href="/staff/audit"', `${agent.account.role}: no menu link`);
      }
      const anonymous = await t.app.inject({ method: 'GET', url: '/staff/audit' });
      assert.equal(anonymous.statusCode, 302);
      assert.equal(anonymous.headers.location, '/staff/sign-in');
      const page = await admin.get('/staff/audit');
      assert.equal(page.statusCode, 200);
      assertIncludes(page.body, 'href="/staff/audit"', 'the administrator’s menu links to it');
    });

    test('shows when (Greek time), who, the action, the record, the reason and the details, escaped', async () => {
      const offer = await insertOffer(t.ctx.db);
      const id = await record(t, {
        actor: { kind: 'staff', id: coordinator.account.id },
        action: 'offer.rejected',
        entity: { type: 'offer', id: offer.id },
        reason: 'Δεν <b>απαντά</b> στο τηλέφωνο',
        details: { note: '<script>alert(1)</script>', attempts: 3 },
        at: '2026-07-01T09:00:00Z',
      });
      const page = await admin.get(`/staff/audit?entity=${offer.reference.toLowerCase()}`);
      assert.equal(page.statusCode, 200);
      assert.deepEqual(eventIds(page.body), [id], 'found by the offer reference, in any case');
      const row = new RegExp(`<tr class="govgr-table__row" id="event-${id}">([\\s\\S]*?)</tr>`).exec(page.body)![1]!;
      assertIncludes(row, '<time datetime="2026-07-01T09:00:00.000Z">01/07/2026, 12:00:00</time>', 'EEST, UTC+3');
      assertIncludes(row, 'Κώστας Συντονιστής');
      assertIncludes(row, coordinator.account.email);
      assertIncludes(row, '<code>offer.rejected</code>');
      assertIncludes(row, `href="/staff/offers/${offer.reference}">${formatReference(offer.reference)}</a>`);
      assertIncludes(row, 'Δεν &lt;b>απαντά&lt;/b> στο τηλέφωνο');
      assertIncludes(row, 'note: &lt;script>alert(1)&lt;/script>');
      assertIncludes(row, 'attempts: 3');
      assertExcludes(page.body, '<script>alert(1)</script>');
      const dashed = await admin.get(`/staff/audit?entity=${encodeURIComponent(formatReference(offer.reference))}`);
      assert.deepEqual(eventIds(dashed.body), [id], 'and as it is printed, with dashes');
      const byId = await admin.get(`/staff/audit?entity=${offer.id}`);
      assert.deepEqual(eventIds(byId.body), [id], 'or by the record id');
    });

    test('filters combine: who, action (whole or its beginning), kind of record, record and Greek calendar days', async () => {
      const target = 'b6c8f3c2-0000-4000-8000-000000000001';
      const other = 'b6c8f3c2-0000-4000-8000-000000000002';
      const ids = {
        // 27 March 2026 in Greece is 26 March 22:00 UTC to 27 March 22:00 UTC (EET, UTC+2).
        beforeDay: await record(t, { actor: { kind: 'staff', id: admin.account.id }, action: 'need.created', entity: { type: 'need', id: target }, at: '2026-03-26T21:59:59Z' }),
        startOfDay: await record(t, { actor: { kind: 'staff', id: admin.account.id }, action: 'need.created', entity: { type: 'need', id: target }, at: '2026-03-26T22:00:00Z' }),
        byCoordinator: await record(t, { actor: { kind: 'staff', id: coordinator.account.id }, action: 'need.updated', entity: { type: 'need', id: target }, at: '2026-03-27T10:00:00Z' }),
        otherRecord: await record(t, { actor: { kind: 'staff', id: admin.account.id }, action: 'need.updated', entity: { type: 'need', id: other }, at: '2026-03-27T11:00:00Z' }),
        system: await record(t, { actor: { kind: 'system' }, action: 'need.expired', entity: { type: 'need', id: target }, at: '2026-03-27T21:59:59Z' }),
        nextDay: await record(t, { actor: { kind: 'staff', id: admin.account.id }, action: 'need.updated', entity: { type: 'need', id: target }, at: '2026-03-27T22:00:00Z' }),
      };
      const ids_ = (q: string) => admin.get(`/staff/audit?${q}`).then((r) => {
        assert.equal(r.statusCode, 200, q);
        return eventIds(r.body);
      });
      const day = 'from-day=27&from-month=3&from-year=2026&to-day=27&to-month=3&to-year=2026';
      assert.deepEqual(await ids_(`entity_type=need&${day}`), [ids.system, ids.otherRecord, ids.byCoordinator, ids.startOfDay], 'one Greek day, both ends');
      assert.deepEqual(await ids_(`entity_type=need&entity=${target}&${day}`), [ids.system, ids.byCoordinator, ids.startOfDay]);
      assert.deepEqual(await ids_(`entity_type=need&actor=${admin.account.id}`), [ids.nextDay, ids.otherRecord, ids.startOfDay, ids.beforeDay]);
      assert.deepEqual(await ids_(`entity_type=need&actor=system`), [ids.system]);
      assert.deepEqual(await ids_(`action=need.updated`), [ids.nextDay, ids.otherRecord, ids.byCoordinator]);
      assert.deepEqual(await ids_(`action=need.`), [ids.nextDay, ids.system, ids.otherRecord, ids.byCoordinator, ids.startOfDay, ids.beforeDay]);
      assert.deepEqual(await ids_(`action=need.&actor=${admin.account.id}&entity=${target}&from-day=28&from-month=3&from-year=2026`), [ids.nextDay]);
      assert.deepEqual(await ids_(`action=need_`), [], 'an underscore is not a wildcard');

      const form = await admin.get(`/staff/audit?action=need.&actor=${admin.account.id}&from-day=27&from-month=3&from-year=2026`);
      assertIncludes(form.body, 'name="action" type="text" value="need."', 'the filters are shown again');
      assertIncludes(form.body, `<option value="${admin.account.id}" selected>`);
      assertIncludes(form.body, 'name="from-day" type="text" inputmode="numeric" maxlength="2" value="27"');
    });

    test('invalid filters come back with 422 and an error summary; a broken page link is a 400', async () => {
      const res = await admin.get('/staff/audit?lang=en&actor=somebody&action=Offer%20Verified&from-day=31&from-month=2&from-year=2026&to-day=1&to-month=1&to-year=2026');
      assert.equal(res.statusCode, 422);
      for (const text of ['href="#actor"', 'href="#action"', 'href="#from"', 'Enter a real date', 'Choose who from the list']) assertIncludes(res.body, text);
      assert.deepEqual(eventIds(res.body), [], 'nothing is searched');
      const order = await admin.get('/staff/audit?from-day=2&from-month=1&from-year=2026&to-day=1&to-month=1&to-year=2026');
      assert.equal(order.statusCode, 422);
      assertIncludes(order.body, 'href="#to"');
      for (const q of ['after=abc', 'before=-1', 'after=1&before=2', `after=${'9'.repeat(20)}`]) {
        assert.equal((await admin.get(`/staff/audit?${q}`)).statusCode, 400, q);
      }
    });

    test('pages of 50, newest first, by keyset, keeping the filters', async () => {
      const made: string[] = [];
      for (let i = 0; i < 120; i++) {
        made.push(
          await record(t, {
            actor: { kind: 'system' },
            action: 'retention.erased',
            entity: { type: 'draft', id: `draft-${i}` },
            at: new Date(Date.UTC(2026, 3, 1, 0, i)).toISOString(),
          }),
        );
      }
      const newestFirst = [...made].reverse();
      const first = await admin.get('/staff/audit?lang=en&action=retention.');
      assert.deepEqual(eventIds(first.body), newestFirst.slice(0, 50));
      assert.equal(pageLink(first.body, 'Newer events'), null);
      const olderHref = pageLink(first.body, 'Older events');
      assert.equal(olderHref, `/staff/audit?action=retention.&after=${newestFirst[49]}`);

      const second = await admin.get(olderHref!);
      assert.deepEqual(eventIds(second.body), newestFirst.slice(50, 100));
      const third = await admin.get(pageLink(second.body, 'Older events')!);
      assert.deepEqual(eventIds(third.body), newestFirst.slice(100));
      assert.equal(pageLink(third.body, 'Older events'), null, 'the oldest page has no older link');

      // Events written meanwhile do not shift the pages already reached.
      await record(t, { actor: { kind: 'system' }, action: 'retention.erased', entity: { type: 'draft', id: 'late' }, at: '2026-04-02T00:00:00Z' });
      const back = await admin.get(pageLink(third.body, 'Newer events')!);
      assert.deepEqual(eventIds(back.body), newestFirst.slice(50, 100));
      const top = await admin.get(pageLink(back.body, 'Newer events')!);
      assert.deepEqual(eventIds(top.body), newestFirst.slice(0, 50));
      assert.ok(pageLink(top.body, 'Newer events'), 'the late event is newer still');
    });
  });
}
