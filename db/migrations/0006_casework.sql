-- Casework on an offer in the back office: the link from a duplicate to its original, contact
-- attempts, notes, and possible duplicates found on submission or on demand (issue 3).
-- offers.last_contact_outcome, offers.reached and offers.possible_duplicate (0005) are kept
-- current by the casework module from the rows below.

-- The same lines as 0005, so this migration stands on its own; IF NOT EXISTS makes the second a no-op.
CREATE EXTENSION IF NOT EXISTS unaccent;
CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- A duplicate points to its original while it is a duplicate (reopening clears it; the status
-- history keeps it). No CHECK ties it to status = 'duplicate' both ways: seeds and imports may
-- hold old duplicates whose original is unknown.
ALTER TABLE offers
  ADD COLUMN duplicate_of_offer_id uuid REFERENCES offers (id),
  ADD CONSTRAINT offers_duplicate_of_only_duplicates CHECK (duplicate_of_offer_id IS NULL OR status = 'duplicate'),
  ADD CONSTRAINT offers_duplicate_of_not_self CHECK (duplicate_of_offer_id <> id);
CREATE INDEX offers_duplicate_of_idx ON offers (duplicate_of_offer_id) WHERE duplicate_of_offer_id IS NOT NULL;

-- The history says which offer a mark_duplicate named, even after the offer is reopened.
ALTER TABLE offer_status_changes ADD COLUMN duplicate_of_offer_id uuid REFERENCES offers (id);

-- Each attempt to reach the offeror, beside the status (PRODUCT.md «Offer statuses»).
CREATE TABLE offer_contact_attempts (
  id                bigserial PRIMARY KEY,
  offer_id          uuid NOT NULL REFERENCES offers (id) ON DELETE CASCADE,
  outcome           text NOT NULL CHECK (outcome IN ('reached', 'no_answer', 'wrong_number', 'bounced')),
  channel           text NOT NULL CHECK (channel IN ('phone', 'email', 'sms', 'viber', 'in_person')),
  note              text CHECK (length(note) <= 2000),
  staff_account_id  uuid NOT NULL REFERENCES staff_accounts (id),
  attempted_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX offer_contact_attempts_offer_idx ON offer_contact_attempts (offer_id, attempted_at, id);

-- Staff notes on an offer: appended, never edited (a correction is another note).
CREATE TABLE offer_notes (
  id                bigserial PRIMARY KEY,
  offer_id          uuid NOT NULL REFERENCES offers (id) ON DELETE CASCADE,
  body              text NOT NULL CHECK (length(body) BETWEEN 1 AND 4000),
  staff_account_id  uuid NOT NULL REFERENCES staff_accounts (id),
  created_at        timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX offer_notes_offer_idx ON offer_notes (offer_id, created_at, id);

-- An organisation's legal name reduced for comparison: accents gone (unaccent), Greek and
-- Cyrillic capitals folded by an explicit table (lower() folds them only in a UTF-8 locale, and a
-- database created with LC_CTYPE=C would not), final sigma as sigma, Latin folded by lower(),
-- punctuation and runs of spaces as one space. unaccent is STABLE only because its dictionary
-- could be changed; we never change it, so the wrapper is IMMUTABLE and can feed a stored column
-- and an index (PostgreSQL's documented unaccent-in-index pattern). Names are schema-qualified so
-- a dump restored with an empty search_path still works. The bracket list names non-ASCII
-- punctuation because [:punct:] is ASCII-only in the C locale.
CREATE FUNCTION organisation_name_key(name text) RETURNS text
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
  AS $$ SELECT pg_catalog.btrim(pg_catalog.regexp_replace(
           pg_catalog.lower(pg_catalog.translate(public.unaccent('public.unaccent'::regdictionary, name),
             'ΑΒΓΔΕΖΗΘΙΚΛΜΝΞΟΠΡΣΤΥΦΧΨΩΆΈΉΊΌΎΏΪΫάέήίόύώϊϋΐΰςАБВГҐДЕЄЁЖЗИІЇЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯ',
             'αβγδεζηθικλμνξοπρστυφχψωαεηιουωιυαεηιουωιυιυσабвгґдеєёжзиіїйклмнопрстуфхцчшщъыьэюя')),
           '[[:space:][:punct:]«»“”„‘’‚·–—…]+', ' ', 'g')) $$;

ALTER TABLE organisations ADD COLUMN name_key text GENERATED ALWAYS AS (organisation_name_key(legal_name)) STORED;
-- "Very similar organisation names" are found with pg_trgm's % operator through this index, so
-- the name rule costs an index scan, not a pass over every organisation.
CREATE INDEX organisations_name_key_trgm_idx ON organisations USING gin (name_key gin_trgm_ops);

-- Possible duplicates: a pair of offers, why they match and what staff decided. `offer_id` is the
-- offer that was being checked (on its submission, or on demand from its page), `candidate_offer_id`
-- the other; a pair is stored once whichever way round it was found.
CREATE TABLE offer_duplicate_candidates (
  id                  bigserial PRIMARY KEY,
  offer_id            uuid NOT NULL REFERENCES offers (id) ON DELETE CASCADE,
  candidate_offer_id  uuid NOT NULL REFERENCES offers (id) ON DELETE CASCADE,
  -- tax_id: same ΑΦΜ or foreign tax id; email: same contact email, any case; phone: same E.164
  -- number; name: very similar organisation names in the same municipality (region without one)
  reasons             text[] NOT NULL CHECK (cardinality(reasons) >= 1 AND reasons <@ ARRAY['tax_id', 'email', 'phone', 'name']::text[]),
  -- 0–1, higher is likelier; combines the reasons (casework duplicates.service)
  score               numeric(4, 3) NOT NULL CHECK (score > 0 AND score <= 1),
  -- pg_trgm similarity of the name keys, when `name` is a reason
  name_similarity     real CHECK (name_similarity BETWEEN 0 AND 1),
  -- the municipality or region both offers are in, when `name` is a reason
  shared_place        text REFERENCES admin_units (code),
  found_by            text NOT NULL CHECK (found_by IN ('submission', 'on_demand')),
  found_at            timestamptz NOT NULL DEFAULT now(),
  status              text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'confirmed', 'dismissed')),
  decided_by          uuid REFERENCES staff_accounts (id),
  decided_at          timestamptz,
  CHECK (offer_id <> candidate_offer_id),
  CHECK ((status = 'open') = (decided_at IS NULL)),
  CHECK ((status = 'open') = (decided_by IS NULL))
);
CREATE UNIQUE INDEX offer_duplicate_candidates_pair_idx
  ON offer_duplicate_candidates (LEAST(offer_id, candidate_offer_id), GREATEST(offer_id, candidate_offer_id));
CREATE INDEX offer_duplicate_candidates_offer_idx ON offer_duplicate_candidates (offer_id, status);
CREATE INDEX offer_duplicate_candidates_candidate_idx ON offer_duplicate_candidates (candidate_offer_id, status);
