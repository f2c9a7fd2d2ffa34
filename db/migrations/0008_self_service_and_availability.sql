-- The offeror's self-service link and the availability checks (issue 4).
-- Tokens are random and only their SHA-256 is stored, so reading the database yields no live link.

-- A single-use link that signs its holder in to the offers of one email address.
CREATE TABLE self_service_links (
  token_hash  text PRIMARY KEY,
  -- lower-cased; the offers shown are those whose contact email is this address
  email       text NOT NULL CHECK (length(email) BETWEEN 3 AND 254),
  language    text NOT NULL CHECK (language IN ('el', 'en', 'uk')),
  -- the offer the email was about, to open it first (the session still covers every offer of the email)
  offer_id    uuid REFERENCES offers (id) ON DELETE CASCADE,
  created_at  timestamptz NOT NULL,
  expires_at  timestamptz NOT NULL,
  -- set when the link is followed: a second use finds it spent
  used_at     timestamptz,
  CHECK (expires_at > created_at)
);
CREATE INDEX self_service_links_email_idx ON self_service_links (email, created_at);
CREATE INDEX self_service_links_expires_idx ON self_service_links (expires_at);

-- The short session a followed link opens (cookie holds the token).
CREATE TABLE self_service_sessions (
  token_hash  text PRIMARY KEY,
  email       text NOT NULL CHECK (length(email) BETWEEN 3 AND 254),
  created_at  timestamptz NOT NULL,
  expires_at  timestamptz NOT NULL
);
CREATE INDEX self_service_sessions_expires_idx ON self_service_sessions (expires_at);

-- The "Manage my offer" page's requests, counted per email so one address cannot be flooded with
-- links whatever client asks (the page answers the same either way).
CREATE TABLE self_service_link_requests (
  id            bigserial PRIMARY KEY,
  email         text NOT NULL,
  requested_at  timestamptz NOT NULL
);
CREATE INDEX self_service_link_requests_email_idx ON self_service_link_requests (email, requested_at);

-- Where each open offer stands in its availability check cycle. The cycle starts at submission
-- or at the last "still available" (availability_confirmed_at, null = submitted_at); a check is
-- sent N days later, then up to two reminders; no answer flags the offer `unconfirmed`.
ALTER TABLE offers
  ADD COLUMN availability_confirmed_at   timestamptz,
  ADD COLUMN availability_check_sent_at  timestamptz,
  ADD COLUMN availability_reminders_sent smallint NOT NULL DEFAULT 0 CHECK (availability_reminders_sent BETWEEN 0 AND 2),
  ADD COLUMN availability_last_asked_at  timestamptz,
  ADD COLUMN unconfirmed_at              timestamptz;
CREATE INDEX offers_unconfirmed_idx ON offers (unconfirmed_at) WHERE unconfirmed_at IS NOT NULL;
CREATE INDEX offers_availability_due_idx ON offers ((COALESCE(availability_confirmed_at, submitted_at)))
  WHERE status IN ('submitted', 'in_review', 'verified', 'allocated');

-- The one-click answers of a check or reminder email. Each email carries its own token; answering
-- through any of them answers the cycle (answered_at is then set on all of the offer's tokens).
CREATE TABLE availability_check_tokens (
  token_hash   text PRIMARY KEY,
  offer_id     uuid NOT NULL REFERENCES offers (id) ON DELETE CASCADE,
  created_at   timestamptz NOT NULL,
  expires_at   timestamptz NOT NULL,
  answered_at  timestamptz,
  answer       text CHECK (answer IN ('still_available', 'changed', 'no_longer_available'))
);
CREATE INDEX availability_check_tokens_offer_idx ON availability_check_tokens (offer_id);

-- What an offeror changed through the self-service link, field by field, so staff see the before
-- and after (highlighted on the offer page when the change sent a verified offer back to review).
CREATE TABLE offer_self_service_changes (
  id           bigserial PRIMARY KEY,
  offer_id     uuid NOT NULL REFERENCES offers (id) ON DELETE CASCADE,
  -- one save: [{ "line": 2, "field": "places", "before": "4", "after": "6" }, …]; line null for the
  -- contact details
  changes      jsonb NOT NULL,
  -- the change sent a verified offer back to review
  sent_back_to_review boolean NOT NULL DEFAULT false,
  changed_at   timestamptz NOT NULL
);
CREATE INDEX offer_self_service_changes_offer_idx ON offer_self_service_changes (offer_id, changed_at, id);

-- A line the offeror withdrew while the rest of the offer stands.
ALTER TABLE offer_lines
  ADD COLUMN withdrawn_at     timestamptz,
  ADD COLUMN withdrawn_reason text CHECK (length(withdrawn_reason) <= 2000);

-- Settings an administrator changes on /staff/settings, one row per setting.
CREATE TABLE app_settings (
  key         text PRIMARY KEY,
  value       jsonb NOT NULL,
  updated_at  timestamptz NOT NULL,
  updated_by  uuid REFERENCES staff_accounts (id)
);
