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
  /** 0008: the availability check cycle (availability module); null confirmed_at = submitted_at */
  availability_confirmed_at: Generated<Date | null>;
  availability_check_sent_at: Generated<Date | null>;
  availability_reminders_sent: Generated<number>;
  availability_last_asked_at: Generated<Date | null>;
  /** 0008: flagged for staff when two reminders went unanswered */
  unconfirmed_at: Generated<Date | null>;
  /** 0007: when the contact followed the confirmation link of the submission email */
  email_confirmed_at: Generated<Date | null>;
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
  /** 0008: the offeror withdrew this line (self-service) */
  withdrawn_at: Generated<Date | null>;
  withdrawn_reason: Generated<string | null>;
  /** 0011: places, capacity_per_week, quantity or amount by kind (GENERATED ALWAYS, numeric as a string) */
  capacity: ColumnType<string | null, never, never>;
  /** 0011: the sum of the line's active allocations, kept by the needs module; never above capacity */
  allocated_quantity: Generated<string>;
  /** 0011: offers.status, copied by triggers */
  offer_status: Generated<string | null>;
  /** 0012: the regions whose staff count this line (its own, or its offer's when it has none), kept by triggers */
  scope_region_codes: Generated<string[]>;
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

export interface ImportBatchesTable {
  id: Generated<string>;
  staff_account_id: string;
  file_name: string;
  format: 'csv' | 'xlsx';
  status: 'validating' | 'ready' | 'importing' | 'imported' | 'discarded' | 'expired' | 'failed';
  row_count: number;
  offer_count: Generated<number>;
  valid_offer_count: Generated<number>;
  rejected_row_count: Generated<number>;
  processed: Generated<number>;
  imported_count: number | null;
  ignored_columns: Generated<string[]>;
  failure: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  expires_at: Timestamp;
  finished_at: Date | null;
}

export interface ImportBatchOffersTable {
  batch_id: string;
  position: number;
  rows: number[];
  answers: Json;
  offer: Json | null;
  issues: Json;
  valid: boolean;
  offer_id: string | null;
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
  /** 0007: null for an attempt the system recorded (a bounced email) */
  staff_account_id: string | null;
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

// 0007: the email outbox (platform/mail) and email-address confirmations (notifications).
export interface EmailOutboxTable {
  id: Generated<string>;
  kind: string;
  recipient: string;
  language: 'el' | 'en' | 'uk';
  subject: string;
  body_text: string;
  body_html: string;
  offer_id: string | null;
  status: Generated<'pending' | 'sent' | 'bounced' | 'failed'>;
  attempts: Generated<number>;
  next_attempt_at: Date | null;
  locked_until: Date | null;
  last_error: string | null;
  delivered_via: 'smtp' | 'mailbox' | null;
  message_id: string | null;
  created_at: Generated<Date>;
  sent_at: Date | null;
}

export interface EmailConfirmationsTable {
  token_hash: string;
  offer_id: string;
  email: string;
  created_at: Generated<Date>;
  expires_at: Timestamp;
  used_at: Date | null;
}

// 0008: self-service links and sessions, availability checks, settings.
export interface SelfServiceLinksTable {
  token_hash: string;
  email: string;
  language: 'el' | 'en' | 'uk';
  offer_id: string | null;
  created_at: Timestamp;
  expires_at: Timestamp;
  used_at: Timestamp | null;
}

export interface SelfServiceSessionsTable {
  token_hash: string;
  email: string;
  created_at: Timestamp;
  expires_at: Timestamp;
}

export interface SelfServiceLinkRequestsTable {
  id: Generated<string>;
  email: string;
  requested_at: Timestamp;
}

export interface AvailabilityCheckTokensTable {
  token_hash: string;
  offer_id: string;
  created_at: Timestamp;
  expires_at: Timestamp;
  answered_at: Timestamp | null;
  answer: 'still_available' | 'changed' | 'no_longer_available' | null;
}

export interface OfferSelfServiceChangesTable {
  id: Generated<string>;
  offer_id: string;
  changes: Json<{ line: number | null; field: string; before: string | null; after: string | null }[]>;
  sent_back_to_review: Generated<boolean>;
  changed_at: Timestamp;
}

export interface AppSettingsTable {
  key: string;
  value: Json;
  updated_at: Timestamp;
  updated_by: string | null;
}

// 0012: the dashboard's totals and their change log, kept by triggers on offers and offer_lines
// (dashboard module). '' stands for "none" in the text key columns; numerics come as strings.
export interface DashboardLineTotalsTable {
  region_codes: string[];
  kind: string;
  category: string;
  unit: string;
  frequency: string;
  offer_status: string;
  withdrawn: boolean;
  lines: ColumnType<string, string | number, string | number>;
  capacity: ColumnType<string, string | number, string | number>;
  allocated: ColumnType<string, string | number, string | number>;
}

export interface DashboardLineChangesTable {
  region_codes: string[];
  kind: string;
  category: string;
  unit: string;
  frequency: string;
  offer_status: string;
  withdrawn: boolean;
  lines: number;
  capacity: ColumnType<string, string | number, string | number>;
  allocated: ColumnType<string, string | number, string | number>;
}

export interface DashboardOfferTotalsTable {
  region_codes: string[];
  line_kinds: string[];
  status: string;
  offers: ColumnType<string, string | number, string | number>;
}

export interface DashboardOfferDaysTable {
  submitted_on: DateOnly;
  region_codes: string[];
  line_kinds: string[];
  offers: ColumnType<string, string | number, string | number>;
}

export interface DashboardOfferChangesTable {
  region_codes: string[];
  line_kinds: string[];
  status: string;
  submitted_on: DateOnly;
  offers: number;
}

// 0011: needs and the allocation of offer lines' capacity to them (needs module).
export interface NeedsTable {
  id: Generated<string>;
  reference: Generated<string>;
  kind: 'accommodation' | 'service' | 'essential_items' | 'money';
  category: string | null;
  /** numeric(14,2) as a string: places, sessions per week, items in `unit`, or an amount in `currency` */
  quantity: string;
  unit: string | null;
  currency: string | null;
  region_code: string;
  regional_unit_code: string | null;
  municipality_code: string | null;
  starts_on: DateOnly;
  ends_on: DateOnly | null;
  priority: Generated<'urgent' | 'high' | 'normal' | 'low'>;
  status: Generated<'open' | 'partly_met' | 'met' | 'closed'>;
  /** numeric(14,2) as a string: the sum of the active allocations */
  allocated_quantity: Generated<string>;
  people_count: number | null;
  household_count: number | null;
  families_with_children: Generated<boolean>;
  step_free_access_needed: Generated<boolean>;
  elderly: Generated<boolean>;
  pets: Generated<boolean>;
  languages: Generated<string[]>;
  notes: string | null;
  closed_reason: string | null;
  closed_at: Date | null;
  closed_by: string | null;
  created_at: Timestamp;
  created_by: string;
  updated_at: Timestamp;
  version: Generated<number>;
}

export interface AllocationsTable {
  id: Generated<string>;
  need_id: string;
  offer_id: string;
  offer_line_id: string;
  /** numeric(14,2) as a string, in the line's unit */
  quantity: string;
  status: Generated<'active' | 'released'>;
  created_at: Timestamp;
  created_by: string;
  released_at: Date | null;
  released_by: string | null;
  release_reason: string | null;
  /** 0014: who released it (released_by names the staff member) */
  released_by_kind: 'staff' | 'offeror' | 'system' | null;
  /** 0014: null when released by hand; otherwise what happened to the offer or line */
  release_cause: 'offer_withdrawn' | 'offer_expired' | 'offer_rejected' | 'offer_duplicate' | 'line_withdrawn' | null;
}

// 0009: exports run in the background (exports module).
export interface ExportJobsTable {
  id: Generated<string>;
  staff_account_id: string;
  format: 'csv' | 'csv-comma' | 'xlsx' | 'jsonl' | 'hxl';
  query: string;
  regions: string[] | null;
  contact: boolean;
  language: 'el' | 'en';
  as_of: Timestamp;
  status: Generated<'queued' | 'running' | 'done' | 'failed' | 'expired'>;
  total_offers: number | null;
  total_lines: number | null;
  progress_done: Generated<number>;
  progress_total: number | null;
  offers_written: number | null;
  lines_written: number | null;
  /** bigint, as a string */
  file_bytes: string | null;
  attempts: Generated<number>;
  error: string | null;
  created_at: Generated<Date>;
  claimed_at: Date | null;
  heartbeat_at: Date | null;
  finished_at: Date | null;
}

export interface DB {
  export_jobs: ExportJobsTable;
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
  email_outbox: EmailOutboxTable;
  email_confirmations: EmailConfirmationsTable;
  audit_events: AuditEventsTable;
  self_service_links: SelfServiceLinksTable;
  self_service_sessions: SelfServiceSessionsTable;
  self_service_link_requests: SelfServiceLinkRequestsTable;
  availability_check_tokens: AvailabilityCheckTokensTable;
  offer_self_service_changes: OfferSelfServiceChangesTable;
  app_settings: AppSettingsTable;
  needs: NeedsTable;
  dashboard_line_totals: DashboardLineTotalsTable;
  dashboard_line_changes: DashboardLineChangesTable;
  dashboard_offer_totals: DashboardOfferTotalsTable;
  dashboard_offer_days: DashboardOfferDaysTable;
  dashboard_offer_changes: DashboardOfferChangesTable;
  allocations: AllocationsTable;
  import_batches: ImportBatchesTable;
  import_batch_offers: ImportBatchOffersTable;
  schema_migrations: SchemaMigrationsTable;
}
