// Offers for the review queue's tests: a hand-counted set that differs in every filter, and the
// search document the offers service would have written for an offer inserted by the factory.
import { sql, type Kysely } from 'kysely';
import { searchVector } from '../../src/modules/offers/offers.repository.js';
import { searchDocument } from '../../src/modules/offers/index.js';
import type { DB } from '../../src/platform/db/schema.js';
import { insertOffer, type InsertedOffer, type OfferOverrides } from '../support/factories.js';

/** The references in the queue's table, in page order. */
export function referencesIn(html: string): string[] {
  return [...html.matchAll(/<th scope="row" class="govgr-table__header prosfero-reference"><a class="govgr-link" href="\/staff\/offers\/[0-9A-Z]{3}-[0-9A-Z]{3}-[0-9A-Z]{3}">([0-9A-Z]{9})<\/a><\/th>/g)].map((m) => m[1]!);
}

/**
 * Writes the search document submission would have written (offers.search `searchDocument`),
 * from the offer's rows: the factory inserts offers without one.
 */
export async function writeSearchDocument(db: Kysely<DB>, offerId: string): Promise<void> {
  const o = await db
    .selectFrom('offers')
    .innerJoin('organisations', 'organisations.id', 'offers.organisation_id')
    .select(['organisations.legal_name', 'organisations.distinctive_title', 'organisations.legal_representative', 'organisations.contact_name', 'organisations.city'])
    .where('offers.id', '=', offerId)
    .executeTakeFirstOrThrow();
  const lines = await db.selectFrom('offer_lines').select(['description', 'delivery_area', 'purpose']).where('offer_id', '=', offerId).orderBy('position').execute();
  const doc = searchDocument({
    names: [o.legal_name, o.distinctive_title, o.legal_representative, o.contact_name],
    texts: [o.city, ...lines.flatMap((l) => [l.description, l.delivery_area, l.purpose])],
  });
  await db.updateTable('offers').set({ search_text: doc.names, search_vector: searchVector(doc) }).where('id', '=', offerId).execute();
}

/** insertOffer, then its search document. */
export async function insertSearchableOffer(db: Kysely<DB>, overrides: OfferOverrides = {}): Promise<InsertedOffer> {
  const offer = await insertOffer(db, overrides);
  await writeSearchDocument(db, offer.id);
  return offer;
}

export type Letter = 'A' | 'B' | 'C' | 'D' | 'E' | 'F' | 'G' | 'H' | 'I' | 'J';

/**
 * Ten offers, A to J, that differ in every filter (see the table in queue.test.ts). Times are
 * chosen around midnight in Greece: I is 00:00 on 1 March (EET, UTC+2), J one second before;
 * G is 23:59 on 31 March and H 00:00 on 1 April (EEST, UTC+3, since 29 March 2026).
 */
export async function insertQueueOffers(db: Kysely<DB>): Promise<Record<Letter, InsertedOffer>> {
  const o = (submittedAt: string, offer: OfferOverrides['offer'], organisation: OfferOverrides['organisation'], lines: OfferOverrides['lines']) =>
    insertSearchableOffer(db, { submittedAt, offer, organisation, lines });
  return {
    A: await o('2026-03-01T10:00:00Z', { status: 'submitted', language: 'el' }, { kind: 'municipality', legal_name: 'Δήμος Αρχανών-Αστερουσίων' }, [
      { kind: 'accommodation', category: 'camp_or_facility', places: 60, region_code: 'GR-M', municipality_code: '7102' },
      { kind: 'essential_items', category: 'bedding', quantity: 240, unit: 'pieces', region_code: 'GR-M', municipality_code: '7102', description: 'Κουβέρτες και σεντόνια' },
    ]),
    B: await o('2026-03-02T10:00:00Z', { status: 'submitted', language: 'uk', possible_duplicate: true, last_contact_outcome: 'no_answer' }, { kind: 'individual', legal_name: 'Олена Ковальчук' }, [
      { kind: 'service', category: 'legal_aid', delivery: 'remote', description: 'Юридична консультація' },
      { kind: 'money', amount: '300.00', currency: 'EUR', frequency: 'monthly' },
    ]),
    C: await o('2026-03-03T10:00:00Z', { status: 'in_review', language: 'en', reached: true, last_contact_outcome: 'reached' }, { kind: 'ngo', legal_name: 'Athens Hygiene Network' }, [
      { kind: 'essential_items', category: 'hygiene', quantity: 500, unit: 'kits', region_code: 'GR-I', municipality_code: '4501' },
      { kind: 'accommodation', category: 'hotel', places: 12, region_code: 'GR-I', municipality_code: '4501' },
    ]),
    D: await o('2026-03-04T10:00:00Z', { status: 'verified', language: 'el', last_contact_outcome: 'wrong_number' }, { kind: 'business', legal_name: 'Τρόφιμα Θεσσαλονίκης Α.Ε.' }, [
      { kind: 'essential_items', category: 'food', quantity: 40, unit: 'boxes', region_code: 'GR-B', municipality_code: '0702' },
    ]),
    E: await o('2026-03-05T10:00:00Z', { status: 'rejected', language: 'el', possible_duplicate: true, reached: true, last_contact_outcome: 'bounced' }, { kind: 'individual', legal_name: 'Μαρία Ρεθυμνιωτάκη' }, [
      { kind: 'accommodation', category: 'room_in_shared_home', places: 2, region_code: 'GR-M', municipality_code: '7301' },
    ]),
    F: await o('2026-03-06T10:00:00Z', { status: 'submitted', language: 'el' }, { kind: 'religious_body', legal_name: 'Ιερά Μητρόπολη Λαρίσης' }, [
      { kind: 'service', category: 'other', delivery: 'in_person', region_code: 'GR-E', municipality_code: '2201' },
      { kind: 'essential_items', category: 'other', quantity: 10, unit: 'boxes', region_code: 'GR-E', municipality_code: '2201' },
    ]),
    G: await o('2026-03-31T20:59:00Z', { status: 'verified', language: 'el' }, { kind: 'ngo', legal_name: 'Σύλλογος Αλληλεγγύης Κεντρικής Μακεδονίας' }, [
      { kind: 'accommodation', category: 'apartment', places: 4, region_code: 'GR-B' },
    ]),
    H: await o('2026-03-31T21:00:00Z', { status: 'submitted', language: 'el' }, { kind: 'ngo', legal_name: 'Ένωση Εθελοντών' }, [
      { kind: 'money', amount: '50.00', currency: 'EUR', frequency: 'one_off' },
    ]),
    I: await o('2026-02-28T22:00:00Z', { status: 'withdrawn', language: 'en' }, { kind: 'other', legal_name: 'Friends of Ukraine Club' }, [
      { kind: 'money', amount: '1000.00', currency: 'EUR', frequency: 'one_off' },
    ]),
    J: await o('2026-02-28T21:59:59Z', { status: 'expired', language: 'el' }, { kind: 'public_body', legal_name: 'Κέντρο Υγείας Βόλου' }, [
      { kind: 'money', amount: '75.00', currency: 'EUR', frequency: 'one_off' },
    ]),
  };
}

/** Inserts `count` offers in one statement each for organisations, offers and lines (the triggers fill the queue columns). */
export async function insertManyOffers(db: Kysely<DB>, count: number, options: { status: (n: number) => string; word: string }): Promise<void> {
  const statuses = Array.from({ length: count }, (_, i) => options.status(i + 1));
  await sql`
    INSERT INTO organisations (id, kind, legal_name, country, contact_name, contact_phone, contact_email, preferred_language)
    SELECT md5('many-organisation' || n)::uuid, 'ngo', ${options.word} || ' ' || n, 'GR', 'Many', '+306900000000', 'many' || n || '@example.org', 'el'
    FROM generate_series(1, ${count}) AS n`.execute(db);
  await sql`
    INSERT INTO offers (id, reference, organisation_id, status, language, channel, consent_privacy_notice_at, consent_share_with_partners,
                        idempotency_key, submitted_at, search_text, search_vector)
    SELECT md5('many-offer' || n)::uuid, 'M' || lpad(n::text, 8, '0'), md5('many-organisation' || n)::uuid, (${statuses}::text[])[n], 'el', 'web', now(), false,
           'many:' || n, timestamptz '2025-01-01T00:00:00Z' + n * interval '1 minute', lower(${options.word}), to_tsvector('simple', lower(${options.word}))
    FROM generate_series(1, ${count}) AS n`.execute(db);
  await sql`
    INSERT INTO offer_lines (offer_id, position, kind, amount, currency, frequency)
    SELECT md5('many-offer' || n)::uuid, 1, 'money', 10, 'EUR', 'one_off' FROM generate_series(1, ${count}) AS n`.execute(db);
}
