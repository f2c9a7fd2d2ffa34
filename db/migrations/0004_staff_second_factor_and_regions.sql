-- Staff sign-in's second factor (TOTP, RFC 6238), the sessions' sign-in stage, and the regions
-- a regional coordinator works in.

-- totp_secret is the shared secret, encrypted by the application (AES-256-GCM, see
-- accounts.crypto.ts), never the plain base32. totp_last_step is the RFC 6238 time step of the
-- last code accepted: a code from that step or an earlier one is refused, so an overheard code
-- cannot be replayed (RFC 6238 §5.2).
ALTER TABLE staff_accounts
  ADD COLUMN totp_secret        text,
  ADD COLUMN totp_enrolled_at   timestamptz,
  ADD COLUMN totp_last_step     bigint,
  ADD COLUMN last_signed_in_at  timestamptz,
  ADD CONSTRAINT staff_accounts_totp_complete CHECK ((totp_secret IS NULL) = (totp_enrolled_at IS NULL));

-- A session starts at stage 'second_factor' when the password was right but a TOTP code is still
-- due, and becomes 'signed_in' only after it. Sessions open when this runs get the default
-- 'second_factor', so nobody keeps a session that skipped the new step.
-- totp_pending_secret holds the secret offered on the enrolment page (encrypted) until a code
-- from it confirms it; it lives with the session so two half-finished enrolments cannot clash.
ALTER TABLE staff_sessions
  ADD COLUMN stage                text NOT NULL DEFAULT 'second_factor' CHECK (stage IN ('second_factor', 'signed_in')),
  ADD COLUMN totp_pending_secret  text;

CREATE TABLE staff_account_regions (
  staff_account_id  uuid NOT NULL REFERENCES staff_accounts (id) ON DELETE CASCADE,
  region_code       text NOT NULL REFERENCES admin_units (code),
  PRIMARY KEY (staff_account_id, region_code)
);
CREATE INDEX staff_account_regions_region_idx ON staff_account_regions (region_code);

-- The audit browser filters by actor and by action, newest first.
CREATE INDEX audit_events_actor_idx ON audit_events (actor_id, id DESC) WHERE actor_id IS NOT NULL;
CREATE INDEX audit_events_action_idx ON audit_events (action text_pattern_ops, id DESC);
