// Rows for tests, inserted directly with Kysely: offers as the public journey would leave them,
// and staff accounts with a known password. Every value satisfies the CHECKs in db/migrations.
import { randomBytes, randomUUID } from 'node:crypto';
import { sql, type Insertable, type Kysely } from 'kysely';
import type { DB, OfferLinesTable, OffersTable, OrganisationsTable } from '../../src/platform/db/schema.js';
import { hashPassword, type StaffRole } from '../../src/modules/accounts/index.js';

const REFERENCE_ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const usedReferences = new Set<string>();

/** A reference matching ^[0-9A-Z]{9}$, unique within this test process. */
export function uniqueReference(): string {
  for (;;) {
    const ref = [...randomBytes(9)].map((b) => REFERENCE_ALPHABET[b % 36]).join('');
    if (!usedReferences.has(ref)) {
      usedReferences.add(ref);
      return ref;
    }
  }
}

export type LineOverrides = Omit<Partial<Insertable<OfferLinesTable>>, 'offer_id' | 'position'> & {
  kind: Insertable<OfferLinesTable>['kind'];
};

export type OfferOverrides = {
  /** ISO 8601; a string may carry microseconds ('2026-03-01T10:00:00.123456Z'), which a Date cannot */
  submittedAt?: string | Date;
  organisation?: Partial<Insertable<OrganisationsTable>>;
  offer?: Partial<Omit<Insertable<OffersTable>, 'organisation_id'>>;
  /** 1 or more lines; by default an apartment for 4 in Crete and 500 hygiene kits in Attica */
  lines?: LineOverrides[];
};

export type InsertedOffer = {
  id: string;
  reference: string;
  organisationId: string;
  submittedAt: Date;
  organisation: { legalName: string; contactEmail: string; contactPhone: string };
};

export const defaultLines: LineOverrides[] = [
  { kind: 'accommodation', category: 'apartment', places: 4, rooms: 2, region_code: 'GR-M', address: 'Odos Kritis 12' },
  { kind: 'essential_items', category: 'hygiene', quantity: 500, unit: 'kits', region_code: 'GR-I', condition: 'new' },
];

/**
 * Inserts an organisation, one offer and its lines (positions 1, 2, …).
 * @returns the ids, the reference, the stored submitted_at and the contact details used, so
 *   tests can check they are (or are not) shown.
 */
export async function insertOffer(db: Kysely<DB>, overrides: OfferOverrides = {}): Promise<InsertedOffer> {
  const suffix = randomBytes(4).toString('hex');
  const organisation = await db
    .insertInto('organisations')
    .values({
      kind: 'ngo',
      // A name of its own: two test organisations never look alike to the duplicate rule's
      // trigram similarity (a shared prefix with short random tails sometimes reached 0.6).
      legal_name: `Organisation ${randomBytes(8).toString('hex')}`,
      country: 'GR',
      contact_name: 'Eleni Papadopoulou',
      contact_phone: `+3069${String(10_000_000 + (parseInt(suffix, 16) % 89_999_999)).padStart(8, '0')}`,
      contact_email: `contact-${suffix}@example.org`,
      preferred_language: 'el',
      ...overrides.organisation,
    })
    .returning(['id', 'legal_name', 'contact_email', 'contact_phone'])
    .executeTakeFirstOrThrow();
  const offer = await db
    .insertInto('offers')
    .values({
      reference: uniqueReference(),
      organisation_id: organisation.id,
      language: 'el',
      channel: 'web',
      consent_privacy_notice_at: new Date(),
      consent_share_with_partners: false,
      idempotency_key: randomUUID(),
      ...(overrides.submittedAt !== undefined
        ? { submitted_at: sql<Date>`${typeof overrides.submittedAt === 'string' ? overrides.submittedAt : overrides.submittedAt.toISOString()}::timestamptz` }
        : {}),
      ...overrides.offer,
    })
    .returning(['id', 'reference', 'submitted_at'])
    .executeTakeFirstOrThrow();
  const lines = overrides.lines ?? defaultLines;
  if (lines.length === 0) throw new Error('an offer has at least one line');
  await db
    .insertInto('offer_lines')
    .values(lines.map((l, i) => ({ ...l, offer_id: offer.id, position: i + 1 })))
    .execute();
  return {
    id: offer.id,
    reference: offer.reference,
    organisationId: organisation.id,
    submittedAt: offer.submitted_at,
    organisation: { legalName: organisation.legal_name, contactEmail: organisation.contact_email, contactPhone: organisation.contact_phone },
  };
}

/** A staff account with a known password (argon2id, as the service stores it). */
export async function insertStaffAccount(
  db: Kysely<DB>,
  options: {
    email?: string;
    password?: string;
    name?: string;
    role?: StaffRole;
    mustChangePassword?: boolean;
    language?: 'el' | 'en';
    disabledAt?: Date | null;
  } = {},
): Promise<{ id: string; email: string; password: string }> {
  const email = options.email ?? `staff-${randomBytes(4).toString('hex')}@prosfero.test`;
  const password = options.password ?? 'correct horse battery staple';
  const row = await db
    .insertInto('staff_accounts')
    .values({
      email,
      name: options.name ?? 'Test Coordinator',
      role: options.role ?? 'coordinator',
      password_hash: await hashPassword(password),
      must_change_password: options.mustChangePassword ?? false,
      language: options.language ?? 'en',
      disabled_at: options.disabledAt ?? null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { id: row.id, email, password };
}
