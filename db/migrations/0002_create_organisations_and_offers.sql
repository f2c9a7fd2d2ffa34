-- Offerors, their offers and offer lines, as PRODUCT.md defines them. Columns hold the
-- normalised values; offer_answer_versions keeps what the person submitted, versioned.
CREATE TABLE organisations (
  id                    uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  kind                  text NOT NULL CHECK (kind IN ('international_organisation', 'ngo', 'municipality', 'region',
                          'public_body', 'business', 'religious_body', 'individual', 'other')),
  legal_name            text NOT NULL CHECK (length(legal_name) BETWEEN 1 AND 300),
  distinctive_title     text CHECK (length(distinctive_title) <= 300),
  country               char(2) NOT NULL,
  -- ΑΦΜ (9 digits) for Greek bodies, otherwise a foreign VAT or registration number as typed.
  tax_id                text CHECK (length(tax_id) <= 30),
  tax_id_kind           text CHECK (tax_id_kind IN ('afm', 'foreign')),
  registry_number       text CHECK (length(registry_number) <= 100),
  street                text CHECK (length(street) <= 200),
  postcode              text CHECK (length(postcode) <= 12),
  city                  text CHECK (length(city) <= 100),
  region_code           text REFERENCES admin_units (code),
  municipality_code     text REFERENCES admin_units (code),
  website               text CHECK (length(website) <= 2048),
  legal_representative  text CHECK (length(legal_representative) <= 200),
  contact_name          text NOT NULL CHECK (length(contact_name) <= 200),
  contact_role          text CHECK (length(contact_role) <= 200),
  contact_phone         text NOT NULL CHECK (contact_phone ~ '^\+[1-9][0-9]{6,14}$'),
  contact_email         text NOT NULL CHECK (length(contact_email) <= 254),
  preferred_language    text NOT NULL CHECK (preferred_language IN ('el', 'en', 'uk')),
  created_at            timestamptz NOT NULL DEFAULT now(),
  updated_at            timestamptz NOT NULL DEFAULT now(),
  CHECK (tax_id_kind <> 'afm' OR tax_id ~ '^[0-9]{9}$')
);
CREATE INDEX organisations_tax_id_idx ON organisations (tax_id);
CREATE INDEX organisations_contact_email_idx ON organisations (lower(contact_email));
CREATE INDEX organisations_contact_phone_idx ON organisations (contact_phone);

CREATE TABLE offers (
  id                          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  reference                   text NOT NULL UNIQUE CHECK (reference ~ '^[0-9A-Z]{9}$'),
  organisation_id             uuid NOT NULL REFERENCES organisations (id),
  status                      text NOT NULL DEFAULT 'submitted' CHECK (status IN ('submitted', 'in_review', 'verified',
                                'allocated', 'completed', 'rejected', 'withdrawn', 'duplicate', 'expired')),
  language                    text NOT NULL CHECK (language IN ('el', 'en', 'uk')),
  channel                     text NOT NULL CHECK (channel IN ('web', 'api', 'import', 'staff')),
  consent_privacy_notice_at   timestamptz NOT NULL,
  consent_share_with_partners boolean NOT NULL,
  -- A double click, a retry or two identical POSTs carry the same key: the second finds the first.
  idempotency_key             text NOT NULL UNIQUE,
  version                     integer NOT NULL DEFAULT 1,
  submitted_at                timestamptz NOT NULL DEFAULT now(),
  updated_at                  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX offers_organisation_idx ON offers (organisation_id);
CREATE INDEX offers_status_submitted_idx ON offers (status, submitted_at DESC, id DESC);
CREATE INDEX offers_submitted_idx ON offers (submitted_at DESC, id DESC);

CREATE TABLE offer_lines (
  id                  uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  offer_id            uuid NOT NULL REFERENCES offers (id) ON DELETE CASCADE,
  position            integer NOT NULL CHECK (position >= 1),
  kind                text NOT NULL CHECK (kind IN ('accommodation', 'service', 'essential_items', 'money')),
  -- accommodation type, service category or essential-items category
  category            text,
  description         text CHECK (length(description) <= 2000),
  region_code         text REFERENCES admin_units (code),
  municipality_code   text REFERENCES admin_units (code),
  address             text CHECK (length(address) <= 200),
  available_from      date,
  available_until     date,
  cost_basis          text CHECK (cost_basis IN ('free', 'subsidised', 'paid')),
  -- accommodation
  places              integer CHECK (places BETWEEN 1 AND 100000),
  rooms               integer CHECK (rooms BETWEEN 0 AND 10000),
  step_free_access    boolean,
  suitable_for        text[],
  -- service
  languages           text[],
  delivery            text CHECK (delivery IN ('in_person', 'remote', 'in_person_and_remote')),
  capacity_per_week   integer CHECK (capacity_per_week BETWEEN 1 AND 1000000),
  -- essential items
  quantity            integer CHECK (quantity BETWEEN 1 AND 100000000),
  unit                text CHECK (unit IN ('pieces', 'kits', 'boxes', 'pallets', 'kg', 'litres')),
  condition           text CHECK (condition IN ('new', 'used')),
  can_deliver         boolean,
  delivery_area       text CHECK (length(delivery_area) <= 200),
  expiry              date,
  -- money: a pledge only; the platform never handles payments
  amount              numeric(14, 2) CHECK (amount > 0),
  currency            char(3),
  frequency           text CHECK (frequency IN ('one_off', 'monthly')),
  purpose             text CHECK (length(purpose) <= 2000),
  UNIQUE (offer_id, position),
  CHECK (available_until IS NULL OR available_from IS NULL OR available_until >= available_from),
  CHECK (kind <> 'accommodation' OR (places IS NOT NULL AND category IS NOT NULL AND region_code IS NOT NULL)),
  CHECK (kind <> 'service' OR (category IS NOT NULL AND delivery IS NOT NULL)),
  CHECK (kind <> 'essential_items' OR (category IS NOT NULL AND quantity IS NOT NULL AND unit IS NOT NULL)),
  CHECK (kind <> 'money' OR (amount IS NOT NULL AND currency IS NOT NULL AND frequency IS NOT NULL))
);
CREATE INDEX offer_lines_offer_idx ON offer_lines (offer_id);
CREATE INDEX offer_lines_region_idx ON offer_lines (region_code);
CREATE INDEX offer_lines_kind_idx ON offer_lines (kind, category);

-- What the person submitted, as submitted, with the version of the form's answer schema.
CREATE TABLE offer_answer_versions (
  offer_id        uuid NOT NULL REFERENCES offers (id) ON DELETE CASCADE,
  version         integer NOT NULL,
  schema_version  integer NOT NULL,
  answers         jsonb NOT NULL,
  source          text NOT NULL CHECK (source IN ('web', 'api', 'import', 'staff', 'self_service')),
  created_at      timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (offer_id, version)
);

-- Every status an offer has had: from, event, to, who and why.
CREATE TABLE offer_status_changes (
  id              bigserial PRIMARY KEY,
  offer_id        uuid NOT NULL REFERENCES offers (id) ON DELETE CASCADE,
  from_status     text,
  event           text NOT NULL,
  to_status       text NOT NULL,
  reason          text,
  actor_kind      text NOT NULL CHECK (actor_kind IN ('offeror', 'staff', 'partner', 'system')),
  actor_id        uuid,
  occurred_at     timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX offer_status_changes_offer_idx ON offer_status_changes (offer_id, occurred_at);

-- Answers in progress, kept server-side between the journey's steps. The cookie holds a random
-- token; only its SHA-256 is stored, so a database read does not yield live drafts.
CREATE TABLE drafts (
  token_hash      text PRIMARY KEY,
  answers         jsonb NOT NULL DEFAULT '{}'::jsonb,
  language        text NOT NULL CHECK (language IN ('el', 'en', 'uk')),
  offer_id        uuid REFERENCES offers (id),
  created_at      timestamptz NOT NULL DEFAULT now(),
  updated_at      timestamptz NOT NULL DEFAULT now(),
  expires_at      timestamptz NOT NULL
);
CREATE INDEX drafts_expires_idx ON drafts (expires_at);
