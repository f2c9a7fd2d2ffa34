// The self-service link over HTTP on both engines: asking for a link, following it once, the
// session's scope, changes (back to review with before/after), withdrawals, and their audit.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { buildTestApp, testClock, type TestApp } from '../../../test/support/app.js';
import { TestAgent, csrfToken } from '../../../test/support/agent.js';
import { engines } from '../../../test/support/database.js';
import { insertOffer } from '../../../test/support/factories.js';
import { assertIncludes, assertExcludes } from '../../../test/support/assertions.js';
import { signInAs } from '../../../test/support/staff.js';
import { issueSelfServiceLink } from './index.js';

const LINK = /\/manage\/link\/([A-Za-z0-9_-]{43})/;

async function outboxTo(t: TestApp, to: string) {
  return t.ctx.db.selectFrom('email_outbox').select(['kind', 'subject', 'body_text', 'body_html', 'language']).where('recipient', '=', to).orderBy('id').execute();
}

/** The path of the last self-service link emailed to `to`. */
async function lastLink(t: TestApp, to: string): Promise<string> {
  const mails = await outboxTo(t, to);
  const m = LINK.exec(mails.at(-1)?.body_text ?? '');
  assert.ok(m, `no link emailed to ${to}`);
  return `/manage/link/${m[1]}`;
}

/** Signs `agent` in as the offeror of `email` through a freshly issued link. */
async function signIn(t: TestApp, agent: TestAgent, email: string, offerId?: string): Promise<void> {
  const url = await t.ctx.db.transaction().execute((trx) => issueSelfServiceLink(trx, t.ctx, { email, lang: 'en', ...(offerId ? { offerId } : {}) }));
  const path = new URL(url).pathname;
  const res = await agent.submit(path, {});
  assert.equal(res.statusCode, 303, res.body);
}

for (const engine of engines()) {
  describe(`the self-service link (${engine})`, () => {
    let t: TestApp;
    const clock = testClock(new Date('2026-03-02T09:00:00Z'));
    before(async () => {
      t = await buildTestApp(engine, { clock });
    });
    after(async () => t?.close());

    test('"Manage my offer" answers the same for a known and an unknown email, and emails a link only to the known one', async () => {
      const offer = await insertOffer(t.ctx.db);
      const known = offer.organisation.contactEmail;
      const unknown = `nobody-${offer.reference.toLowerCase()}@example.org`;
      const a = await new TestAgent(t.app).submit('/manage?lang=en', { email: known.toUpperCase() }, '/manage');
      const b = await new TestAgent(t.app).submit('/manage?lang=en', { email: unknown }, '/manage');
      assert.equal(a.statusCode, 200);
      assert.equal(b.statusCode, 200);
      const strip = (html: string) => html.replace(/name="_csrf" value="[^"]+"/g, '').replace(/If \S+@\S+ is/, 'If X is');
      assert.equal(strip(a.body), strip(b.body));
      assertIncludes(a.body, 'Check your email');
      const mails = await outboxTo(t, known);
      assert.equal(mails.length, 1);
      assert.equal(mails[0]!.kind, 'self_service_link');
      assert.equal(mails[0]!.language, 'en');
      assert.match(mails[0]!.body_text, LINK);
      assert.match(mails[0]!.body_text, new RegExp(offer.reference.slice(0, 3)));
      assert.equal((await outboxTo(t, unknown)).length, 0);
    });

    test('an email address that is not one comes back with 422, an error summary and the answer kept', async () => {
      const res = await new TestAgent(t.app).submit('/manage?lang=uk', { email: 'not-an-address' }, '/manage');
      assert.equal(res.statusCode, 422);
      assertIncludes(res.body, 'govgr-error-summary');
      assertIncludes(res.body, 'value="not-an-address"');
      const blank = await new TestAgent(t.app).submit('/manage?lang=el', { email: '' }, '/manage');
      assert.equal(blank.statusCode, 422);
      assertIncludes(blank.body, 'Γράψτε τη διεύθυνση email σας');
    });

    test('one address gets at most three links an hour, while the page still answers the same', async () => {
      const offer = await insertOffer(t.ctx.db);
      const email = offer.organisation.contactEmail;
      for (let i = 0; i < 5; i++) {
        const res = await new TestAgent(t.app).submit('/manage', { email }, '/manage');
        assert.equal(res.statusCode, 200);
      }
      assert.equal((await outboxTo(t, email)).length, 3);
      clock.advance(61 * 60_000);
      await new TestAgent(t.app).submit('/manage', { email }, '/manage');
      assert.equal((await outboxTo(t, email)).length, 4);
      // In the language of the page it was asked from.
      clock.advance(61 * 60_000);
      await new TestAgent(t.app).submit('/manage?lang=uk', { email }, '/manage');
      const uk = (await outboxTo(t, email)).at(-1)!;
      assert.equal(uk.language, 'uk');
      assert.match(uk.subject, /Ваше посилання/);
      assert.match(uk.body_text, /Посилання діє один раз/);
    });

    test('a link works once: opening it changes nothing, its button signs in, and a second use gets a page offering a new one', async () => {
      const offer = await insertOffer(t.ctx.db);
      const email = offer.organisation.contactEmail;
      await new TestAgent(t.app).submit('/manage?lang=en', { email }, '/manage');
      const link = await lastLink(t, email);
      const agent = new TestAgent(t.app);
      // A mail scanner's GET, twice: the link is still good.
      assert.equal((await new TestAgent(t.app).get(link)).statusCode, 200);
      const page = await agent.get(link);
      assert.equal(page.statusCode, 200);
      const followed = await agent.post(link, { _csrf: csrfToken(page.body) });
      assert.equal(followed.statusCode, 303);
      assert.equal(followed.headers.location, '/manage/offers');
      const list = await agent.get('/manage/offers?lang=en');
      assert.equal(list.statusCode, 200);
      assertIncludes(list.body, `${offer.reference.slice(0, 3)}-${offer.reference.slice(3, 6)}-${offer.reference.slice(6)}`);

      const again = new TestAgent(t.app);
      const spentPage = await again.get(`${link}?lang=en`);
      assert.equal(spentPage.statusCode, 410);
      assertIncludes(spentPage.body, 'This link has already been used');
      assertIncludes(spentPage.body, 'href="/manage"');
      const stored = await t.ctx.db.selectFrom('self_service_links').select(['token_hash', 'used_at']).where('email', '=', email).execute();
      assert.equal(stored.length, 1);
      assert.ok(stored[0]!.used_at);
      assert.ok(!stored[0]!.token_hash.includes(LINK.exec(link)![1]!), 'the token is stored hashed');
      assert.equal(stored[0]!.token_hash.length, 64);
    });

    test('an expired link gets a clear page offering a new one, and signs nobody in', async () => {
      const offer = await insertOffer(t.ctx.db);
      const url = await issueSelfServiceLink(t.ctx.db, t.ctx, { email: offer.organisation.contactEmail, lang: 'uk' });
      const path = new URL(url).pathname + new URL(url).search;
      assert.ok(path.endsWith('?lang=uk'));
      const agent = new TestAgent(t.app);
      const page = await agent.get(path);
      clock.advance(t.ctx.config.selfService.linkHours * 3600_000 + 1000);
      const res = await agent.post(path, { _csrf: csrfToken(page.body) });
      assert.equal(res.statusCode, 410);
      assertIncludes(res.body, 'Термін дії посилання минув');
      assert.equal((await agent.get('/manage/offers')).headers.location, '/manage?notice=session_ended');
      assert.equal((await new TestAgent(t.app).get('/manage/link/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA')).statusCode, 404);
    });

    test('the session shows only the offers of its email: another offer is 404 and the session ends with time', async () => {
      const mine = await insertOffer(t.ctx.db);
      const theirs = await insertOffer(t.ctx.db);
      const agent = new TestAgent(t.app);
      await signIn(t, agent, mine.organisation.contactEmail, mine.id);
      const list = await agent.get('/manage/offers?lang=en');
      assertIncludes(list.body, `/manage/offers/${mine.reference}`);
      assertExcludes(list.body, theirs.reference);
      assert.equal((await agent.get(`/manage/offers/${mine.reference}`)).statusCode, 200);
      assert.equal((await agent.get(`/manage/offers/${theirs.reference}`)).statusCode, 404);
      assert.equal((await agent.get(`/manage/offers/${theirs.reference}/withdraw`)).statusCode, 404);
      clock.advance(t.ctx.config.selfService.sessionMinutes * 60_000 + 1000);
      const ended = await agent.get(`/manage/offers/${mine.reference}`);
      assert.equal(ended.statusCode, 303);
      assert.equal(ended.headers.location, '/manage?notice=session_ended');
    });

    test('changing a verified offer sends it back to review, keeps before and after, and audits it as the offeror', async () => {
      const offer = await insertOffer(t.ctx.db, {
        offer: { status: 'verified', version: 3 },
        lines: [
          { kind: 'accommodation', category: 'apartment', places: 4, rooms: 2, region_code: 'GR-M', available_from: '2026-03-01', available_until: '2026-06-30' },
          { kind: 'essential_items', category: 'hygiene', quantity: 500, unit: 'kits', region_code: 'GR-I', condition: 'new' },
        ],
      });
      const agent = new TestAgent(t.app);
      await signIn(t, agent, offer.organisation.contactEmail);
      const form = await agent.get(`/manage/offers/${offer.reference}/lines/1?lang=en`);
      assert.equal(form.statusCode, 200);
      assertIncludes(form.body, 'value="4"');
      const fields = { version: '3', places: '6', rooms: '2', 'available_from-day': '1', 'available_from-month': '3', 'available_from-year': '2026', 'available_until-day': '31', 'available_until-month': '7', 'available_until-year': '2026' };
      // The start date already passed stays accepted as it was; the rules of the public form apply to the rest.
      const bad = await agent.post(`/manage/offers/${offer.reference}/lines/1`, { _csrf: csrfToken(form.body), ...fields, rooms: '9' });
      assert.equal(bad.statusCode, 422);
      assertIncludes(bad.body, 'govgr-error-summary');
      assertIncludes(bad.body, 'value="9"');
      const unchanged = await t.ctx.db.selectFrom('offers').select(['status', 'version']).where('id', '=', offer.id).executeTakeFirstOrThrow();
      assert.deepEqual(unchanged, { status: 'verified', version: 3 });

      const res = await agent.post(`/manage/offers/${offer.reference}/lines/1`, { _csrf: csrfToken(form.body), ...fields });
      assert.equal(res.statusCode, 303);
      assert.equal(res.headers.location, `/manage/offers/${offer.reference}?notice=saved_review`);
      const row = await t.ctx.db.selectFrom('offers').select(['status', 'version']).where('id', '=', offer.id).executeTakeFirstOrThrow();
      assert.equal(row.status, 'in_review');
      assert.equal(row.version, 5);
      const line = await t.ctx.db.selectFrom('offer_lines').select(['places', 'available_until']).where('offer_id', '=', offer.id).where('position', '=', 1).executeTakeFirstOrThrow();
      assert.deepEqual(line, { places: 6, available_until: '2026-07-31' });
      const sets = await t.ctx.db.selectFrom('offer_self_service_changes').selectAll().where('offer_id', '=', offer.id).execute();
      assert.equal(sets.length, 1);
      assert.equal(sets[0]!.sent_back_to_review, true);
      assert.deepEqual(sets[0]!.changes, [
        { line: 1, field: 'available_until', before: '2026-06-30', after: '2026-07-31' },
        { line: 1, field: 'places', before: '4', after: '6' },
      ]);
      const history = await t.ctx.db.selectFrom('offer_status_changes').select(['event', 'from_status', 'to_status', 'actor_kind']).where('offer_id', '=', offer.id).execute();
      assert.deepEqual(history, [{ event: 'amend', from_status: 'verified', to_status: 'in_review', actor_kind: 'offeror' }]);
      const audit = await t.ctx.db.selectFrom('audit_events').select(['action', 'actor_kind']).where('entity_id', '=', offer.id).orderBy('id').execute();
      assert.deepEqual(audit, [
        { action: 'offer.sent_back_to_review', actor_kind: 'offeror' },
        { action: 'offer.updated_by_offeror', actor_kind: 'offeror' },
      ]);
      const page = await agent.get(`/manage/offers/${offer.reference}?notice=saved_review&lang=en`);
      assertIncludes(page.body, 'our staff will review it again');
      assertIncludes(page.body, 'In review');

      // Staff see what changed on the offer page, highlighted because it went back to review.
      const coordinator = await signInAs(t.app, t.ctx, 'coordinator');
      const staffPage = await coordinator.get(`/staff/offers/${offer.reference}?lang=en`);
      assert.equal(staffPage.statusCode, 200);
      assertIncludes(staffPage.body, 'Changes by the offeror');
      assertIncludes(staffPage.body, 'Sent back to review: the offer had been verified');
      assertIncludes(staffPage.body, '<mark>6</mark>');
      assertIncludes(staffPage.body, '<mark>2026-07-31</mark>');

      // The same form again with the old version: someone changed it meanwhile, nothing is written.
      const stale = await agent.post(`/manage/offers/${offer.reference}/lines/1`, { _csrf: csrfToken(form.body), ...fields, places: '7' });
      assert.equal(stale.statusCode, 409);
    });

    test('contact details follow the public form’s rules, and a change before verification keeps the status', async () => {
      const offer = await insertOffer(t.ctx.db, { offer: { status: 'submitted' } });
      // The answers as submitted (version 1), as the public journey keeps them.
      await t.ctx.db
        .insertInto('offer_answer_versions')
        .values({ offer_id: offer.id, version: 1, schema_version: 1, source: 'web', answers: JSON.stringify({ contact: { contact_name: 'Eleni Papadopoulou', phone: '6912345678' }, lines: [] }) })
        .execute();
      const agent = new TestAgent(t.app);
      await signIn(t, agent, offer.organisation.contactEmail);
      const form = await agent.get(`/manage/offers/${offer.reference}/contact?lang=en`);
      assert.equal(form.statusCode, 200);
      const fields = { version: '1', contact_name: 'Ολένα Коваленко', contact_role: '', phone: '12', email: offer.organisation.contactEmail, preferred_language: 'uk' };
      const bad = await agent.post(`/manage/offers/${offer.reference}/contact`, { _csrf: csrfToken(form.body), ...fields });
      assert.equal(bad.statusCode, 422);
      assertIncludes(bad.body, 'href="#phone"');
      assertIncludes(bad.body, 'Ολένα Коваленко');
      const ok = await agent.post(`/manage/offers/${offer.reference}/contact`, { _csrf: csrfToken(form.body), ...fields, phone: '+380 44 123 4567' });
      assert.equal(ok.statusCode, 303);
      assert.equal(ok.headers.location, `/manage/offers/${offer.reference}?notice=saved`);
      const org = await t.ctx.db.selectFrom('organisations').select(['contact_name', 'contact_phone', 'preferred_language']).where('id', '=', offer.organisationId).executeTakeFirstOrThrow();
      assert.deepEqual(org, { contact_name: 'Ολένα Коваленко', contact_phone: '+380441234567', preferred_language: 'uk' });
      const status = await t.ctx.db.selectFrom('offers').select(['status']).where('id', '=', offer.id).executeTakeFirstOrThrow();
      assert.equal(status.status, 'submitted');
      const audit = await t.ctx.db.selectFrom('audit_events').select(['details']).where('entity_id', '=', offer.id).where('action', '=', 'offer.updated_by_offeror').executeTakeFirstOrThrow();
      // Field names only: no contact value enters the audit trail.
      assert.deepEqual((audit.details as { fields: string[] }).fields, ['contact_name', 'contact_phone', 'preferred_language']);
      assert.ok(!JSON.stringify(audit.details).includes('380'));
      // A new version of the answers as given, beside the first.
      const versions = await t.ctx.db.selectFrom('offer_answer_versions').select(['version', 'source', 'answers']).where('offer_id', '=', offer.id).orderBy('version').execute();
      assert.deepEqual(versions.map((v) => [v.version, v.source]), [[1, 'web'], [2, 'self_service']]);
      assert.equal((versions[1]!.answers as { contact: { phone: string } }).contact.phone, '+380 44 123 4567');
    });

    test('withdrawing a line needs a reason and leaves the rest; withdrawing the offer records the offeror and the reason', async () => {
      const offer = await insertOffer(t.ctx.db, { offer: { status: 'in_review' } });
      const agent = new TestAgent(t.app);
      await signIn(t, agent, offer.organisation.contactEmail);
      const lineForm = await agent.get(`/manage/offers/${offer.reference}/lines/2/withdraw?lang=en`);
      assert.equal(lineForm.statusCode, 200);
      const noReason = await agent.post(`/manage/offers/${offer.reference}/lines/2/withdraw`, { _csrf: csrfToken(lineForm.body), version: '1', reason: '  ' });
      assert.equal(noReason.statusCode, 422);
      assertIncludes(noReason.body, 'Enter the reason for withdrawing');
      const lineDone = await agent.post(`/manage/offers/${offer.reference}/lines/2/withdraw`, { _csrf: csrfToken(lineForm.body), version: '1', reason: 'Τα είδη δόθηκαν αλλού' });
      assert.equal(lineDone.statusCode, 303);
      const lines = await t.ctx.db.selectFrom('offer_lines').select(['position', 'withdrawn_reason']).where('offer_id', '=', offer.id).orderBy('position').execute();
      assert.deepEqual(lines, [
        { position: 1, withdrawn_reason: null },
        { position: 2, withdrawn_reason: 'Τα είδη δόθηκαν αλλού' },
      ]);
      assert.equal((await t.ctx.db.selectFrom('offers').select('status').where('id', '=', offer.id).executeTakeFirstOrThrow()).status, 'in_review');
      const page = await agent.get(`/manage/offers/${offer.reference}?lang=en`);
      assertIncludes(page.body, 'Reason: Τα είδη δόθηκαν αλλού');

      const form = await agent.get(`/manage/offers/${offer.reference}/withdraw?lang=en`);
      const version = /name="version" value="(\d+)"/.exec(form.body)![1]!;
      const done = await agent.post(`/manage/offers/${offer.reference}/withdraw`, { _csrf: csrfToken(form.body), version, reason: 'We found a tenant' });
      assert.equal(done.statusCode, 303);
      const change = await t.ctx.db.selectFrom('offer_status_changes').select(['event', 'to_status', 'reason', 'actor_kind']).where('offer_id', '=', offer.id).executeTakeFirstOrThrow();
      assert.deepEqual(change, { event: 'withdraw', to_status: 'withdrawn', reason: 'We found a tenant', actor_kind: 'offeror' });
      const actions = await t.ctx.db.selectFrom('audit_events').select(['action', 'reason']).where('entity_id', '=', offer.id).orderBy('id').execute();
      assert.deepEqual(actions, [
        { action: 'offer.line_withdrawn', reason: 'Τα είδη δόθηκαν αλλού' },
        { action: 'offer.withdrawn', reason: 'We found a tenant' },
      ]);
      // Closed now: nothing more to change or withdraw.
      const closed = await agent.get(`/manage/offers/${offer.reference}/withdraw`);
      assert.equal(closed.statusCode, 303);
    });
  });
}
