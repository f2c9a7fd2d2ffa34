import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { LightMyRequestResponse } from 'fastify';
import { csrfToken } from '../../../test/support/agent.js';
import { buildTestApp, type TestApp } from '../../../test/support/app.js';
import { assertExcludes, assertIncludes } from '../../../test/support/assertions.js';
import { engines } from '../../../test/support/database.js';
import { insertOffer, type InsertedOffer } from '../../../test/support/factories.js';
import { signInAs, type StaffAgent } from '../../../test/support/staff.js';
import { changeOfferStatus, formatReference } from '../offers/index.js';

const page = (o: { reference: string }) => `/staff/offers/${o.reference}`;

/** GETs the offer's page and POSTs `fields` with its CSRF token to one of its actions. */
async function act(agent: StaffAgent, offer: { reference: string }, path: string, fields: Record<string, string>): Promise<LightMyRequestResponse> {
  return agent.submit(page(offer), fields, `${page(offer)}${path}`);
}

/** The version the page's forms carry. */
function versionOn(html: string): string {
  const m = /name="version" value="(\d+)"/.exec(html);
  if (!m?.[1]) throw new Error('no version field on the page');
  return m[1];
}

async function offerRow(t: TestApp, id: string) {
  return t.ctx.db
    .selectFrom('offers')
    .select(['status', 'version', 'duplicate_of_offer_id', 'last_contact_outcome', 'reached', 'possible_duplicate'])
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
}

async function auditFor(t: TestApp, id: string) {
  return t.ctx.db.selectFrom('audit_events').select(['action', 'actor_id', 'reason', 'details']).where('entity_id', '=', id).orderBy('id').execute();
}

async function statusChanges(t: TestApp, id: string) {
  return t.ctx.db.selectFrom('offer_status_changes').select(['event', 'from_status', 'to_status', 'reason', 'actor_id']).where('offer_id', '=', id).orderBy('id').execute();
}

const changeActions = (events: { action: string }[]) => events.map((e) => e.action).filter((a) => a !== 'offer.contact_viewed');

for (const engine of engines()) {
  describe(`an offer's page in the back office (${engine})`, () => {
    let t: TestApp;
    let offer: InsertedOffer;
    let coordinator: StaffAgent;
    let viewer: StaffAgent;
    before(async () => {
      t = await buildTestApp(engine);
      offer = await insertOffer(t.ctx.db, {
        submittedAt: '2026-03-27T08:15:00Z',
        organisation: {
          legal_name: 'Αλληλεγγύη <Κρήτης> & Σία',
          tax_id: '998123451',
          tax_id_kind: 'afm',
          region_code: 'GR-M',
          municipality_code: '7102',
          street: 'Πλατεία Ελευθερίας 1',
          postcode: '70100',
          city: 'Αρχάνες',
          contact_name: 'Γιώργος Σπυριδάκης',
          contact_role: 'Συντονιστής',
        },
        lines: [
          { kind: 'accommodation', category: 'apartment', places: 4, rooms: 2, region_code: 'GR-M', municipality_code: '7102', address: 'Odos Kritis 12', available_from: '2026-04-01' },
          { kind: 'money', amount: '1500.00', currency: 'EUR', frequency: 'monthly', purpose: 'Rent support' },
        ],
      });
      await t.ctx.db
        .insertInto('offer_answer_versions')
        .values({
          offer_id: offer.id,
          version: 1,
          schema_version: 1,
          source: 'web',
          answers: JSON.stringify({
            language: 'el',
            organisation_kind: { kind: 'ngo', registered_in_greece: 'yes' },
            organisation: { legal_name: 'Αλληλεγγύη <Κρήτης> & Σία', tax_id: '998 123 451', street: 'Πλατεία Ελευθερίας 1', postcode: '70100', city: 'Αρχάνες', region: 'GR-M' },
            contact: { contact_name: 'Γιώργος Σπυριδάκης', phone: '6941234567', email: offer.organisation.contactEmail, preferred_language: 'el' },
            lines: [{ kind: 'money', answers: { amount: '1500', currency: 'EUR', frequency: 'monthly', purpose: 'Rent support' } }],
            consents: { privacy_notice: 'yes', share_with_partners: 'no' },
          }),
        })
        .execute();
      coordinator = await signInAs(t.app, t.ctx, 'coordinator', { name: 'Άννα Συντονίστρια' });
      viewer = await signInAs(t.app, t.ctx, 'viewer', { name: 'Βασίλης Αναγνώστης' });
    });
    after(() => t.close());

    test('shows the organisation, contact, lines with place names, consents, answers and actions to a coordinator', async () => {
      const res = await coordinator.get(page(offer));
      assert.equal(res.statusCode, 200);
      const html = res.body;
      assertIncludes(html, `Offer ${formatReference(offer.reference)}`);
      assertIncludes(html, 'Αλληλεγγύη &lt;Κρήτης> &amp; Σία', 'names are escaped');
      assertExcludes(html, '<Κρήτης>');
      assertIncludes(html, '998123451');
      assertIncludes(html, 'Archanon - Asterousion, Kriti', 'municipality and region names');
      assertIncludes(html, offer.organisation.contactEmail);
      assertIncludes(html, offer.organisation.contactPhone);
      assertIncludes(html, 'Γιώργος Σπυριδάκης');
      assertIncludes(html, 'Odos Kritis 12');
      assertIncludes(html, 'Line 1: Accommodation');
      assertIncludes(html, 'Apartment');
      assertIncludes(html, 'From 01/04/2026, open-ended');
      assertIncludes(html, 'Line 2: Money');
      assertIncludes(html, '€1,500.00');
      assertIncludes(html, 'Every month');
      assertIncludes(html, 'May be shared with partner organisations');
      assertIncludes(html, 'Answers as submitted');
      assertIncludes(html, 'Version 1: on the website');
      assertIncludes(html, 'Rent support');
      assertIncludes(html, 'As stored (JSON)');
      // The actions a coordinator may take on a submitted offer.
      for (const form of ['/status', '/contact-attempts', '/notes', '/duplicates/search']) assertIncludes(html, `action="${page(offer)}${form}"`);
      assertIncludes(html, 'value="start_review"');
      assertIncludes(html, 'value="mark_duplicate"');
      assertExcludes(html, 'value="allocate"', 'allocation is the allocation use case’s');
      assertExcludes(html, 'value="reopen"');
      assertIncludes(html, 'name="version" value="1"');
      assertIncludes(html, 'name="_csrf"');
    });

    test('each display of contact data writes one offer.contact_viewed audit event', async () => {
      const before = (await auditFor(t, offer.id)).filter((e) => e.action === 'offer.contact_viewed').length;
      await coordinator.get(page(offer));
      await coordinator.get(page(offer));
      const viewed = (await auditFor(t, offer.id)).filter((e) => e.action === 'offer.contact_viewed');
      assert.equal(viewed.length, before + 2);
      assert.equal(viewed.at(-1)!.actor_id, coordinator.account.id);
      assert.equal((viewed.at(-1)!.details as { reference: string }).reference, offer.reference);
      assertExcludes(JSON.stringify(viewed), offer.organisation.contactEmail, 'the audit event holds no contact data');
    });

    test('opens by the reference formatted, in lower case, or with spaces; an unknown or malformed one is 404', async () => {
      const formatted = formatReference(offer.reference);
      for (const typed of [formatted, offer.reference.toLowerCase(), formatted.toLowerCase(), `${offer.reference.slice(0, 3)}%20${offer.reference.slice(3)}`]) {
        const res = await coordinator.get(`/staff/offers/${typed}`);
        assert.equal(res.statusCode, 200, typed);
        assertIncludes(res.body, `action="${page(offer)}/status"`, 'the forms use the stored reference');
      }
      assert.equal((await coordinator.get('/staff/offers/ZZZZZZZZZ')).statusCode, 404);
      assert.equal((await coordinator.get('/staff/offers/not-a-reference-at-all')).statusCode, 404);
    });

    test('a viewer sees no personal contact data, no forms, and no view is logged', async () => {
      const before = (await auditFor(t, offer.id)).length;
      const res = await viewer.get(page(offer));
      assert.equal(res.statusCode, 200);
      for (const secret of [offer.organisation.contactEmail, offer.organisation.contactPhone, 'Γιώργος Σπυριδάκης', 'Πλατεία Ελευθερίας', 'Odos Kritis 12', '6941234567']) {
        assertExcludes(res.body, secret);
      }
      assertIncludes(res.body, 'Your role does not show personal contact details.');
      assertIncludes(res.body, 'The answers include personal contact details, which your role does not show.');
      assertIncludes(res.body, 'Αλληλεγγύη &lt;Κρήτης> &amp; Σία', 'the organisation is not contact data');
      assertExcludes(res.body, 'method="post" action="/staff/offers/');
      assertExcludes(res.body, 'name="version"');
      assert.equal((await auditFor(t, offer.id)).length, before, 'nothing was shown, so nothing is logged');
    });

    test('a viewer cannot act: every action answers 403 and changes nothing', async () => {
      const token = csrfToken((await viewer.get(page(offer))).body);
      const before = await offerRow(t, offer.id);
      const posts: [string, Record<string, string>][] = [
        ['/status', { event: 'start_review', version: '1' }],
        ['/contact-attempts', { outcome: 'reached', channel: 'phone' }],
        ['/notes', { note_body: 'A viewer’s note' }],
        ['/duplicates/search', {}],
        ['/duplicates/1/confirm', { version: '1', confirm_reason_1: 'x' }],
        ['/duplicates/1/dismiss', {}],
      ];
      for (const [path, fields] of posts) {
        const res = await viewer.post(`${page(offer)}${path}`, { _csrf: token, ...fields });
        assert.equal(res.statusCode, 403, path);
      }
      assert.deepEqual(await offerRow(t, offer.id), before);
      assert.equal((await t.ctx.db.selectFrom('offer_notes').select('id').where('offer_id', '=', offer.id).execute()).length, 0);
      assert.equal((await t.ctx.db.selectFrom('offer_contact_attempts').select('id').where('offer_id', '=', offer.id).execute()).length, 0);
    });

    test('an anonymous visitor is sent to sign in, and cannot post', async () => {
      const res = await t.app.inject({ method: 'GET', url: page(offer) });
      assert.equal(res.statusCode, 302);
      assert.equal(res.headers.location, '/staff/sign-in');
      const post = await t.app.inject({ method: 'POST', url: `${page(offer)}/status`, payload: 'event=start_review&version=1', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
      assert.ok([302, 303, 403].includes(post.statusCode), String(post.statusCode));
      assert.equal((await offerRow(t, offer.id)).status, 'submitted');
    });

    test('is in Greek for a Greek-speaking member', async () => {
      const greek = await signInAs(t.app, t.ctx, 'coordinator', { language: 'el' });
      const res = await greek.get(page(offer));
      assertIncludes(res.body, `Προσφορά ${formatReference(offer.reference)}`);
      assertIncludes(res.body, 'Αλλαγή κατάστασης');
      assertIncludes(res.body, 'ΑΡΧΑΝΩΝ - ΑΣΤΕΡΟΥΣΙΩΝ, Κρήτη');
      assertIncludes(res.body, 'Έναρξη ελέγχου');
    });
  });

  describe(`status changes over HTTP (${engine})`, () => {
    let t: TestApp;
    let coordinator: StaffAgent;
    let regional: StaffAgent;
    before(async () => {
      t = await buildTestApp(engine);
      coordinator = await signInAs(t.app, t.ctx, 'coordinator', { name: 'Άννα Συντονίστρια' });
      regional = await signInAs(t.app, t.ctx, 'regional_coordinator', { regions: ['GR-M'], name: 'Μανώλης Κρητικός' });
    });
    after(() => t.close());

    test('walks submitted → in review → verified → (allocated) → completed, each in the history and the audit trail', async () => {
      const offer = await insertOffer(t.ctx.db);
      let res = await act(coordinator, offer, '/status', { event: 'start_review', version: '1' });
      assert.equal(res.statusCode, 303);
      assert.equal(res.headers.location, `${page(offer)}?done=status`);
      res = await coordinator.get(String(res.headers.location));
      assertIncludes(res.body, 'The status was changed.');
      assertIncludes(res.body, '<strong>In review</strong>');
      assert.equal(versionOn(res.body), '2');

      res = await act(coordinator, offer, '/status', { event: 'verify', version: '2' });
      assert.equal(res.statusCode, 303);
      // Allocation is recorded by the allocation use case, which applies the event itself.
      await changeOfferStatus(t.ctx.db, { offerId: offer.id, event: 'allocate', expectedVersion: 3, actor: { kind: 'staff', id: coordinator.account.id, role: 'coordinator' }, at: new Date() });
      res = await act(coordinator, offer, '/status', { event: 'complete', version: '4' });
      assert.equal(res.statusCode, 303);

      const row = await offerRow(t, offer.id);
      assert.deepEqual([row.status, row.version], ['completed', 5]);
      assert.deepEqual(
        (await statusChanges(t, offer.id)).map((c) => [c.from_status, c.event, c.to_status, c.actor_id]),
        [
          ['submitted', 'start_review', 'in_review', coordinator.account.id],
          ['in_review', 'verify', 'verified', coordinator.account.id],
          ['verified', 'allocate', 'allocated', coordinator.account.id],
          ['allocated', 'complete', 'completed', coordinator.account.id],
        ],
      );
      assert.deepEqual(changeActions(await auditFor(t, offer.id)), ['offer.review_started', 'offer.verified', 'offer.allocated', 'offer.completed']);
      const final = await coordinator.get(page(offer));
      assertIncludes(final.body, 'Άννα Συντονίστρια', 'the history says who');
      assertIncludes(final.body, 'Allocated → Completed');
      assertIncludes(final.body, 'You cannot change the status of this offer.');
      assertExcludes(final.body, `action="${page(offer)}/status"`, 'completed is final');
    });

    test('reject needs a reason: without one the page comes back with 422 and an error summary; with one it is recorded', async () => {
      const offer = await insertOffer(t.ctx.db);
      let res = await act(coordinator, offer, '/status', { event: 'reject', reason: '  ', version: '1' });
      assert.equal(res.statusCode, 422);
      assertIncludes(res.body, 'govgr-error-summary');
      assertIncludes(res.body, '<a class="govgr-link" href="#reason">Give the reason for this change</a>');
      assert.match(res.body, /<title>Error: /);
      assertIncludes(res.body, 'value="reject" checked', 'the choice is kept');
      assert.equal((await offerRow(t, offer.id)).status, 'submitted');

      res = await act(coordinator, offer, '/status', { event: 'reject', reason: 'Not a real address: checked with the municipality.', version: '1' });
      assert.equal(res.statusCode, 303);
      assert.equal((await offerRow(t, offer.id)).status, 'rejected');
      const [change] = await statusChanges(t, offer.id);
      assert.equal(change?.reason, 'Not a real address: checked with the municipality.');
      const audit = (await auditFor(t, offer.id)).find((e) => e.action === 'offer.rejected');
      assert.equal(audit?.reason, 'Not a real address: checked with the municipality.');
      const shown = await coordinator.get(page(offer));
      assertIncludes(shown.body, 'Not a real address: checked with the municipality.');
      assertIncludes(shown.body, 'value="reopen"');
    });

    test('withdraw, expire and reopen: each with its reason rule, and reopen only for a coordinator or administrator', async () => {
      const offer = await insertOffer(t.ctx.db, { lines: [{ kind: 'service', category: 'legal_aid', delivery: 'remote', region_code: 'GR-M' }] });
      assert.equal((await act(coordinator, offer, '/status', { event: 'withdraw', version: '1' })).statusCode, 422);
      assert.equal((await act(coordinator, offer, '/status', { event: 'withdraw', reason: 'The offeror phoned: no longer available.', version: '1' })).statusCode, 303);
      assert.equal((await offerRow(t, offer.id)).status, 'withdrawn');

      const regionalPage = await regional.get(page(offer));
      assert.equal(regionalPage.statusCode, 200);
      assertExcludes(regionalPage.body, 'value="reopen"', 'a regional coordinator is not offered reopen');
      const forbidden = await regional.post(`${page(offer)}/status`, { _csrf: csrfToken(regionalPage.body), event: 'reopen', reason: 'x', version: '2' });
      assert.equal(forbidden.statusCode, 403);

      assert.equal((await act(coordinator, offer, '/status', { event: 'reopen', reason: 'They called back.', version: '2' })).statusCode, 303);
      assert.equal((await act(regional, offer, '/status', { event: 'expire', version: '3' })).statusCode, 303, 'expire needs no reason');
      assert.equal((await act(coordinator, offer, '/status', { event: 'reopen', reason: 'Availability re-confirmed.', version: '4' })).statusCode, 303);
      assert.deepEqual(
        (await statusChanges(t, offer.id)).map((c) => [c.event, c.to_status]),
        [
          ['withdraw', 'withdrawn'],
          ['reopen', 'in_review'],
          ['expire', 'expired'],
          ['reopen', 'in_review'],
        ],
      );
      assert.deepEqual(changeActions(await auditFor(t, offer.id)), ['offer.withdrawn', 'offer.reopened', 'offer.expired', 'offer.reopened']);
    });

    test('mark as duplicate names the original by reference; the two pages link each other and the history says so', async () => {
      const original = await insertOffer(t.ctx.db);
      const copy = await insertOffer(t.ctx.db);
      const refusals: [Record<string, string>, string][] = [
        [{ reason: 'Same flat' }, 'Enter the reference of the original offer'],
        [{ reason: 'Same flat', duplicate_of: 'abc' }, 'Enter a reference like 7KQ-4M9-TXR'],
        [{ reason: 'Same flat', duplicate_of: 'ZZZZZZZZZ' }, 'There is no offer with this reference'],
        [{ reason: 'Same flat', duplicate_of: copy.reference }, 'An offer cannot be a duplicate of itself'],
        [{ duplicate_of: original.reference }, 'Give the reason for this change'],
      ];
      for (const [fields, message] of refusals) {
        const res = await act(coordinator, copy, '/status', { event: 'mark_duplicate', version: '1', ...fields });
        assert.equal(res.statusCode, 422, message);
        assertIncludes(res.body, message);
      }
      const typed = formatReference(original.reference).toLowerCase();
      const res = await act(coordinator, copy, '/status', { event: 'mark_duplicate', version: '1', reason: 'Same flat, sent twice', duplicate_of: typed });
      assert.equal(res.statusCode, 303);
      const row = await offerRow(t, copy.id);
      assert.deepEqual([row.status, row.duplicate_of_offer_id], ['duplicate', original.id]);
      const copyPage = await coordinator.get(page(copy));
      assertIncludes(copyPage.body, `<a class="govgr-link" href="${page(original)}">${formatReference(original.reference)}</a>`);
      assertIncludes(copyPage.body, `duplicate of ${formatReference(original.reference)}`);
      const originalPage = await coordinator.get(page(original));
      assertIncludes(originalPage.body, 'Its duplicates');
      assertIncludes(originalPage.body, `href="${page(copy)}"`);
      const audit = (await auditFor(t, copy.id)).find((e) => e.action === 'offer.marked_duplicate');
      assert.equal((audit?.details as { duplicate_of: string }).duplicate_of, original.reference);

      // A third offer cannot name the copy: name its original instead.
      const third = await insertOffer(t.ctx.db);
      const chain = await act(coordinator, third, '/status', { event: 'mark_duplicate', version: '1', reason: 'x', duplicate_of: copy.reference });
      assert.equal(chain.statusCode, 422);
      assertIncludes(chain.body, 'That offer is itself a duplicate');
    });

    test('a transition the status does not allow, allocate, or a form without a version are refused and change nothing', async () => {
      const offer = await insertOffer(t.ctx.db);
      let res = await act(coordinator, offer, '/status', { event: 'verify', version: '1' });
      assert.equal(res.statusCode, 422);
      assertIncludes(res.body, '«Verify» is not possible for an offer that is «Submitted»');
      res = await act(coordinator, offer, '/status', { event: 'allocate', version: '1' });
      assert.equal(res.statusCode, 422);
      assertIncludes(res.body, 'Choose what to do');
      res = await act(coordinator, offer, '/status', { event: 'start_review' });
      assert.equal(res.statusCode, 400);
      res = await act(coordinator, offer, '/status', { event: 'start_review', version: 'one' });
      assert.equal(res.statusCode, 400);
      assert.deepEqual(await statusChanges(t, offer.id), []);
      assert.equal((await offerRow(t, offer.id)).version, 1);
    });

    test('two staff acting on one version: the second gets the "changed by someone else" page and nothing is overwritten', async () => {
      const offer = await insertOffer(t.ctx.db);
      const other = await signInAs(t.app, t.ctx, 'coordinator');
      const mine = await coordinator.get(page(offer));
      const theirs = await other.get(page(offer));
      assert.equal(versionOn(mine.body), '1');
      assert.equal(versionOn(theirs.body), '1');

      const first = await coordinator.post(`${page(offer)}/status`, { _csrf: csrfToken(mine.body), event: 'start_review', version: '1' });
      const second = await other.post(`${page(offer)}/status`, { _csrf: csrfToken(theirs.body), event: 'reject', reason: 'Not needed', version: '1' });
      assert.equal(first.statusCode, 303);
      assert.equal(second.statusCode, 409);
      assertIncludes(second.body, 'This record has changed');
      assertIncludes(second.body, 'Nothing was overwritten');

      const row = await offerRow(t, offer.id);
      assert.deepEqual([row.status, row.version], ['in_review', 2]);
      assert.deepEqual((await statusChanges(t, offer.id)).map((c) => c.event), ['start_review']);
      assert.deepEqual(changeActions(await auditFor(t, offer.id)), ['offer.review_started']);
    });

    test('two staff posting at the same instant: exactly one change wins, the other is 409', async () => {
      const offer = await insertOffer(t.ctx.db);
      const other = await signInAs(t.app, t.ctx, 'administrator');
      const [mine, theirs] = await Promise.all([coordinator.get(page(offer)), other.get(page(offer))]);
      const results = await Promise.all([
        coordinator.post(`${page(offer)}/status`, { _csrf: csrfToken(mine.body), event: 'reject', reason: 'Mine', version: '1' }),
        other.post(`${page(offer)}/status`, { _csrf: csrfToken(theirs.body), event: 'withdraw', reason: 'Theirs', version: '1' }),
      ]);
      assert.deepEqual(results.map((r) => r.statusCode).sort(), [303, 409]);
      const changes = await statusChanges(t, offer.id);
      assert.equal(changes.length, 1);
      const winner = results[0]!.statusCode === 303 ? 'rejected' : 'withdrawn';
      assert.equal((await offerRow(t, offer.id)).status, winner);
      assert.equal(changes[0]!.to_status, winner);
      assert.equal(changeActions(await auditFor(t, offer.id)).length, 1);
    });
  });

  describe(`contact attempts and notes (${engine})`, () => {
    let t: TestApp;
    let coordinator: StaffAgent;
    before(async () => {
      t = await buildTestApp(engine);
      coordinator = await signInAs(t.app, t.ctx, 'coordinator', { name: 'Άννα Συντονίστρια' });
    });
    after(() => t.close());

    test('attempts keep the last outcome and "never reached" current, and appear with who, when, how', async () => {
      const offer = await insertOffer(t.ctx.db);
      assert.deepEqual(await offerRow(t, offer.id).then((r) => [r.last_contact_outcome, r.reached]), [null, false]);
      let res = await act(coordinator, offer, '/contact-attempts', { outcome: 'no_answer', channel: 'phone', attempt_note: 'Call after 17:00' });
      assert.equal(res.statusCode, 303);
      assert.equal(res.headers.location, `${page(offer)}?done=contact_attempt`);
      res = await act(coordinator, offer, '/contact-attempts', { outcome: 'bounced', channel: 'email' });
      assert.equal(res.statusCode, 303);
      assert.deepEqual(await offerRow(t, offer.id).then((r) => [r.last_contact_outcome, r.reached]), ['bounced', false]);

      let shown = await coordinator.get(page(offer));
      assertIncludes(shown.body, 'The offeror has never been reached: 2 attempts.');
      assertIncludes(shown.body, 'Never reached');
      assertIncludes(shown.body, 'Call after 17:00');
      assertIncludes(shown.body, 'Email bounced');
      assertIncludes(shown.body, 'Άννα Συντονίστρια');

      res = await act(coordinator, offer, '/contact-attempts', { outcome: 'reached', channel: 'viber' });
      assert.equal(res.statusCode, 303);
      res = await act(coordinator, offer, '/contact-attempts', { outcome: 'no_answer', channel: 'sms' });
      assert.deepEqual(await offerRow(t, offer.id).then((r) => [r.last_contact_outcome, r.reached]), ['no_answer', true], 'once reached, always reached');
      shown = await coordinator.get(page(offer));
      assertExcludes(shown.body, 'never been reached');
      assertIncludes(shown.body, 'Yes, at least once');

      const recorded = (await auditFor(t, offer.id)).filter((e) => e.action === 'offer.contact_attempt_recorded');
      assert.deepEqual(
        recorded.map((e) => (e.details as { outcome: string; channel: string }).outcome),
        ['no_answer', 'bounced', 'reached', 'no_answer'],
      );
      assertExcludes(JSON.stringify(recorded), 'Call after 17:00', 'notes stay out of the audit details');
    });

    test('a viewer sees the attempts but not their notes', async () => {
      const offer = await insertOffer(t.ctx.db);
      await act(coordinator, offer, '/contact-attempts', { outcome: 'wrong_number', channel: 'phone', attempt_note: 'Ask for Mr Papadakis at +30 2810 000000' });
      const viewer = await signInAs(t.app, t.ctx, 'viewer');
      const res = await viewer.get(page(offer));
      assertIncludes(res.body, 'Wrong number');
      assertExcludes(res.body, 'Papadakis');
    });

    test('two attempts recorded at once both stand, and the derived columns count both', async () => {
      const offer = await insertOffer(t.ctx.db);
      const other = await signInAs(t.app, t.ctx, 'coordinator');
      const [a, b] = await Promise.all([coordinator.get(page(offer)), other.get(page(offer))]);
      const results = await Promise.all([
        coordinator.post(`${page(offer)}/contact-attempts`, { _csrf: csrfToken(a.body), outcome: 'reached', channel: 'phone' }),
        other.post(`${page(offer)}/contact-attempts`, { _csrf: csrfToken(b.body), outcome: 'no_answer', channel: 'phone' }),
      ]);
      assert.deepEqual(results.map((r) => r.statusCode), [303, 303]);
      assert.equal((await offerRow(t, offer.id)).reached, true);
    });

    test('an attempt without outcome or channel, or with a note too long, comes back with 422 and what was typed', async () => {
      const offer = await insertOffer(t.ctx.db);
      let res = await act(coordinator, offer, '/contact-attempts', { attempt_note: 'Tried twice' });
      assert.equal(res.statusCode, 422);
      assertIncludes(res.body, '<a class="govgr-link" href="#outcome">Choose the outcome</a>');
      assertIncludes(res.body, '<a class="govgr-link" href="#channel">Choose how you tried to reach them</a>');
      assertIncludes(res.body, '>Tried twice</textarea>');
      res = await act(coordinator, offer, '/contact-attempts', { outcome: 'reached', channel: 'fax' });
      assert.equal(res.statusCode, 422);
      res = await act(coordinator, offer, '/contact-attempts', { outcome: 'reached', channel: 'phone', attempt_note: 'x'.repeat(2001) });
      assert.equal(res.statusCode, 422);
      assertIncludes(res.body, 'Use 2000 characters or fewer');
      assert.equal((await t.ctx.db.selectFrom('offer_contact_attempts').select('id').where('offer_id', '=', offer.id).execute()).length, 0);
    });

    test('notes are added with their author, escaped, and an empty one is refused', async () => {
      const offer = await insertOffer(t.ctx.db);
      let res = await act(coordinator, offer, '/notes', { note_body: '   ' });
      assert.equal(res.statusCode, 422);
      assertIncludes(res.body, 'Write the note');
      res = await act(coordinator, offer, '/notes', { note_body: 'Keys with the <b>neighbour</b>.\nFlat on the 2nd floor.' });
      assert.equal(res.statusCode, 303);
      const shown = await coordinator.get(`${page(offer)}?done=note`);
      assertIncludes(shown.body, 'The note was added.');
      assertIncludes(shown.body, 'Keys with the &lt;b>neighbour&lt;/b>.\nFlat on the 2nd floor.');
      assertIncludes(shown.body, 'Άννα Συντονίστρια');
      const events = (await auditFor(t, offer.id)).filter((e) => e.action === 'offer.note_added');
      assert.equal(events.length, 1);
      assert.equal(events[0]!.actor_id, coordinator.account.id);
    });
  });

  describe(`a regional coordinator's scope (${engine})`, () => {
    let t: TestApp;
    let cretan: StaffAgent;
    let inside: InsertedOffer;
    let outside: InsertedOffer;
    let moneyOnly: InsertedOffer;
    before(async () => {
      t = await buildTestApp(engine);
      cretan = await signInAs(t.app, t.ctx, 'regional_coordinator', { regions: ['GR-M'] });
      inside = await insertOffer(t.ctx.db, { lines: [{ kind: 'accommodation', category: 'house', places: 6, region_code: 'GR-M' }] });
      outside = await insertOffer(t.ctx.db, { lines: [{ kind: 'accommodation', category: 'house', places: 6, region_code: 'GR-B' }] });
      moneyOnly = await insertOffer(t.ctx.db, { lines: [{ kind: 'money', amount: '100.00', currency: 'EUR', frequency: 'one_off' }] });
    });
    after(() => t.close());

    test('sees and acts on an offer with a line in their regions', async () => {
      assert.equal((await cretan.get(page(inside))).statusCode, 200);
      assert.equal((await act(cretan, inside, '/status', { event: 'start_review', version: '1' })).statusCode, 303);
    });

    test('gets 404, exactly as for a missing offer, on the page and every action of an offer outside them', async () => {
      const missing = await cretan.get('/staff/offers/ZZZZZZZZZ');
      const token = csrfToken((await cretan.get(page(inside))).body);
      for (const offer of [outside, moneyOnly]) {
        const res = await cretan.get(page(offer));
        assert.equal(res.statusCode, 404);
        assert.equal(res.body.replaceAll(offer.reference, 'REF'), missing.body.replaceAll('ZZZZZZZZZ', 'REF'), 'the same page as for a missing offer');
        const posts: [string, Record<string, string>][] = [
          ['/status', { event: 'start_review', version: '1' }],
          ['/status', { event: 'reject', version: '1' }],
          ['/contact-attempts', { outcome: 'reached', channel: 'phone' }],
          ['/contact-attempts', {}],
          ['/notes', { note_body: 'Outside' }],
          ['/notes', { note_body: '' }],
          ['/duplicates/search', {}],
          ['/status', {}],
          ['/duplicates/1/confirm', { version: '1', confirm_reason_1: 'x' }],
          ['/duplicates/1/confirm', {}],
          ['/duplicates/1/dismiss', {}],
        ];
        for (const [path, fields] of posts) {
          const post = await cretan.post(`${page(offer)}${path}`, { _csrf: token, ...fields });
          assert.equal(post.statusCode, 404, `${path} ${JSON.stringify(fields)}`);
        }
        const row = await offerRow(t, offer.id);
        assert.deepEqual([row.status, row.version, row.last_contact_outcome], ['submitted', 1, null]);
        assert.deepEqual(changeActions(await auditFor(t, offer.id)), []);
        assert.equal((await auditFor(t, offer.id)).length, 0, 'not even a contact view');
      }
    });

    test('cannot name an offer outside their regions as the original of a duplicate', async () => {
      const copy = await insertOffer(t.ctx.db, { lines: [{ kind: 'accommodation', category: 'house', places: 6, region_code: 'GR-M' }] });
      const res = await act(cretan, copy, '/status', { event: 'mark_duplicate', version: '1', reason: 'x', duplicate_of: outside.reference });
      assert.equal(res.statusCode, 422);
      assertIncludes(res.body, 'There is no offer with this reference');
    });

    test('a regional coordinator with no region sees no offer at all', async () => {
      const nowhere = await signInAs(t.app, t.ctx, 'regional_coordinator', { regions: [] });
      assert.equal((await nowhere.get(page(inside))).statusCode, 404);
    });
  });
}
