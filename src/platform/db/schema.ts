// Kysely's view of the tables in db/migrations. Kept by hand beside the migrations;
// test/schema.test.ts compares it with the migrated database so the two cannot drift.
import type { ColumnType, Generated } from 'kysely';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type DateOnly = ColumnType<string, string, string>;
type Json<T = unknown> = ColumnType<T, string, string>;

export interface AdminUnitsTable {
  code: string;
  level: 'region' | 'regional_unit' | 'municipality' | 'self_governed';
  parent_code: string | null;
  name_el: string;
  name_en: string;
  nuts_code: string | null;
}

export interface ReferenceDataLoadsTable {
  name: string;
  checksum: string;
  row_count: number;
  loaded_at: Timestamp;
}

export interface OrganisationsTable {
  id: Generated<string>;
  kind: string;
  legal_name: string;
  distinctive_title: string | null;
  country: string;
  tax_id: string | null;
  tax_id_kind: 'afm' | 'foreign' | null;
  registry_number: string | null;
  street: string | null;
  postcode: string | null;
  city: string | null;
  region_code: string | null;
  municipality_code: string | null;
  website: string | null;
  legal_representative: string | null;
  contact_name: string;
  contact_role: string | null;
  contact_phone: string;
  contact_email: string;
  preferred_language: 'el' | 'en' | 'uk';
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
  /** 0006: GENERATED ALWAYS AS organisation_name_key(legal_name), for duplicate detection */
  name_key: ColumnType<string | null, never, never>;
}

export interface OffersTable {
  id: Generated<string>;
  reference: string;
  organisation_id: string;
  status: Generated<string>;
  language: 'el' | 'en' | 'uk';
  channel: 'web' | 'api' | 'import' | 'staff';
  consent_privacy_notice_at: Timestamp;
  consent_share_with_partners: boolean;
  idempotency_key: string;
  version: Generated<number>;
  submitted_at: Generated<Date>;
  updated_at: Generated<Date>;
  /** 0005: copied from organisations.kind by a trigger */
  organisation_kind: Generated<string>;
  /** 0005: from the lines, kept by triggers on offer_lines (region_codes is the regional scope) */
  region_codes: Generated<string[]>;
  regional_unit_codes: Generated<string[]>;
  municipality_codes: Generated<string[]>;
  line_kinds: Generated<string[]>;
  /** 0005: '<kind>:<category>' */
  line_categories: Generated<string[]>;
  /** 0005: offers.search.ts `searchDocument`, written at submission */
  search_text: Generated<string>;
  search_vector: Generated<string>;
  /** 0005, written by casework: the latest contact attempt's outcome; whether any reached the offeror */
  last_contact_outcome: Generated<'reached' | 'no_answer' | 'wrong_number' | 'bounced' | null>;
  reached: Generated<boolean>;
  possible_duplicate: Generated<boolean>;
  /** 0006: the original, while status is 'duplicate' */
  duplicate_of_offer_id: Generated<string | null>;
}

export interface OfferLinesTable {
  id: Generated<string>;
  offer_id: string;
  position: number;
  kind: 'accommodation' | 'service' | 'essential_items' | 'money';
  category: string | null;
  description: string | null;
  region_code: string | null;
  municipality_code: string | null;
  address: string | null;
  available_from: DateOnly | null;
  available_until: DateOnly | null;
  cost_basis: string | null;
  places: number | null;
  rooms: number | null;
  step_free_access: boolean | null;
  suitable_for: string[] | null;
  languages: string[] | null;
  delivery: string | null;
  capacity_per_week: number | null;
  quantity: number | null;
  unit: string | null;
  condition: string | null;
  can_deliver: boolean | null;
  delivery_area: string | null;
  expiry: DateOnly | null;
  /** numeric(14,2), returned by the driver as a string so no cent is lost to floating point */
  amount: string | null;
  currency: string | null;
  frequency: string | null;
  purpose: string | null;
}

export interface OfferAnswerVersionsTable {
  offer_id: string;
  version: number;
  schema_version: number;
  answers: Json;
  source: 'web' | 'api' | 'import' | 'staff' | 'self_service';
  created_at: Generated<Date>;
}

export interface OfferStatusChangesTable {
  id: Generated<string>;
  offer_id: string;
  from_status: string | null;
  event: string;
  to_status: string;
  reason: string | null;
  actor_kind: 'offeror' | 'staff' | 'partner' | 'system';
  actor_id: string | null;
  occurred_at: Generated<Date>;
  /** 0006: the original named by a mark_duplicate */
  duplicate_of_offer_id: Generated<string | null>;
}

export interface DraftsTable {
  token_hash: string;
  answers: Json;
  language: 'el' | 'en' | 'uk';
  offer_id: string | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
  expires_at: Timestamp;
}

export interface StaffAccountsTable {
  id: Generated<string>;
  email: string;
  name: string;
  role: 'administrator' | 'coordinator' | 'regional_coordinator' | 'viewer';
  password_hash: string;
  must_change_password: Generated<boolean>;
  language: Generated<'el' | 'en'>;
  failed_sign_ins: Generated<number>;
  locked_until: Date | null;
  disabled_at: Date | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
  /** encrypted (accounts.crypto.ts); null until enrolled */
  totp_secret: string | null;
  totp_enrolled_at: Date | null;
  /** RFC 6238 time step of the last accepted code (bigint: pg returns it as a string) */
  totp_last_step: string | null;
  last_signed_in_at: Date | null;
}

export interface StaffSessionsTable {
  token_hash: string;
  staff_account_id: string;
  created_at: Generated<Date>;
  last_seen_at: Generated<Date>;
  stage: Generated<'second_factor' | 'signed_in'>;
  totp_pending_secret: string | null;
}

export interface StaffAccountRegionsTable {
  staff_account_id: string;
  region_code: string;
}

export interface AuditEventsTable {
  id: Generated<string>;
  occurred_at: Generated<Date>;
  actor_kind: 'offeror' | 'staff' | 'partner' | 'system';
  actor_id: string | null;
  action: string;
  entity_type: string;
  entity_id: string | null;
  reason: string | null;
  details: Json;
}

export interface SchemaMigrationsTable {
  name: string;
  applied_at: Generated<Date>;
}

// 0006: casework on an offer (contact attempts, notes, possible duplicates).
export interface OfferContactAttemptsTable {
  id: Generated<string>;
  offer_id: string;
  outcome: 'reached' | 'no_answer' | 'wrong_number' | 'bounced';
  channel: 'phone' | 'email' | 'sms' | 'viber' | 'in_person';
  note: string | null;
  staff_account_id: string;
  attempted_at: Timestamp;
}

export interface OfferNotesTable {
  id: Generated<string>;
  offer_id: string;
  body: string;
  staff_account_id: string;
  created_at: Timestamp;
}

export interface OfferDuplicateCandidatesTable {
  id: Generated<string>;
  offer_id: string;
  candidate_offer_id: string;
  reasons: string[];
  /** numeric(4,3), as a string */
  score: string;
  name_similarity: number | null;
  shared_place: string | null;
  found_by: 'submission' | 'on_demand';
  found_at: Timestamp;
  status: Generated<'open' | 'confirmed' | 'dismissed'>;
  decided_by: string | null;
  decided_at: Date | null;
}

export interface DB {
  admin_units: AdminUnitsTable;
  reference_data_loads: ReferenceDataLoadsTable;
  organisations: OrganisationsTable;
  offers: OffersTable;
  offer_lines: OfferLinesTable;
  offer_answer_versions: OfferAnswerVersionsTable;
  offer_status_changes: OfferStatusChangesTable;
  drafts: DraftsTable;
  staff_accounts: StaffAccountsTable;
  staff_sessions: StaffSessionsTable;
  staff_account_regions: StaffAccountRegionsTable;
  offer_contact_attempts: OfferContactAttemptsTable;
  offer_notes: OfferNotesTable;
  offer_duplicate_candidates: OfferDuplicateCandidatesTable;
  audit_events: AuditEventsTable;
  schema_migrations: SchemaMigrationsTable;
}
