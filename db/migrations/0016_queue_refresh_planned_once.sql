-- The queue columns of offers (0005) are refreshed after every change to offer lines. Measured
-- with auto_explain over 245 web submissions (bench/launch-day/cost.ts), the refresh was most of
-- a submission's database time: as a LANGUAGE sql function it was parsed and planned again at
-- every call (3.5 ms the first time in a submission), and it was called a second time (1.5 ms)
-- by the UPDATE of offer_lines.scope_region_codes that 0012 runs after it, although that UPDATE
-- changes nothing the queue columns are made of (and usually touches no row at all).
-- The same function in PL/pgSQL keeps its plan for the connection's life, and reads the lines
-- of the given offers through offer_lines_offer_idx whatever the statistics say (as a join it was
-- planned as full scans of offers and offer_lines on a register filling faster than autovacuum
-- analyses it, as on a launch day: cost growing with the register); the UPDATE trigger refreshes
-- only the offers whose lines changed their offer, kind, category, region or municipality. The
-- queue columns are the same as before.

-- (Its own enable_seqscan: see 0018.)
CREATE OR REPLACE FUNCTION offers_refresh_queue_columns(offer_ids uuid[]) RETURNS void LANGUAGE plpgsql
SET enable_seqscan = off
AS $$
BEGIN
  IF cardinality(offer_ids) = 0 THEN
    RETURN;
  END IF;
  UPDATE offers o
  SET region_codes = f.region_codes,
      regional_unit_codes = f.regional_unit_codes,
      municipality_codes = f.municipality_codes,
      line_kinds = f.line_kinds,
      line_categories = f.line_categories
  FROM (
    SELECT x.id,
           coalesce(array_agg(DISTINCT r.code) FILTER (WHERE r.code IS NOT NULL), '{}') AS region_codes,
           coalesce(array_agg(DISTINCT m.parent_code) FILTER (WHERE m.level = 'municipality'), '{}') AS regional_unit_codes,
           coalesce(array_agg(DISTINCT l.municipality_code) FILTER (WHERE l.municipality_code IS NOT NULL), '{}') AS municipality_codes,
           coalesce(array_agg(DISTINCT l.kind) FILTER (WHERE l.kind IS NOT NULL), '{}') AS line_kinds,
           coalesce(array_agg(DISTINCT l.kind || ':' || l.category) FILTER (WHERE l.category IS NOT NULL), '{}') AS line_categories
    FROM unnest(offer_ids) AS x(id)
    LEFT JOIN LATERAL (
      SELECT l.region_code, l.municipality_code, l.kind, l.category FROM offer_lines l WHERE l.offer_id = x.id OFFSET 0
    ) l ON true
    LEFT JOIN admin_units m ON m.code = l.municipality_code
    LEFT JOIN admin_units ru ON ru.code = m.parent_code
    -- a line's region, or its municipality's, so a line placed only by municipality still counts
    LEFT JOIN LATERAL (VALUES (l.region_code), (ru.parent_code)) AS r(code) ON true
    GROUP BY x.id
  ) f
  WHERE o.id = f.id
    AND (o.region_codes, o.regional_unit_codes, o.municipality_codes, o.line_kinds, o.line_categories)
        IS DISTINCT FROM (f.region_codes, f.regional_unit_codes, f.municipality_codes, f.line_kinds, f.line_categories);
END;
$$;

CREATE OR REPLACE FUNCTION offer_lines_refresh_offers() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM offers_refresh_queue_columns(ARRAY(SELECT DISTINCT offer_id FROM new_lines));
  ELSIF TG_OP = 'DELETE' THEN
    PERFORM offers_refresh_queue_columns(ARRAY(SELECT DISTINCT offer_id FROM old_lines));
  ELSE
    -- the offers (old and new, should a line move) of lines changed in what the columns are made of
    PERFORM offers_refresh_queue_columns(ARRAY(
      SELECT id FROM (
        SELECT n.offer_id AS new_offer, o.offer_id AS old_offer
        FROM new_lines n JOIN old_lines o ON o.id = n.id
        WHERE (n.offer_id, n.kind, n.category, n.region_code, n.municipality_code)
              IS DISTINCT FROM (o.offer_id, o.kind, o.category, o.region_code, o.municipality_code)
      ) AS changed
      CROSS JOIN LATERAL (VALUES (changed.new_offer), (changed.old_offer)) AS v(id)
      GROUP BY id));
  END IF;
  RETURN NULL;
END;
$$;
