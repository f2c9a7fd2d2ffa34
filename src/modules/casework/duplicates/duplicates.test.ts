import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { csrfToken } from '../../../../test/support/agent.js';
import { buildTestApp, type TestApp } from '../../../../test/support/app.js';
import { assertExcludes, assertIncludes } from '../../../../test/support/assertions.js';
import { FormClient } from '../../../../test/support/client.js';
import { engines } from '../../../../test/support/database.js';
import { insertOffer, type InsertedOffer } from '../../../../test/support/factories.js';
import { completeJourney, loadFixtures, type Fixture } from '../../../../test/support/fixtures.js';
import { signInAs, type StaffAgent } from '../../../../test/support/staff.js';
import { formatReference, todayInAthens } from '../../offers/index.js';
import { duplicateScore } from './index.js';

/** A valid ΑΦΜ from 8 digits: the check digit by the rule in platform/validation/rules.ts. */
function afm(first8: string): string {
  let sum = 0;
  for (let i = 0; i < 8; i++) sum += Number(first8[i]) * 2 ** (8 - i);
  return `${first8}${(sum % 11) % 10}`;
}

const ngo = loadFixtures().find((f) => f.name === '02-ngo-legal-aid')!;
const today = () => new Date(`${todayInAthens(new Date())}T00:00:00Z`);

/** The NGO fixture with other identifying details, so that only what a test keeps can match. */
function variant(over: { legalName: string; taxId: string; email: string; phone: string; municipality?: string; region?: string }): Fixture {
  const f = structuredClone(ngo);
  f.organisation.legal_name = over.legalName;
  f.organisation.distinctive_title = '';
  f.organisation.tax_id = over.taxId;
  f.contact.email = over.email;
  f.contact.phone = over.phone;
  if (over.region) f.organisation.address.region = over.region;
  const location = f.lines[0]!.location as Record<string, string>;
  if (over.municipality) location.municipality_code = over.municipality;
  if (over.region) location.region = over.region;
  return f;
}

const page = (reference: string) => `/staff/offers/${reference}`;

describe('the duplicate score', () => {
  test('combines the reasons as independent evidence, a name in proportion to its similarity', () => {
    assert.equal(duplicateScore(['tax_id'], null), 0.9);
    assert.equal(duplicateScore(['email'], null), 0.8);
    assert.equal(duplicateScore(['phone'], null), 0.7);
    assert.equal(duplicateScore(['email', 'phone'], null), 0.94);
    assert.equal(duplicateScore(['name'], 0.75), 0.6);
    assert.equal(duplicateScore(['email', 'name', 'phone', 'tax_id'], 1), 0.999);
  });
});

for (const engine of engines()) {
  describe(`possible duplicates found on submission (${engine})`, () => {
    let t: TestApp;
    const submitted = new Map<string, { id: string; reference: string }>();

    async function submit(name: string, f: Fixture): Promise<{ id: string; reference: string }> {
      const confirmation = await completeJourney(new FormClient(t.app), f, { today: today() });
      const reference = /data-reference="(\w+)"/.exec(confirmation.body)?.[1];
      assert.ok(reference, `${name} was submitted`);
      const row = await t.ctx.db.selectFrom('offers').select(['id', 'reference']).where('reference', '=', reference).executeTakeFirstOrThrow();
      submitted.set(name, row);
      return row;
    }

    async function pairsOf(id: string) {
      return t.ctx.db
        .selectFrom('offer_duplicate_candidates')
        .select(['offer_id', 'candidate_offer_id', 'reasons', 'score', 'name_similarity', 'shared_place', 'status', 'found_by'])
        .where((eb) => eb.or([eb('offer_id', '=', id), eb('candidate_offer_id', '=', id)]))
        .orderBy('id')
        .execute();
    }

    const flag = async (id: string) => (await t.ctx.db.selectFrom('offers').select('possible_duplicate').where('id', '=', id).executeTakeFirstOrThrow()).possible_duplicate;

    before(async () => {
      t = await buildTestApp(engine, { env: { SUBMIT_RATE_LIMIT: '1000' } });
      await submit('original', ngo);
    });
    after(() => t.close());

    test('the first offer has nothing to match and is not flagged', async () => {
      const original = submitted.get('original')!;
      assert.deepEqual(await pairsOf(original.id), []);
      assert.equal(await flag(original.id), false);
    });

    test('the same ΑΦΜ, typed with spaces and the EL prefix, is found', async () => {
      const original = submitted.get('original')!;
      const copy = await submit('same afm', variant({ legalName: 'Ένωση Γονέων Πειραιά', taxId: 'EL 998 123 451', email: 'info@parents.example.org', phone: '+30 697 000 0011', region: 'GR-B', municipality: '0701' }));
      const [pair, ...rest] = await pairsOf(copy.id);
      assert.deepEqual(rest, []);
      assert.deepEqual([pair?.offer_id, pair?.candidate_offer_id, pair?.reasons, pair?.status, pair?.found_by], [copy.id, original.id, ['tax_id'], 'open', 'submission']);
      assert.equal(Number(pair?.score), 0.9);
      assert.equal(await flag(copy.id), true);
      assert.equal(await flag(original.id), true, 'both sides of an open pair are flagged');
      const events = await t.ctx.db.selectFrom('audit_events').select(['action', 'actor_kind', 'details']).where('entity_id', '=', copy.id).orderBy('id').execute();
      assert.deepEqual(events.map((e) => [e.action, e.actor_kind]), [['offer.submitted', 'offeror'], ['offer.possible_duplicates_found', 'system']]);
      assert.deepEqual((events[1]!.details as { found: number; reasons: string[] }).reasons, ['tax_id']);
    });

    test('the same email in another case is found', async () => {
      const original = submitted.get('original')!;
      const copy = await submit('same email', variant({ legalName: 'Σύλλογος Φίλων Βιβλίου Ρόδου', taxId: afm('09012345'), email: 'Coordination@RLAN.Example.org', phone: '+30 697 000 0022', region: 'GR-B', municipality: '0701' }));
      const pairs = await pairsOf(copy.id);
      assert.deepEqual(pairs.map((p) => [p.candidate_offer_id, p.reasons]), [[original.id, ['email']]]);
    });

    test('the same phone typed differently is found', async () => {
      const original = submitted.get('original')!;
      const copy = await submit('same phone', variant({ legalName: 'Κέντρο Στήριξης Οικογένειας Λάρισας', taxId: afm('09023456'), email: 'family@larisa.example.org', phone: '0030 (694) 123-4567', region: 'GR-B', municipality: '0701' }));
      const pairs = await pairsOf(copy.id);
      assert.deepEqual(pairs.map((p) => [p.candidate_offer_id, p.reasons]), [[original.id, ['phone']]]);
    });

    test('a very similar organisation name in the same municipality is found, with the municipality', async () => {
      const original = submitted.get('original')!;
      const copy = await submit('similar name', variant({ legalName: 'ΔΙΚΤΥΟ ΝΟΜΙΚΗΣ ΑΡΩΓΗΣ ΠΡΟΣΦΥΓΩΝ Α.Μ.Κ.Ε.', taxId: afm('09034567'), email: 'rlan.athens@example.net', phone: '+30 697 000 0033' }));
      const pairs = await pairsOf(copy.id);
      assert.equal(pairs.length, 1);
      assert.deepEqual([pairs[0]!.candidate_offer_id, pairs[0]!.reasons, pairs[0]!.shared_place], [original.id, ['name'], '4501']);
      assert.ok(pairs[0]!.name_similarity! >= 0.6 && pairs[0]!.name_similarity! < 1, String(pairs[0]!.name_similarity));
    });

    test('the same name in another municipality and region is not a duplicate', async () => {
      const elsewhere = await submit('name elsewhere', variant({ legalName: 'Δίκτυο Νομικής Αρωγής Προσφύγων', taxId: afm('09045678'), email: 'rlan.thessaloniki@example.net', phone: '+30 697 000 0044', region: 'GR-B', municipality: '0701' }));
      assert.deepEqual(await pairsOf(elsewhere.id), []);
      assert.equal(await flag(elsewhere.id), false);
    });

    test('the page says why each candidate may be the same offer', async () => {
      const coordinator = await signInAs(t.app, t.ctx, 'coordinator');
      const original = submitted.get('original')!;
      const res = await coordinator.get(page(original.reference));
      assert.equal(res.statusCode, 200);
      assertIncludes(res.body, 'Yes: see «Possible duplicates» below');
      for (const name of ['same afm', 'same email', 'same phone', 'similar name']) {
        assertIncludes(res.body, `href="${page(submitted.get(name)!.reference)}"`, name);
      }
      assertIncludes(res.body, 'Same tax number');
      assertIncludes(res.body, 'Same email address');
      assertIncludes(res.body, 'Same phone number');
      assert.match(res.body, /Similar organisation name \(\d\d% alike\), both in Athinaion/);
      assertIncludes(res.body, 'found on submission');
      assertExcludes(res.body, `href="${page(submitted.get('name elsewhere')!.reference)}"`);
    });

    test('detection runs in the submission’s transaction: if it fails, no offer is left', async () => {
      const before = await t.ctx.db.selectFrom('offers').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
      await sql`CREATE FUNCTION fail_candidate() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'disk full'; END $$`.execute(t.ctx.db);
      await sql`CREATE TRIGGER fail_candidate BEFORE INSERT ON offer_duplicate_candidates FOR EACH ROW EXECUTE FUNCTION fail_candidate()`.execute(t.ctx.db);
      try {
        await assert.rejects(submit('failed', variant({ legalName: 'Άλλος φορέας', taxId: '998123451', email: 'x@example.org', phone: '+30 697 000 0055' })));
      } finally {
        await sql`DROP TRIGGER fail_candidate ON offer_duplicate_candidates`.execute(t.ctx.db);
        await sql`DROP FUNCTION fail_candidate()`.execute(t.ctx.db);
      }
      const after = await t.ctx.db.selectFrom('offers').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
      assert.equal(after.n, before.n);
    });
  });

  describe(`possible duplicates on demand, confirmed and dismissed (${engine})`, () => {
    let t: TestApp;
    let coordinator: StaffAgent;
    before(async () => {
      t = await buildTestApp(engine);
      coordinator = await signInAs(t.app, t.ctx, 'coordinator', { name: 'Άννα Συντονίστρια' });
    });
    after(() => t.close());

    const candidates = (id: string) =>
      t.ctx.db
        .selectFrom('offer_duplicate_candidates')
        .select(['id', 'offer_id', 'candidate_offer_id', 'reasons', 'status', 'decided_by', 'found_by'])
        .where((eb) => eb.or([eb('offer_id', '=', id), eb('candidate_offer_id', '=', id)]))
        .orderBy('id')
        .execute();
    const offerRow = (id: string) =>
      t.ctx.db.selectFrom('offers').select(['status', 'version', 'duplicate_of_offer_id', 'possible_duplicate']).where('id', '=', id).executeTakeFirstOrThrow();
    const actions = async (id: string) =>
      (await t.ctx.db.selectFrom('audit_events').select('action').where('entity_id', '=', id).orderBy('id').execute()).map((e) => e.action).filter((a) => a !== 'offer.contact_viewed');

    async function pairOf(a: InsertedOffer, b: InsertedOffer): Promise<string> {
      const res = await coordinator.submit(page(a.reference), {}, `${page(a.reference)}/duplicates/search`);
      assert.equal(res.statusCode, 303);
      const pair = (await candidates(a.id)).find((c) => c.candidate_offer_id === b.id || c.offer_id === b.id);
      assert.ok(pair, 'the pair was found');
      return String(pair.id);
    }

    test('a search on demand finds what was missed, once, and says so in the audit trail', async () => {
      const a = await insertOffer(t.ctx.db, { organisation: { contact_email: 'Shared.Address@example.org' } });
      const b = await insertOffer(t.ctx.db, { organisation: { contact_email: 'shared.address@EXAMPLE.org' } });
      let res = await coordinator.get(page(a.reference));
      assertIncludes(res.body, 'No possible duplicate has been found.');
      res = await coordinator.submit(page(a.reference), {}, `${page(a.reference)}/duplicates/search`);
      assert.equal(res.statusCode, 303);
      assert.equal(res.headers.location, `${page(a.reference)}?done=duplicates_searched`);
      res = await coordinator.get(String(res.headers.location));
      assertIncludes(res.body, 'The search for possible duplicates is done.');
      assertIncludes(res.body, `href="${page(b.reference)}"`);
      assertIncludes(res.body, 'Same email address');
      assertIncludes(res.body, 'found on request');
      assert.deepEqual((await candidates(a.id)).map((c) => [c.offer_id, c.candidate_offer_id, c.reasons, c.found_by]), [[a.id, b.id, ['email'], 'on_demand']]);
      assert.equal((await offerRow(a.id)).possible_duplicate, true);
      assert.equal((await offerRow(b.id)).possible_duplicate, true);

      // From the other side, the same pair: still one row.
      await coordinator.submit(page(b.reference), {}, `${page(b.reference)}/duplicates/search`);
      assert.equal((await candidates(a.id)).length, 1);
      const searched = await t.ctx.db.selectFrom('audit_events').select(['action', 'details']).where('entity_id', '=', b.id).where('action', '=', 'offer.duplicates_searched').execute();
      assert.deepEqual(searched.map((e) => (e.details as { found: number; added: number })).map((d) => [d.found, d.added]), [[1, 0]]);
    });

    test('confirming marks this offer a duplicate of the other, records the decision and clears both flags', async () => {
      const a = await insertOffer(t.ctx.db, { organisation: { contact_phone: '+306977000101' } });
      const b = await insertOffer(t.ctx.db, { organisation: { contact_phone: '+306977000101' } });
      const pair = await pairOf(b, a);
      let res = await coordinator.submit(page(b.reference), { version: '1' }, `${page(b.reference)}/duplicates/${pair}/confirm`);
      assert.equal(res.statusCode, 422);
      assertIncludes(res.body, `<a class="govgr-link" href="#confirm_reason_${pair}">Give the reason for this change</a>`);
      assert.equal((await offerRow(b.id)).status, 'submitted');

      res = await coordinator.submit(page(b.reference), { version: '1', [`confirm_reason_${pair}`]: 'Same phone, same flat' }, `${page(b.reference)}/duplicates/${pair}/confirm`);
      assert.equal(res.statusCode, 303);
      assert.equal(res.headers.location, `${page(b.reference)}?done=duplicate_confirmed`);
      const row = await offerRow(b.id);
      assert.deepEqual([row.status, row.duplicate_of_offer_id, row.possible_duplicate], ['duplicate', a.id, false]);
      assert.equal((await offerRow(a.id)).possible_duplicate, false);
      const [decided] = await candidates(b.id);
      assert.deepEqual([decided?.status, decided?.decided_by], ['confirmed', coordinator.account.id]);
      assert.deepEqual(await actions(b.id), ['offer.duplicates_searched', 'offer.marked_duplicate', 'offer.duplicate_confirmed']);
      const shown = await coordinator.get(page(b.reference));
      assertIncludes(shown.body, 'Confirmed as a duplicate by Άννα Συντονίστρια');
      assertIncludes(shown.body, `<a class="govgr-link" href="${page(a.reference)}">${formatReference(a.reference)}</a>`);
    });

    test('marking a duplicate through the status form confirms the pair it names', async () => {
      const a = await insertOffer(t.ctx.db, { organisation: { tax_id: afm('11122233'), tax_id_kind: 'afm' } });
      const b = await insertOffer(t.ctx.db, { organisation: { tax_id: afm('11122233'), tax_id_kind: 'afm' } });
      await pairOf(b, a);
      const res = await coordinator.submit(page(b.reference), { event: 'mark_duplicate', version: '1', reason: 'Same ΑΦΜ', duplicate_of: a.reference }, `${page(b.reference)}/status`);
      assert.equal(res.statusCode, 303);
      assert.deepEqual((await candidates(b.id)).map((c) => c.status), ['confirmed']);
      assert.equal((await offerRow(a.id)).possible_duplicate, false);
    });

    test('dismissing records "not a duplicate", clears the flags, and a second dismissal of the same pair is a conflict', async () => {
      const a = await insertOffer(t.ctx.db, { organisation: { contact_phone: '+306977000202' } });
      const b = await insertOffer(t.ctx.db, { organisation: { contact_phone: '+306977000202' } });
      const pair = await pairOf(a, b);
      const other = await signInAs(t.app, t.ctx, 'administrator');
      const stale = await other.get(page(a.reference));
      const res = await coordinator.submit(page(a.reference), {}, `${page(a.reference)}/duplicates/${pair}/dismiss`);
      assert.equal(res.statusCode, 303);
      assert.deepEqual((await candidates(a.id)).map((c) => [c.status, c.decided_by]), [['dismissed', coordinator.account.id]]);
      assert.equal((await offerRow(a.id)).possible_duplicate, false);
      assert.equal((await offerRow(b.id)).possible_duplicate, false);
      assert.equal((await offerRow(a.id)).status, 'submitted', 'dismissing changes no status');

      const again = await other.post(`${page(a.reference)}/duplicates/${pair}/dismiss`, { _csrf: csrfToken(stale.body) });
      assert.equal(again.statusCode, 409);
      // A later search does not reopen a decided pair.
      await coordinator.submit(page(a.reference), {}, `${page(a.reference)}/duplicates/search`);
      assert.deepEqual((await candidates(a.id)).map((c) => c.status), ['dismissed']);
      assert.equal((await offerRow(a.id)).possible_duplicate, false);
      assert.deepEqual(await actions(a.id), ['offer.duplicates_searched', 'offer.duplicate_dismissed', 'offer.duplicates_searched']);
      const shown = await coordinator.get(page(a.reference));
      assertIncludes(shown.body, 'Not a duplicate, decided by Άννα Συντονίστρια');
    });

    test('confirming on a page whose offer has changed meanwhile is a conflict, and nothing is written', async () => {
      const a = await insertOffer(t.ctx.db, { organisation: { contact_phone: '+306977000303' } });
      const b = await insertOffer(t.ctx.db, { organisation: { contact_phone: '+306977000303' } });
      const pair = await pairOf(b, a);
      const stale = await coordinator.get(page(b.reference));
      const other = await signInAs(t.app, t.ctx, 'coordinator');
      assert.equal((await other.submit(page(b.reference), { event: 'start_review', version: '1' }, `${page(b.reference)}/status`)).statusCode, 303);
      const res = await coordinator.post(`${page(b.reference)}/duplicates/${pair}/confirm`, { _csrf: csrfToken(stale.body), version: '1', [`confirm_reason_${pair}`]: 'Same phone' });
      assert.equal(res.statusCode, 409);
      assert.equal((await offerRow(b.id)).status, 'in_review');
      assert.deepEqual((await candidates(b.id)).map((c) => c.status), ['open']);
    });

    test('a regional coordinator sees only candidates in their regions, and cannot act on the others', async () => {
      const cretan = await signInAs(t.app, t.ctx, 'regional_coordinator', { regions: ['GR-M'] });
      const inCrete = await insertOffer(t.ctx.db, { organisation: { contact_email: 'same@crete.example' }, lines: [{ kind: 'accommodation', category: 'house', places: 3, region_code: 'GR-M' }] });
      const inThessaly = await insertOffer(t.ctx.db, { organisation: { contact_email: 'same@crete.example' }, lines: [{ kind: 'accommodation', category: 'house', places: 3, region_code: 'GR-E' }] });
      const pair = await pairOf(inCrete, inThessaly);
      const res = await cretan.get(page(inCrete.reference));
      assertIncludes(res.body, 'No possible duplicate has been found.');
      assertExcludes(res.body, inThessaly.reference);
      const token = csrfToken(res.body);
      assert.equal((await cretan.post(`${page(inCrete.reference)}/duplicates/${pair}/dismiss`, { _csrf: token })).statusCode, 404);
      assert.equal((await cretan.post(`${page(inCrete.reference)}/duplicates/${pair}/confirm`, { _csrf: token, version: '1', [`confirm_reason_${pair}`]: 'x' })).statusCode, 404);
      assert.deepEqual((await candidates(inCrete.id)).map((c) => c.status), ['open']);
    });
  });
}
