-- Staff accounts, their sessions, and the append-only audit trail.
CREATE TABLE staff_accounts (
  id                    uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  email                 text NOT NULL,
  name                  text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  role                  text NOT NULL CHECK (role IN ('administrator', 'coordinator', 'regional_coordinator', 'viewer')),
  password_hash         text NOT NULL,
  -- A password set by someone else (first start, reset) must be changed at the next sign-in.
  must_change_password  boolean NOT NULL DEFAULT true,
  language              text NOT NULL DEFAULT 'el' CHECK (language IN ('el', 'en')),
  failed_sign_ins       integer NOT NULL DEFAULT 0,
  locked_until          timestamptz,
  disabled_at           timestamptz,
  created_at            timestamptz NOT NULL DEFAULT now(),
  updated_at            timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX staff_accounts_email_idx ON staff_accounts (lower(email));

CREATE TABLE staff_sessions (
  token_hash        text PRIMARY KEY,
  staff_account_id  uuid NOT NULL REFERENCES staff_accounts (id) ON DELETE CASCADE,
  created_at        timestamptz NOT NULL DEFAULT now(),
  last_seen_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX staff_sessions_account_idx ON staff_sessions (staff_account_id);

CREATE TABLE audit_events (
  id            bigserial PRIMARY KEY,
  occurred_at   timestamptz NOT NULL DEFAULT now(),
  actor_kind    text NOT NULL CHECK (actor_kind IN ('offeror', 'staff', 'partner', 'system')),
  actor_id      uuid,
  action        text NOT NULL,
  entity_type   text NOT NULL,
  entity_id     text,
  reason        text,
  details       jsonb NOT NULL DEFAULT '{}'::jsonb
);
CREATE INDEX audit_events_entity_idx ON audit_events (entity_type, entity_id, occurred_at);
CREATE INDEX audit_events_occurred_idx ON audit_events (occurred_at DESC);

-- The trail is append-only: the database itself refuses to change or remove a row.
CREATE FUNCTION audit_events_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_events is append-only' USING ERRCODE = 'insufficient_privilege';
END;
$$;
CREATE TRIGGER audit_events_append_only
  BEFORE UPDATE OR DELETE ON audit_events
  FOR EACH ROW EXECUTE FUNCTION audit_events_refuse_change();
CREATE TRIGGER audit_events_no_truncate
  BEFORE TRUNCATE ON audit_events
  FOR EACH STATEMENT EXECUTE FUNCTION audit_events_refuse_change();
