// The availability check cycle on both engines with a controllable clock: check → reminder →
// reminder → unconfirmed → expired when an administrator chose so; an answer restarts the cycle;
// offers whose end dates have all passed expire by themselves.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { buildTestApp, testClock, type TestApp } from '../../../test/support/app.js';
import { TestAgent, csrfToken } from '../../../test/support/agent.js';
import { engines } from '../../../test/support/database.js';
import { insertOffer } from '../../../test/support/factories.js';
import { assertIncludes } from '../../../test/support/assertions.js';
import { signInAs } from '../../../test/support/staff.js';
import { formatReference } from '../offers/index.js';
import { runAvailabilityCycle, setExpireUnconfirmed } from './index.js';

const DAY = 86_400_000;
const ANSWER_LINK = /\/manage\/availability\/([A-Za-z0-9_-]{43})\?answer=(\w+)/g;

for (const engine of engines()) {
  describe(`availability checks (${engine})`, () => {
    let t: TestApp;
    const start = new Date('2026-04-01T08:00:00Z');
    const clock = testClock(start);
    before(async () => {
      t = await buildTestApp(engine, { clock });
    });
    after(async () => t?.close());

    const mails = (offerId: string) =>
      t.ctx.db.selectFrom('email_outbox').select(['kind', 'recipient', 'subject', 'body_text', 'language']).where('offer_id', '=', offerId).orderBy('id').execute();
    const state = (offerId: string) =>
      t.ctx.db
        .selectFrom('offers')
        .select(['status', 'availability_check_sent_at', 'availability_reminders_sent', 'unconfirmed_at', 'availability_confirmed_at'])
        .where('id', '=', offerId)
        .executeTakeFirstOrThrow();
    /** Only this test's offers matter: others in the database may be due too. */
    const runAt = async (at: Date) => {
      clock.set(at);
      return runAvailabilityCycle(t.ctx);
    };
    const openEnded = [{ kind: 'money' as const, amount: '100.00', currency: 'EUR', frequency: 'monthly' }];

    test('no answer: a check after 30 days, two reminders a week apart, then the offer is flagged unconfirmed and, once an administrator chose so, expires', async () => {
      const t0 = new Date(clock.now().getTime());
      const offer = await insertOffer(t.ctx.db, { submittedAt: t0, offer: { status: 'verified' }, organisation: { preferred_language: 'uk' }, lines: openEnded });
      await runAt(new Date(t0.getTime() + 29 * DAY));
      assert.equal((await mails(offer.id)).length, 0, 'nothing before 30 days');

      await runAt(new Date(t0.getTime() + 30 * DAY));
      let sent = await mails(offer.id);
      assert.equal(sent.length, 1);
      assert.equal(sent[0]!.kind, 'availability_check');
      assert.equal(sent[0]!.recipient, offer.organisation.contactEmail);
      assert.equal(sent[0]!.language, 'uk');
      assert.match(sent[0]!.subject, /Чи ваша пропозиція ще чинна\?/);
      const answers = [...sent[0]!.body_text.matchAll(ANSWER_LINK)].map((m) => m[2]);
      assert.deepEqual(answers, ['still_available', 'changed', 'no_longer_available']);

      // The same instant again: idempotent.
      await runAt(new Date(t0.getTime() + 30 * DAY));
      assert.equal((await mails(offer.id)).length, 1);

      await runAt(new Date(t0.getTime() + 36 * DAY));
      assert.equal((await mails(offer.id)).length, 1, 'no reminder before a week');
      await runAt(new Date(t0.getTime() + 37 * DAY));
      await runAt(new Date(t0.getTime() + 44 * DAY));
      sent = await mails(offer.id);
      assert.deepEqual(sent.map((m) => m.kind), ['availability_check', 'availability_reminder', 'availability_reminder']);
      assert.match(sent[1]!.subject, /Нагадування/);
      assert.equal((await state(offer.id)).unconfirmed_at, null);

      await runAt(new Date(t0.getTime() + 51 * DAY));
      const flagged = await state(offer.id);
      assert.ok(flagged.unconfirmed_at, 'flagged unconfirmed after two unanswered reminders');
      assert.equal(flagged.status, 'verified', 'automatic expiry is off by default');
      assert.equal((await mails(offer.id)).length, 3, 'no third reminder');
      await runAt(new Date(t0.getTime() + 80 * DAY));
      assert.equal((await state(offer.id)).status, 'verified');

      // The staff offer page and the queue filter show it.
      const coordinator = await signInAs(t.app, t.ctx, 'coordinator');
      const page = await coordinator.get(`/staff/offers/${offer.reference}?lang=en`);
      assert.equal(page.statusCode, 200);
      assertIncludes(page.body, 'Unconfirmed since');
      const queue = await coordinator.get('/staff/offers?unconfirmed=yes&lang=en');
      assert.equal(queue.statusCode, 200);
      assertIncludes(queue.body, offer.reference.slice(0, 3));
      assertIncludes(queue.body, '<strong class="govgr-tag__secondary">Unconfirmed</strong>');
      const others = await coordinator.get('/staff/offers?unconfirmed=no&lang=en');
      assert.ok(queue.body.includes(`/staff/offers/${formatReference(offer.reference)}"`));
      assert.ok(!others.body.includes(`/staff/offers/${formatReference(offer.reference)}"`), 'not among the offers that are not flagged');

      // An administrator switches automatic expiry on at /staff/settings.
      const admin = await signInAs(t.app, t.ctx, 'administrator');
      const settings = await admin.get('/staff/settings?lang=en');
      assert.equal(settings.statusCode, 200);
      const refused = await admin.post('/staff/settings', { _csrf: csrfToken(settings.body) });
      assert.equal(refused.statusCode, 422);
      const saved = await admin.post('/staff/settings', { _csrf: csrfToken(settings.body), expire_unconfirmed: 'yes' });
      assert.equal(saved.statusCode, 303);
      assert.equal((await coordinator.get('/staff/settings')).statusCode, 403);
      const setting = await t.ctx.db.selectFrom('audit_events').select(['actor_id', 'details']).where('action', '=', 'settings.changed').executeTakeFirstOrThrow();
      assert.equal(setting.actor_id, admin.account.id);
      assert.deepEqual(setting.details, { key: 'expire_unconfirmed_offers', before: false, after: true });
      assertIncludes((await admin.get('/staff/settings?lang=en')).body, 'checked');

      const report = await runAt(new Date(t0.getTime() + 81 * DAY));
      assert.ok(report.expiredUnconfirmed >= 1);
      assert.equal((await state(offer.id)).status, 'expired');
      const change = await t.ctx.db.selectFrom('offer_status_changes').select(['event', 'from_status', 'actor_kind', 'reason']).where('offer_id', '=', offer.id).executeTakeFirstOrThrow();
      assert.equal(change.event, 'expire');
      assert.equal(change.from_status, 'verified');
      assert.equal(change.actor_kind, 'system');
      assert.match(change.reason ?? '', /not re-confirmed/);
      // (the staff page view above is audited too, as offer.contact_viewed: not part of the cycle)
      const actions = await t.ctx.db.selectFrom('audit_events').select('action').where('entity_id', '=', offer.id).where('action', '!=', 'offer.contact_viewed').orderBy('id').execute();
      assert.deepEqual(actions.map((a) => a.action), [
        'offer.availability_check_sent',
        'offer.availability_reminder_sent',
        'offer.availability_reminder_sent',
        'offer.flagged_unconfirmed',
        'offer.expired',
      ]);
      await setExpireUnconfirmed(t.ctx, (await t.ctx.db.selectFrom('staff_accounts').select('id').where('role', '=', 'administrator').executeTakeFirstOrThrow()).id, false);
    });

    test('"still available" through a check link restarts the cycle; opening the link changes nothing', async () => {
      const t0 = new Date(clock.now().getTime());
      const offer = await insertOffer(t.ctx.db, { submittedAt: t0, offer: { status: 'in_review' }, lines: openEnded });
      await runAt(new Date(t0.getTime() + 30 * DAY));
      await runAt(new Date(t0.getTime() + 37 * DAY));
      const [check, reminder] = await mails(offer.id);
      assert.equal(reminder?.kind, 'availability_reminder');
      const link = [...check!.body_text.matchAll(ANSWER_LINK)][0]!;
      const url = `/manage/availability/${link[1]}?answer=still_available&lang=en`;
      const agent = new TestAgent(t.app);
      const page = await agent.get(url);
      assert.equal(page.statusCode, 200);
      await new TestAgent(t.app).get(url);
      assert.equal((await state(offer.id)).availability_reminders_sent, 1, 'a GET answers nothing');
      assertIncludes(page.body, 'Still available');

      const answeredAt = new Date(t0.getTime() + 38 * DAY);
      clock.set(answeredAt);
      const res = await agent.post(`/manage/availability/${link[1]}`, { _csrf: csrfToken(page.body), answer: 'still_available' });
      assert.equal(res.statusCode, 200);
      assertIncludes(res.body, 'remains available');
      const after = await state(offer.id);
      assert.equal(after.availability_check_sent_at, null);
      assert.equal(after.availability_reminders_sent, 0);
      assert.equal(after.availability_confirmed_at?.getTime(), answeredAt.getTime());
      // The same link again: already answered, nothing changes.
      const again = await agent.post(`/manage/availability/${link[1]}`, { _csrf: csrfToken(page.body), answer: 'still_available' });
      assertIncludes(again.body, 'We already have your answer');

      await runAt(new Date(answeredAt.getTime() + 29 * DAY));
      assert.equal((await mails(offer.id)).length, 2, 'the next check waits 30 days from the answer');
      await runAt(new Date(answeredAt.getTime() + 30 * DAY));
      assert.equal((await mails(offer.id)).length, 3);
      const audit = await t.ctx.db.selectFrom('audit_events').select(['action', 'actor_kind']).where('entity_id', '=', offer.id).where('action', '=', 'offer.availability_confirmed').execute();
      assert.deepEqual(audit, [{ action: 'offer.availability_confirmed', actor_kind: 'offeror' }]);
    });

    test('"changed" and "no longer available" open the self-service pages for that offer', async () => {
      const t0 = new Date(clock.now().getTime());
      const offer = await insertOffer(t.ctx.db, { submittedAt: t0, lines: openEnded });
      await runAt(new Date(t0.getTime() + 30 * DAY));
      const links = [...(await mails(offer.id))[0]!.body_text.matchAll(ANSWER_LINK)];
      const token = links[0]![1]!;
      // A reminder's link is another token for the same question.
      await runAt(new Date(t0.getTime() + 37 * DAY));
      const token2 = [...(await mails(offer.id))[1]!.body_text.matchAll(ANSWER_LINK)][0]![1]!;
      assert.notEqual(token2, token);

      const leaving = new TestAgent(t.app);
      const page = await leaving.get(`/manage/availability/${token}?answer=no_longer_available`);
      const gone = await leaving.post(`/manage/availability/${token}`, { _csrf: csrfToken(page.body), answer: 'no_longer_available' });
      assert.equal(gone.statusCode, 303);
      assert.equal(gone.headers.location, `/manage/offers/${offer.reference}/withdraw`);
      assert.equal((await leaving.get(gone.headers.location as string)).statusCode, 200);

      // That answer spent the links sent so far; the cycle goes on until the offer is withdrawn.
      const spent = await leaving.get(`/manage/availability/${token2}?answer=changed&lang=en`);
      assertIncludes(spent.body, 'We already have your answer');
      assert.equal((await state(offer.id)).availability_reminders_sent, 1);
      await runAt(new Date(t0.getTime() + 44 * DAY));
      const token3 = [...(await mails(offer.id))[2]!.body_text.matchAll(ANSWER_LINK)][0]![1]!;

      const changing = new TestAgent(t.app);
      const page2 = await changing.get(`/manage/availability/${token3}?answer=changed`);
      const changed = await changing.post(`/manage/availability/${token3}`, { _csrf: csrfToken(page2.body), answer: 'changed' });
      assert.equal(changed.statusCode, 303);
      assert.equal(changed.headers.location, `/manage/offers/${offer.reference}`);
      assert.equal((await changing.get(`/manage/offers/${offer.reference}`)).statusCode, 200);
      assert.equal((await state(offer.id)).availability_check_sent_at, null);

      assert.equal((await new TestAgent(t.app).get('/manage/availability/BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB')).statusCode, 404);
    });

    test('an offer whose lines have all ended expires by itself; one with an open-ended or later line does not', async () => {
      const now = clock.now();
      const today = now.toISOString().slice(0, 10);
      const yesterday = new Date(now.getTime() - DAY).toISOString().slice(0, 10);
      const ended = await insertOffer(t.ctx.db, {
        submittedAt: new Date(now.getTime() - 3 * DAY),
        lines: [
          { kind: 'accommodation', category: 'room', places: 2, region_code: 'GR-I', available_from: '2026-01-01', available_until: yesterday },
          { kind: 'service', category: 'legal_aid', delivery: 'remote', capacity_per_week: 3, available_from: '2026-01-01', available_until: yesterday },
        ],
      });
      const lasting = await insertOffer(t.ctx.db, {
        submittedAt: new Date(now.getTime() - 3 * DAY),
        lines: [
          { kind: 'accommodation', category: 'room', places: 2, region_code: 'GR-I', available_from: '2026-01-01', available_until: yesterday },
          { kind: 'accommodation', category: 'room', places: 2, region_code: 'GR-I', available_from: '2026-01-01', available_until: today },
        ],
      });
      const report = await runAt(now);
      assert.ok(report.expiredPastDates >= 1);
      assert.equal((await state(ended.id)).status, 'expired');
      assert.equal((await state(lasting.id)).status, 'submitted');
      const change = await t.ctx.db.selectFrom('offer_status_changes').select(['event', 'actor_kind', 'reason']).where('offer_id', '=', ended.id).executeTakeFirstOrThrow();
      assert.equal(change.event, 'expire');
      assert.equal(change.actor_kind, 'system');
      assert.match(change.reason ?? '', /availability passed/);
      // Idempotent: the next run finds nothing more to do for it.
      await runAt(now);
      assert.equal((await t.ctx.db.selectFrom('offer_status_changes').select('id').where('offer_id', '=', ended.id).execute()).length, 1);
    });

    test('cycles running at the same time send one check per offer', async () => {
      const t0 = new Date(clock.now().getTime());
      const offers = await Promise.all(Array.from({ length: 6 }, () => insertOffer(t.ctx.db, { submittedAt: t0, lines: openEnded })));
      clock.set(new Date(t0.getTime() + 30 * DAY));
      await Promise.all([runAvailabilityCycle(t.ctx), runAvailabilityCycle(t.ctx), runAvailabilityCycle(t.ctx)]);
      for (const o of offers) assert.equal((await mails(o.id)).length, 1);
    });
  });
}
