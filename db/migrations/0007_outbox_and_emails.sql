-- Emails to offerors (issue 4): the transactional outbox the mail worker drains, the single-use
-- links that confirm an offeror's email address, and system-recorded contact attempts (a
-- permanent delivery failure is a `bounced` attempt with no staff member behind it).

-- One row per email, written in the same transaction as the change that causes it, so a rolled
-- back change leaves no email and a committed one cannot lose its email. The row stays until it
-- is delivered (status 'sent') or given up ('bounced': the server refused it for good; 'failed':
-- temporary failures until the last attempt).
CREATE TABLE email_outbox (
  id               bigserial PRIMARY KEY,
  kind             text NOT NULL CHECK (length(kind) BETWEEN 1 AND 64),
  recipient        text NOT NULL CHECK (length(recipient) BETWEEN 3 AND 320),
  language         text NOT NULL CHECK (language IN ('el', 'en', 'uk')),
  subject          text NOT NULL CHECK (length(subject) BETWEEN 1 AND 998),
  body_text        text NOT NULL,
  body_html        text NOT NULL,
  offer_id         uuid REFERENCES offers (id) ON DELETE CASCADE,
  status           text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'bounced', 'failed')),
  attempts         integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
  -- NULL: due now. Set by the worker (from its clock) to back off after a temporary failure.
  next_attempt_at  timestamptz,
  -- a worker's claim on the row; a row whose lease ran out (its worker died) is claimed again
  locked_until     timestamptz,
  last_error       text CHECK (length(last_error) <= 2000),
  -- 'smtp' or 'mailbox' (kept for the development mailbox, no SMTP server configured)
  delivered_via    text CHECK (delivered_via IN ('smtp', 'mailbox')),
  message_id       text,
  created_at       timestamptz NOT NULL DEFAULT now(),
  sent_at          timestamptz,
  CHECK ((status = 'sent') = (sent_at IS NOT NULL))
);
-- What the worker scans: pending rows only, oldest first.
CREATE INDEX email_outbox_pending_idx ON email_outbox (id) WHERE status = 'pending';
CREATE INDEX email_outbox_offer_idx ON email_outbox (offer_id, id) WHERE offer_id IS NOT NULL;

-- The link in the submission email that confirms the contact's email address. Only a SHA-256
-- hash of the token is kept, so a copy of the database cannot confirm anything.
CREATE TABLE email_confirmations (
  token_hash   text PRIMARY KEY,
  offer_id     uuid NOT NULL REFERENCES offers (id) ON DELETE CASCADE,
  email        text NOT NULL,
  created_at   timestamptz NOT NULL DEFAULT now(),
  expires_at   timestamptz NOT NULL,
  used_at      timestamptz
);
CREATE INDEX email_confirmations_offer_idx ON email_confirmations (offer_id);

-- When the offeror followed the link: staff see it on the offer's page, the queue may filter on it.
ALTER TABLE offers ADD COLUMN email_confirmed_at timestamptz;

-- A bounce is recorded by the mail worker, not by a staff member.
ALTER TABLE offer_contact_attempts ALTER COLUMN staff_account_id DROP NOT NULL;
