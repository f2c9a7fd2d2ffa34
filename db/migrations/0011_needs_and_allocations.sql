-- Needs, and the allocation of offer lines' capacity to them (issue 6). The needs module owns
-- `needs` and `allocations`; it keeps needs.allocated_quantity, needs.status (open / partly_met /
-- met) and offer_lines.allocated_quantity in step with the active allocations, in the same
-- transaction as the allocation and its audit event.
--
-- Over-allocation is impossible in the database itself: offer_lines.allocated_quantity can never
-- exceed the line's capacity, nor needs.allocated_quantity the need's quantity (CHECKs below).
-- Two coordinators allocating the last places at once both run
--   UPDATE offer_lines SET allocated_quantity = allocated_quantity + q WHERE … AND allocated_quantity + q <= capacity
-- on the same row: the second waits for the first's row lock, re-reads the committed row and
-- matches nothing (or, were the WHERE ever dropped, violates the CHECK).

-- A line's capacity in its kind's own unit (PRODUCT.md): places for accommodation, sessions per
-- week for a service, the quantity of essential items, the amount of money. Stored, so the
-- matching index and the dashboard compare it with allocated_quantity without a CASE each time.
ALTER TABLE offer_lines
  ADD COLUMN capacity numeric(14, 2) GENERATED ALWAYS AS (
    CASE kind
      WHEN 'accommodation' THEN places::numeric
      WHEN 'service' THEN capacity_per_week::numeric
      WHEN 'essential_items' THEN quantity::numeric
      WHEN 'money' THEN amount
    END) STORED,
  ADD COLUMN allocated_quantity numeric(14, 2) NOT NULL DEFAULT 0,
  -- offers.status, copied by the triggers below, so matching finds live lines through one index
  -- without joining a million offers
  ADD COLUMN offer_status text;
ALTER TABLE offer_lines
  ADD CONSTRAINT offer_lines_allocated_within_capacity
    CHECK (allocated_quantity >= 0 AND allocated_quantity <= coalesce(capacity, 0));

UPDATE offer_lines l SET offer_status = o.status FROM offers o WHERE o.id = l.offer_id;

CREATE FUNCTION offer_lines_copy_offer_status() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.offer_status := (SELECT status FROM offers WHERE id = NEW.offer_id);
  RETURN NEW;
END;
$$;
CREATE TRIGGER offer_lines_offer_status BEFORE INSERT OR UPDATE OF offer_id ON offer_lines
  FOR EACH ROW EXECUTE FUNCTION offer_lines_copy_offer_status();

CREATE FUNCTION offers_copy_status_to_lines() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE offer_lines SET offer_status = NEW.status WHERE offer_id = NEW.id AND offer_status IS DISTINCT FROM NEW.status;
  RETURN NULL;
END;
$$;
CREATE TRIGGER offers_status_to_lines AFTER UPDATE OF status ON offers
  FOR EACH ROW WHEN (OLD.status IS DISTINCT FROM NEW.status) EXECUTE FUNCTION offers_copy_status_to_lines();

-- Matching: live lines (offer verified or allocated, line not withdrawn) with capacity left, by
-- kind, category and place, carrying every column ranking reads, so that ranking the tens of
-- thousands of candidates of a large region is an index-only scan (bench/matching.ts). The
-- predicate is repeated word for word by needs.matching.ts so the planner can use the index.
CREATE INDEX offer_lines_matching_idx ON offer_lines (kind, category, region_code, municipality_code)
  INCLUDE (id, offer_id, capacity, allocated_quantity, available_from, available_until, step_free_access, suitable_for, languages, delivery, unit, currency)
  WHERE offer_status IN ('verified', 'allocated') AND withdrawn_at IS NULL AND allocated_quantity < capacity;

-- Short human references for needs: N-00001, N-00002, … (wider past N-99999, never cut short).
CREATE SEQUENCE needs_reference_seq;
CREATE FUNCTION needs_next_reference() RETURNS text LANGUAGE sql AS $$
  SELECT 'N-' || CASE WHEN s.n < 100000 THEN lpad(s.n::text, 5, '0') ELSE s.n::text END
  FROM (SELECT nextval('needs_reference_seq') AS n) s
$$;

CREATE TABLE needs (
  id                        uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  reference                 text NOT NULL UNIQUE DEFAULT needs_next_reference() CHECK (reference ~ '^N-[0-9]{5,}$'),
  kind                      text NOT NULL CHECK (kind IN ('accommodation', 'service', 'essential_items', 'money')),
  -- accommodation type, service category or essential-items category; null = any (always null for money)
  category                  text CHECK (length(category) <= 100),
  -- places (accommodation), sessions per week (service), items in `unit` (essential_items), amount in `currency` (money)
  quantity                  numeric(14, 2) NOT NULL CHECK (quantity > 0 AND quantity <= 1000000000),
  unit                      text CHECK (unit IN ('pieces', 'kits', 'boxes', 'pallets', 'kg', 'litres')),
  currency                  char(3) CHECK (currency ~ '^[A-Z]{3}$'),
  region_code               text NOT NULL REFERENCES admin_units (code),
  regional_unit_code        text REFERENCES admin_units (code),
  municipality_code         text REFERENCES admin_units (code),
  starts_on                 date NOT NULL,
  ends_on                   date,
  priority                  text NOT NULL DEFAULT 'normal' CHECK (priority IN ('urgent', 'high', 'normal', 'low')),
  status                    text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'partly_met', 'met', 'closed')),
  -- the sum of the active allocations' quantities
  allocated_quantity        numeric(14, 2) NOT NULL DEFAULT 0 CHECK (allocated_quantity >= 0),
  -- the people concerned, in aggregate (never names: a need is not a case file)
  people_count              integer CHECK (people_count BETWEEN 1 AND 1000000),
  household_count           integer CHECK (household_count BETWEEN 1 AND 1000000),
  families_with_children    boolean NOT NULL DEFAULT false,
  step_free_access_needed   boolean NOT NULL DEFAULT false,
  elderly                   boolean NOT NULL DEFAULT false,
  pets                      boolean NOT NULL DEFAULT false,
  -- ISO 639-1 codes of the languages a service must be given in
  languages                 text[] NOT NULL DEFAULT '{}',
  notes                     text CHECK (length(notes) <= 4000),
  closed_reason             text CHECK (length(closed_reason) <= 2000),
  closed_at                 timestamptz,
  closed_by                 uuid REFERENCES staff_accounts (id),
  created_at                timestamptz NOT NULL DEFAULT now(),
  created_by                uuid NOT NULL REFERENCES staff_accounts (id),
  updated_at                timestamptz NOT NULL DEFAULT now(),
  version                   integer NOT NULL DEFAULT 1,
  CHECK (allocated_quantity <= quantity),
  CHECK (ends_on IS NULL OR ends_on >= starts_on),
  CHECK (kind <> 'money' OR (currency IS NOT NULL AND category IS NULL)),
  CHECK (kind <> 'essential_items' OR unit IS NOT NULL),
  CHECK ((status = 'closed') = (closed_at IS NOT NULL))
);
CREATE INDEX needs_region_status_idx ON needs (region_code, status);
CREATE INDEX needs_status_kind_idx ON needs (status, kind);
CREATE INDEX needs_created_idx ON needs (created_at DESC, id DESC);
-- "The needs this offer line could serve": open needs by kind and category
CREATE INDEX needs_matching_idx ON needs (kind, category, region_code) WHERE status IN ('open', 'partly_met');

CREATE TABLE allocations (
  id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  need_id         uuid NOT NULL REFERENCES needs (id),
  offer_id        uuid NOT NULL REFERENCES offers (id),
  offer_line_id   uuid NOT NULL REFERENCES offer_lines (id),
  -- in the line's unit (places, sessions per week, items, amount)
  quantity        numeric(14, 2) NOT NULL CHECK (quantity > 0),
  status          text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'released')),
  created_at      timestamptz NOT NULL DEFAULT now(),
  created_by      uuid NOT NULL REFERENCES staff_accounts (id),
  released_at     timestamptz,
  released_by     uuid REFERENCES staff_accounts (id),
  release_reason  text CHECK (length(release_reason) <= 2000),
  CHECK ((status = 'released') = (released_at IS NOT NULL)),
  CHECK (status = 'active' OR (release_reason IS NOT NULL AND released_by IS NOT NULL))
);
CREATE INDEX allocations_need_idx ON allocations (need_id, status, created_at);
CREATE INDEX allocations_offer_line_idx ON allocations (offer_line_id, status);
CREATE INDEX allocations_offer_idx ON allocations (offer_id, status);
