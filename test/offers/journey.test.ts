import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { todayInAthens } from '../../src/modules/offers/index.js';
import { buildTestApp, type TestApp } from '../support/app.js';
import { FormClient } from '../support/client.js';
import { engines } from '../support/database.js';
import { completeJourney, loadFixtures, resolveDate } from '../support/fixtures.js';

const fixtures = loadFixtures();
const athensToday = () => new Date(`${todayInAthens(new Date())}T00:00:00Z`);

for (const engine of engines()) {
  describe(`the public offer journey on ${engine}`, () => {
    let t: TestApp;
    before(async () => {
      t = await buildTestApp(engine, { env: { SUBMIT_RATE_LIMIT: '1000' } });
    });
    after(async () => t?.close());

    test('there are eight realistic fixtures to drive', () => {
      assert.equal(fixtures.length, 8);
    });

    for (const f of fixtures) {
      test(`stores fixture ${f.name} complete and normalised, with a reference shown on the confirmation page`, async () => {
        const client = new FormClient(t.app);
        const today = athensToday();
        const confirmation = await completeJourney(client, f, { today });
        assert.equal(confirmation.status, 200);
        const shown = /data-reference="([0-9A-Z]{9})"/.exec(confirmation.body)?.[1];
        assert.ok(shown, 'the confirmation page shows a reference');
        assert.match(confirmation.body, new RegExp(`${shown.slice(0, 3)}-${shown.slice(3, 6)}-${shown.slice(6)}`));
        assert.match(confirmation.body, new RegExp(`<html lang="${f.language}"`));

        const db = t.ctx.db;
        const offer = await db.selectFrom('offers').selectAll().where('reference', '=', shown).executeTakeFirstOrThrow();
        assert.equal(offer.status, 'submitted');
        assert.equal(offer.channel, 'web');
        assert.equal(offer.language, f.language);
        assert.equal(offer.consent_share_with_partners, f.consents.share_with_partners);
        assert.ok(offer.consent_privacy_notice_at instanceof Date);

        const org = await db.selectFrom('organisations').selectAll().where('id', '=', offer.organisation_id).executeTakeFirstOrThrow();
        assert.equal(org.kind, f.organisation.kind);
        assert.equal(org.legal_name, String(f.organisation.legal_name).normalize('NFC'));
        assert.equal(org.tax_id, f.expected.tax_id);
        assert.equal(org.tax_id_kind, f.organisation.country === 'GR' ? 'afm' : 'foreign');
        assert.equal(org.country, f.organisation.country);
        assert.equal(org.contact_phone, f.expected.phone);
        assert.equal(org.contact_email, f.contact.email);
        assert.equal(org.contact_name, f.contact.name);
        assert.equal(org.preferred_language, f.contact.preferred_language);
        assert.equal(org.region_code, f.organisation.address.region ?? null);
        assert.equal(org.legal_representative, f.organisation.kind === 'individual' ? null : ((f.organisation.legal_representative as string | undefined) ?? null));

        const lines = await db.selectFrom('offer_lines').selectAll().where('offer_id', '=', offer.id).orderBy('position').execute();
        assert.equal(lines.length, f.expected.line_count);
        assert.deepEqual(lines.map((l) => l.kind), f.lines.map((l) => l.kind));
        const places = lines.reduce((sum, l) => sum + (l.places ?? 0), 0);
        if (f.expected.total_places !== undefined) assert.equal(places, f.expected.total_places);
        if (f.expected.total_money_eur !== undefined) {
          assert.equal(lines.find((l) => l.kind === 'money')?.amount, f.expected.total_money_eur);
          assert.equal(lines.find((l) => l.kind === 'money')?.currency, 'EUR');
        }
        for (const [i, fl] of f.lines.entries()) {
          const l = lines[i]!;
          const place = (fl.location ?? fl.stock_location) as Record<string, string> | undefined;
          assert.equal(l.region_code, place?.region ?? null, `line ${i + 1} region`);
          assert.equal(l.municipality_code, place?.municipality_code ?? null, `line ${i + 1} municipality`);
          if (fl.kind === 'accommodation') {
            assert.equal(l.category, fl.accommodation_type);
            assert.equal(l.rooms, fl.rooms);
            assert.equal(l.available_from, resolveDate(fl.available_from, today));
            assert.equal(l.available_until, resolveDate(fl.available_until, today));
            assert.deepEqual(l.suitable_for, fl.suitable_for);
            assert.equal(l.step_free_access, fl.step_free_access);
          }
          if (fl.kind === 'service') {
            assert.equal(l.category, fl.category);
            assert.equal(l.capacity_per_week, fl.capacity_per_week);
            assert.deepEqual([...(l.languages ?? [])].sort(), [...(fl.languages as string[])].sort());
            assert.equal(l.delivery, fl.delivery);
            assert.equal(l.description, fl.description);
          }
          if (fl.kind === 'essential_items') {
            assert.equal(l.quantity, fl.quantity);
            assert.equal(l.unit, fl.unit);
            assert.equal(l.can_deliver, fl.can_deliver);
            assert.equal(l.expiry, resolveDate(fl.expiry, today));
          }
        }

        const answers = await db.selectFrom('offer_answer_versions').selectAll().where('offer_id', '=', offer.id).execute();
        assert.equal(answers.length, 1);
        assert.equal(answers[0]!.schema_version, 1);
        const stored = answers[0]!.answers as { language: string; contact: { phone: string } };
        assert.equal(stored.language, f.language);
        assert.equal(stored.contact.phone, f.contact.phone, 'the answers keep the phone as typed');

        const history = await db.selectFrom('offer_status_changes').selectAll().where('offer_id', '=', offer.id).execute();
        assert.deepEqual(history.map((h) => [h.from_status, h.event, h.to_status]), [[null, 'submit', 'submitted']]);
        const audit = await db.selectFrom('audit_events').selectAll().where('entity_id', '=', offer.id).execute();
        assert.deepEqual(audit.map((a) => a.action), ['offer.submitted']);
      });
    }
  });
}
