-- The dashboard's totals (issue 6): offers by status and kind, capacity offered, verified,
-- allocated and free, offers per day. Aggregating a million offers per page view reads them
-- all (seconds); instead every change to offers and offer lines appends what it adds and takes
-- away to a change log, in the same transaction and by triggers (whoever writes: the journey,
-- imports, casework, allocation, self-service). The dashboard module folds the log into small
-- totals tables and reads totals + log in one snapshot, so what it shows is exact at that
-- snapshot. Appending, not updating a counter row, keeps concurrent submissions from queueing
-- on the same hot row (the launch spike) and cannot deadlock.
--
-- A row's contribution depends only on that row (the offers row, or the offer line with the
-- columns copied onto it: offer_status by 0011, scope_region_codes below), so OLD and NEW give
-- the exact change even under concurrent transactions: PostgreSQL re-reads the latest row
-- version before an UPDATE and its triggers see that version.

-- Which regions' staff count a line: its own region (or its municipality's); a line placed
-- nowhere (money, a remote service) counts where its offer is seen, offers.region_codes (0005),
-- the rule by which the review queue shows the offer to a regional coordinator.
ALTER TABLE offer_lines ADD COLUMN scope_region_codes text[] NOT NULL DEFAULT '{}';

CREATE FUNCTION offer_lines_scope_region_codes() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.scope_region_codes := coalesce(
    CASE
      WHEN NEW.region_code IS NOT NULL THEN ARRAY[NEW.region_code]
      WHEN NEW.municipality_code IS NOT NULL THEN
        (SELECT ARRAY[ru.parent_code] FROM admin_units m JOIN admin_units ru ON ru.code = m.parent_code
         WHERE m.code = NEW.municipality_code AND ru.parent_code IS NOT NULL)
      ELSE (SELECT region_codes FROM offers WHERE id = NEW.offer_id)
    END, '{}');
  RETURN NEW;
END;
$$;
CREATE TRIGGER offer_lines_scope_region_codes BEFORE INSERT OR UPDATE OF region_code, municipality_code, offer_id ON offer_lines
  FOR EACH ROW EXECUTE FUNCTION offer_lines_scope_region_codes();

-- The queue's triggers (0005) set offers.region_codes after the lines are written; the lines
-- placed nowhere follow it here, as an UPDATE, so their own trigger records the move.
CREATE FUNCTION offers_scope_region_codes_to_lines() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE offer_lines SET scope_region_codes = NEW.region_codes
  WHERE offer_id = NEW.id AND region_code IS NULL AND municipality_code IS NULL
    AND scope_region_codes IS DISTINCT FROM NEW.region_codes;
  RETURN NULL;
END;
$$;
CREATE TRIGGER offers_scope_region_codes_to_lines AFTER UPDATE OF region_codes ON offers
  FOR EACH ROW WHEN (OLD.region_codes IS DISTINCT FROM NEW.region_codes) EXECUTE FUNCTION offers_scope_region_codes_to_lines();

UPDATE offer_lines l SET scope_region_codes = coalesce(
  CASE
    WHEN l.region_code IS NOT NULL THEN ARRAY[l.region_code]
    WHEN l.municipality_code IS NOT NULL THEN
      (SELECT ARRAY[ru.parent_code] FROM admin_units m JOIN admin_units ru ON ru.code = m.parent_code
       WHERE m.code = l.municipality_code AND ru.parent_code IS NOT NULL)
    ELSE o.region_codes
  END, '{}')
FROM offers o WHERE o.id = l.offer_id;

-- Every totals table also holds the whole country's totals under the regions '{*}', and each
-- region's under '{*GR-X}' (an offer in two regions counts once in each), so a national or
-- one-region dashboard reads a few hundred rows instead of one per combination of regions. A star
-- overlaps no region code, so a dashboard of several regions (`region_codes && …`) skips them.
--
-- Offer lines: capacity in the kind's own unit (0011 offer_lines.capacity: places, sessions a
-- week, items, amount) and what is allocated of it, by where, what, and the offer's status.
-- `unit` is the items' unit or the money's currency, '' for the other kinds; '' stands for "none"
-- in category and frequency too, so every key column can be in the primary key.
CREATE TABLE dashboard_line_totals (
  region_codes  text[] NOT NULL,
  kind          text NOT NULL,
  category      text NOT NULL,
  unit          text NOT NULL,
  frequency     text NOT NULL,
  offer_status  text NOT NULL,
  withdrawn     boolean NOT NULL,
  lines         bigint NOT NULL,
  capacity      numeric NOT NULL,
  allocated     numeric NOT NULL,
  PRIMARY KEY (region_codes, kind, category, unit, frequency, offer_status, withdrawn)
);
-- What changed since the last fold: +1 and the values for a row written, -1 and the old values
-- for a row replaced or deleted. No key and no index, so appending costs the least.
CREATE TABLE dashboard_line_changes (
  region_codes  text[] NOT NULL,
  kind          text NOT NULL,
  category      text NOT NULL,
  unit          text NOT NULL,
  frequency     text NOT NULL,
  offer_status  text NOT NULL,
  withdrawn     boolean NOT NULL,
  lines         integer NOT NULL,
  capacity      numeric NOT NULL,
  allocated     numeric NOT NULL
);

-- Offers by their regions (region_codes, 0005), kinds of help (line_kinds) and status; and by
-- the day they were submitted (a calendar day in Greece).
CREATE TABLE dashboard_offer_totals (
  region_codes  text[] NOT NULL,
  line_kinds    text[] NOT NULL,
  status        text NOT NULL,
  offers        bigint NOT NULL,
  PRIMARY KEY (region_codes, line_kinds, status)
);
CREATE TABLE dashboard_offer_days (
  submitted_on  date NOT NULL,
  region_codes  text[] NOT NULL,
  line_kinds    text[] NOT NULL,
  offers        bigint NOT NULL,
  PRIMARY KEY (submitted_on, region_codes, line_kinds)
);
CREATE TABLE dashboard_offer_changes (
  region_codes  text[] NOT NULL,
  line_kinds    text[] NOT NULL,
  status        text NOT NULL,
  submitted_on  date NOT NULL,
  offers        integer NOT NULL
);

-- The triggers. Inserts and deletes are taken a statement at a time (a submission's lines, an
-- import, a cascade), updates a row at a time behind a WHEN that skips changes the dashboard
-- does not count (a description, a note, the search document).
CREATE FUNCTION dashboard_line_rows_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO dashboard_line_changes
    SELECT scope_region_codes, kind, coalesce(category, ''), coalesce(unit, currency::text, ''), coalesce(frequency, ''),
           coalesce(offer_status, ''), withdrawn_at IS NOT NULL, 1, coalesce(capacity, 0), allocated_quantity
    FROM new_lines;
  ELSE
    INSERT INTO dashboard_line_changes
    SELECT scope_region_codes, kind, coalesce(category, ''), coalesce(unit, currency::text, ''), coalesce(frequency, ''),
           coalesce(offer_status, ''), withdrawn_at IS NOT NULL, -1, -coalesce(capacity, 0), -allocated_quantity
    FROM old_lines;
  END IF;
  RETURN NULL;
END;
$$;
CREATE TRIGGER offer_lines_dashboard_insert AFTER INSERT ON offer_lines
  REFERENCING NEW TABLE AS new_lines FOR EACH STATEMENT EXECUTE FUNCTION dashboard_line_rows_changed();
CREATE TRIGGER offer_lines_dashboard_delete AFTER DELETE ON offer_lines
  REFERENCING OLD TABLE AS old_lines FOR EACH STATEMENT EXECUTE FUNCTION dashboard_line_rows_changed();

CREATE FUNCTION dashboard_line_row_updated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO dashboard_line_changes VALUES
    (OLD.scope_region_codes, OLD.kind, coalesce(OLD.category, ''), coalesce(OLD.unit, OLD.currency::text, ''), coalesce(OLD.frequency, ''),
     coalesce(OLD.offer_status, ''), OLD.withdrawn_at IS NOT NULL, -1, -coalesce(OLD.capacity, 0), -OLD.allocated_quantity),
    (NEW.scope_region_codes, NEW.kind, coalesce(NEW.category, ''), coalesce(NEW.unit, NEW.currency::text, ''), coalesce(NEW.frequency, ''),
     coalesce(NEW.offer_status, ''), NEW.withdrawn_at IS NOT NULL, 1, coalesce(NEW.capacity, 0), NEW.allocated_quantity);
  RETURN NULL;
END;
$$;
CREATE TRIGGER offer_lines_dashboard_update AFTER UPDATE ON offer_lines FOR EACH ROW
  WHEN ((OLD.scope_region_codes, OLD.kind, OLD.category, OLD.unit, OLD.currency, OLD.frequency, OLD.offer_status,
         OLD.withdrawn_at IS NULL, OLD.capacity, OLD.allocated_quantity)
        IS DISTINCT FROM
        (NEW.scope_region_codes, NEW.kind, NEW.category, NEW.unit, NEW.currency, NEW.frequency, NEW.offer_status,
         NEW.withdrawn_at IS NULL, NEW.capacity, NEW.allocated_quantity))
  EXECUTE FUNCTION dashboard_line_row_updated();

CREATE FUNCTION dashboard_offer_rows_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO dashboard_offer_changes
    SELECT region_codes, line_kinds, status, (submitted_at AT TIME ZONE 'Europe/Athens')::date, 1 FROM new_offers;
  ELSE
    INSERT INTO dashboard_offer_changes
    SELECT region_codes, line_kinds, status, (submitted_at AT TIME ZONE 'Europe/Athens')::date, -1 FROM old_offers;
  END IF;
  RETURN NULL;
END;
$$;
CREATE TRIGGER offers_dashboard_insert AFTER INSERT ON offers
  REFERENCING NEW TABLE AS new_offers FOR EACH STATEMENT EXECUTE FUNCTION dashboard_offer_rows_changed();
CREATE TRIGGER offers_dashboard_delete AFTER DELETE ON offers
  REFERENCING OLD TABLE AS old_offers FOR EACH STATEMENT EXECUTE FUNCTION dashboard_offer_rows_changed();

CREATE FUNCTION dashboard_offer_row_updated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO dashboard_offer_changes VALUES
    (OLD.region_codes, OLD.line_kinds, OLD.status, (OLD.submitted_at AT TIME ZONE 'Europe/Athens')::date, -1),
    (NEW.region_codes, NEW.line_kinds, NEW.status, (NEW.submitted_at AT TIME ZONE 'Europe/Athens')::date, 1);
  RETURN NULL;
END;
$$;
CREATE TRIGGER offers_dashboard_update AFTER UPDATE ON offers FOR EACH ROW
  WHEN ((OLD.region_codes, OLD.line_kinds, OLD.status, OLD.submitted_at) IS DISTINCT FROM (NEW.region_codes, NEW.line_kinds, NEW.status, NEW.submitted_at))
  EXECUTE FUNCTION dashboard_offer_row_updated();

-- The totals of what is already there (nothing on a new database), per regions and for Greece.
INSERT INTO dashboard_line_totals
SELECT r, kind, coalesce(category, ''), coalesce(unit, currency::text, ''), coalesce(frequency, ''),
       coalesce(offer_status, ''), withdrawn_at IS NOT NULL, count(*), sum(coalesce(capacity, 0)), sum(allocated_quantity)
FROM offer_lines CROSS JOIN LATERAL (SELECT offer_lines.scope_region_codes UNION ALL SELECT '{*}'::text[] UNION ALL SELECT ARRAY['*' || u] FROM unnest(offer_lines.scope_region_codes) AS u) AS x(r) GROUP BY 1, 2, 3, 4, 5, 6, 7;
INSERT INTO dashboard_offer_totals
SELECT r, line_kinds, status, count(*) FROM offers CROSS JOIN LATERAL (SELECT offers.region_codes UNION ALL SELECT '{*}'::text[] UNION ALL SELECT ARRAY['*' || u] FROM unnest(offers.region_codes) AS u) AS x(r) GROUP BY 1, 2, 3;
INSERT INTO dashboard_offer_days
SELECT (submitted_at AT TIME ZONE 'Europe/Athens')::date, r, line_kinds, count(*)
FROM offers CROSS JOIN LATERAL (SELECT offers.region_codes UNION ALL SELECT '{*}'::text[] UNION ALL SELECT ARRAY['*' || u] FROM unnest(offers.region_codes) AS u) AS x(r) GROUP BY 1, 2, 3;
-- The chart of the whole country reads its 30 days of '{*}' rows only.
CREATE INDEX dashboard_offer_days_national_idx ON dashboard_offer_days (submitted_on) WHERE region_codes = '{*}';
-- The change logs are appended to and emptied all day: vacuum them often, so "is anything
-- pending" and the reads that sum them do not walk dead rows.
ALTER TABLE dashboard_line_changes SET (autovacuum_vacuum_threshold = 1000, autovacuum_vacuum_scale_factor = 0, autovacuum_vacuum_insert_threshold = 1000);
ALTER TABLE dashboard_offer_changes SET (autovacuum_vacuum_threshold = 1000, autovacuum_vacuum_scale_factor = 0, autovacuum_vacuum_insert_threshold = 1000);
