-- The review queue and its search (issue 3). What the queue filters on is copied onto `offers`,
-- so that one row answers every filter through an index on a million offers, instead of joining
-- organisations and offer lines for each page and each count.
--
-- Who fills what:
-- - organisation_kind and the *_codes, line_kinds and line_categories arrays: the triggers below,
--   from organisations and offer_lines, whoever writes them (the journey, the API, imports, staff,
--   tests). region_codes decides what a regional coordinator may see, so it must never go stale.
-- - search_text and search_vector: the offers service at submission (offers.search.ts
--   `searchDocument`), because folding case and accents in SQL would depend on the database's
--   locale; anyone who later changes the names or texts of an offer writes them again.
-- - last_contact_outcome, reached, possible_duplicate: casework, when it records contact
--   attempts and duplicate candidates.
CREATE EXTENSION IF NOT EXISTS unaccent;
CREATE EXTENSION IF NOT EXISTS pg_trgm;

ALTER TABLE offers
  ADD COLUMN organisation_kind    text,
  -- ISO 3166-2:GR regions of the lines (their own region, and that of their municipality)
  ADD COLUMN region_codes         text[] NOT NULL DEFAULT '{}',
  ADD COLUMN regional_unit_codes  text[] NOT NULL DEFAULT '{}',
  ADD COLUMN municipality_codes   text[] NOT NULL DEFAULT '{}',
  ADD COLUMN line_kinds           text[] NOT NULL DEFAULT '{}',
  -- '<kind>:<category>', e.g. 'service:legal_aid': 'other' is a category of two kinds
  ADD COLUMN line_categories      text[] NOT NULL DEFAULT '{}',
  -- folded names and their Latin spelling, for substring matches (pg_trgm)
  ADD COLUMN search_text          text NOT NULL DEFAULT '',
  -- names and free text, stemmed (greek) and whole (simple); without positions (no ranking)
  ADD COLUMN search_vector        tsvector NOT NULL DEFAULT ''::tsvector,
  -- the outcome of the offer's latest contact attempt, null before the first
  ADD COLUMN last_contact_outcome text CHECK (last_contact_outcome IN ('reached', 'no_answer', 'wrong_number', 'bounced')),
  -- some attempt reached the offeror (the queue's "never reached" is NOT reached)
  ADD COLUMN reached              boolean NOT NULL DEFAULT false,
  ADD COLUMN possible_duplicate   boolean NOT NULL DEFAULT false;

-- The queue columns of the given offers, recomputed from their lines. Rows already right are
-- left alone, so a trigger firing for an unchanged line writes nothing.
CREATE FUNCTION offers_refresh_queue_columns(offer_ids uuid[]) RETURNS void LANGUAGE sql AS $$
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
    FROM offers x
    LEFT JOIN offer_lines l ON l.offer_id = x.id
    LEFT JOIN admin_units m ON m.code = l.municipality_code
    LEFT JOIN admin_units ru ON ru.code = m.parent_code
    -- a line's region, or its municipality's, so a line placed only by municipality still counts
    LEFT JOIN LATERAL (VALUES (l.region_code), (ru.parent_code)) AS r(code) ON true
    WHERE x.id = ANY (offer_ids)
    GROUP BY x.id
  ) f
  WHERE o.id = f.id
    AND (o.region_codes, o.regional_unit_codes, o.municipality_codes, o.line_kinds, o.line_categories)
        IS DISTINCT FROM (f.region_codes, f.regional_unit_codes, f.municipality_codes, f.line_kinds, f.line_categories);
$$;

-- Statement-level, so a submission's lines (one INSERT) or a bulk import refresh each offer once.
CREATE FUNCTION offer_lines_refresh_offers() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM offers_refresh_queue_columns(ARRAY(SELECT DISTINCT offer_id FROM new_lines));
  ELSIF TG_OP = 'DELETE' THEN
    PERFORM offers_refresh_queue_columns(ARRAY(SELECT DISTINCT offer_id FROM old_lines));
  ELSE
    PERFORM offers_refresh_queue_columns(ARRAY(SELECT offer_id FROM new_lines UNION SELECT offer_id FROM old_lines));
  END IF;
  RETURN NULL;
END;
$$;
-- PostgreSQL allows transition tables only on single-event triggers: one trigger per event.
CREATE TRIGGER offer_lines_queue_insert AFTER INSERT ON offer_lines
  REFERENCING NEW TABLE AS new_lines FOR EACH STATEMENT EXECUTE FUNCTION offer_lines_refresh_offers();
CREATE TRIGGER offer_lines_queue_update AFTER UPDATE ON offer_lines
  REFERENCING OLD TABLE AS old_lines NEW TABLE AS new_lines FOR EACH STATEMENT EXECUTE FUNCTION offer_lines_refresh_offers();
CREATE TRIGGER offer_lines_queue_delete AFTER DELETE ON offer_lines
  REFERENCING OLD TABLE AS old_lines FOR EACH STATEMENT EXECUTE FUNCTION offer_lines_refresh_offers();

CREATE FUNCTION offers_copy_organisation_kind() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.organisation_kind := (SELECT kind FROM organisations WHERE id = NEW.organisation_id);
  RETURN NEW;
END;
$$;
CREATE TRIGGER offers_organisation_kind BEFORE INSERT OR UPDATE OF organisation_id ON offers
  FOR EACH ROW EXECUTE FUNCTION offers_copy_organisation_kind();

CREATE FUNCTION organisations_copy_kind_to_offers() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE offers SET organisation_kind = NEW.kind WHERE organisation_id = NEW.id AND organisation_kind IS DISTINCT FROM NEW.kind;
  RETURN NULL;
END;
$$;
CREATE TRIGGER organisations_kind_to_offers AFTER UPDATE OF kind ON organisations
  FOR EACH ROW EXECUTE FUNCTION organisations_copy_kind_to_offers();

-- Backfill: offers submitted before this migration. ---------------------------------------------
UPDATE offers o SET organisation_kind = g.kind FROM organisations g WHERE g.id = o.organisation_id;
ALTER TABLE offers ALTER COLUMN organisation_kind SET NOT NULL;
SELECT offers_refresh_queue_columns(ARRAY(SELECT id FROM offers));

-- The search documents, by the rules of offers.search.ts (`searchDocument`) written once more in
-- SQL for this backfill only, and dropped after it: from now on the service writes them.
-- test/review/search-backfill.test.ts checks that both give the same document.
CREATE FUNCTION offers_backfill_fold(t text) RETURNS text LANGUAGE sql AS $$
  SELECT btrim(regexp_replace(translate(lower(unaccent(coalesce(t, ''))), 'ς', 'σ'), '[^[:alnum:]]+', ' ', 'g'));
$$;

CREATE FUNCTION offers_backfill_latin(t text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
  s text;
  out text := '';
  i int := 1;
  c text;
  nx text;
  after text;
BEGIN
  s := normalize(lower(coalesce(t, '')), NFD);
  s := regexp_replace(s, '([αεηο])' || U&'\0301' || 'υ', '\1ϋ', 'g');
  s := normalize(replace(s, U&'\0301', ''), NFC);
  WHILE i <= length(s) LOOP
    c := substr(s, i, 1);
    nx := substr(s, i + 1, 1);
    IF c IN ('α', 'ε', 'η') AND nx = 'υ' THEN
      after := substr(s, i + 2, 1);
      out := out || CASE c WHEN 'α' THEN 'a' WHEN 'ε' THEN 'e' ELSE 'i' END
                 || CASE WHEN after <> '' AND strpos('αεηιουωϊϋβγδζλμνρ', after) > 0 THEN 'v' ELSE 'f' END;
      i := i + 2;
    ELSIF c = 'ο' AND nx = 'υ' THEN
      out := out || 'ou';
      i := i + 2;
    ELSIF c = 'γ' AND nx IN ('γ', 'κ', 'ξ', 'χ') THEN
      out := out || CASE nx WHEN 'γ' THEN 'ng' WHEN 'κ' THEN 'gk' WHEN 'ξ' THEN 'nx' ELSE 'nch' END;
      i := i + 2;
    ELSE
      out := out || CASE c
        WHEN 'α' THEN 'a' WHEN 'β' THEN 'v' WHEN 'γ' THEN 'g' WHEN 'δ' THEN 'd' WHEN 'ε' THEN 'e' WHEN 'ζ' THEN 'z'
        WHEN 'η' THEN 'i' WHEN 'θ' THEN 'th' WHEN 'ι' THEN 'i' WHEN 'κ' THEN 'k' WHEN 'λ' THEN 'l' WHEN 'μ' THEN 'm'
        WHEN 'ν' THEN 'n' WHEN 'ξ' THEN 'x' WHEN 'ο' THEN 'o' WHEN 'π' THEN 'p' WHEN 'ρ' THEN 'r' WHEN 'σ' THEN 's'
        WHEN 'ς' THEN 's' WHEN 'τ' THEN 't' WHEN 'υ' THEN 'y' WHEN 'φ' THEN 'f' WHEN 'χ' THEN 'ch' WHEN 'ψ' THEN 'ps'
        WHEN 'ω' THEN 'o' WHEN 'ϊ' THEN 'i' WHEN 'ϋ' THEN 'y' ELSE c END;
      i := i + 1;
    END IF;
  END LOOP;
  RETURN out;
END;
$$;

-- The folded words of t, then those of its Latin spelling, each once, in order of first appearance.
CREATE FUNCTION offers_backfill_words(t text) RETURNS text LANGUAGE sql AS $$
  SELECT coalesce(string_agg(w, ' ' ORDER BY first), '')
  FROM (
    SELECT w, min(n) AS first
    FROM unnest(string_to_array(offers_backfill_fold(t), ' ') || string_to_array(offers_backfill_fold(offers_backfill_latin(t)), ' '))
         WITH ORDINALITY AS u(w, n)
    WHERE w <> ''
    GROUP BY w
  ) words;
$$;

UPDATE offers o
SET search_text = offers_backfill_words(d.names),
    search_vector = strip(to_tsvector('greek', offers_backfill_words(d.everything)) || to_tsvector('simple', offers_backfill_words(d.everything)))
FROM (
  SELECT x.id,
         concat_ws(' ', g.legal_name, g.distinctive_title, g.legal_representative, g.contact_name) AS names,
         concat_ws(' ', g.legal_name, g.distinctive_title, g.legal_representative, g.contact_name, g.city,
                   (SELECT string_agg(nullif(concat_ws(' ', l.description, l.delivery_area, l.purpose), ''), ' ' ORDER BY l.position)
                    FROM offer_lines l WHERE l.offer_id = x.id)) AS everything
  FROM offers x JOIN organisations g ON g.id = x.organisation_id
) d
WHERE o.id = d.id;

DROP FUNCTION offers_backfill_words(text);
DROP FUNCTION offers_backfill_latin(text);
DROP FUNCTION offers_backfill_fold(text);

-- Indexes, built after the backfill. --------------------------------------------------------------
-- The queue counts each status up to a limit (review.repository COUNT_LIMIT) by walking this
-- index; the filter columns ride along (INCLUDE) so the walk never reads the table. It replaces
-- 0002's offers_status_submitted_idx, which had the same key and nothing else.
CREATE INDEX offers_queue_status_idx ON offers (status, submitted_at DESC, id DESC)
  INCLUDE (region_codes, regional_unit_codes, municipality_codes, line_kinds, line_categories,
           organisation_kind, language, possible_duplicate, reached, last_contact_outcome);
DROP INDEX offers_status_submitted_idx;
-- The places and categories in one GIN index, for filters that pick out few offers (a
-- municipality, a small region, a rare category). Not the four kinds of help: each matches a
-- large share of offers, and intersecting such long lists in GIN cost more than walking the
-- status index (measured: 40 ms for two common keys among a million offers).
CREATE INDEX offers_queue_facets_idx ON offers USING gin (region_codes, regional_unit_codes, municipality_codes, line_categories);
CREATE INDEX offers_search_vector_idx ON offers USING gin (search_vector);
CREATE INDEX offers_search_text_idx ON offers USING gin (search_text gin_trgm_ops);
-- Possible duplicates are few: small indexes list and count them without walking the rest.
CREATE INDEX offers_possible_duplicate_idx ON offers (submitted_at DESC, id DESC) WHERE possible_duplicate;
CREATE INDEX offers_possible_duplicate_status_idx ON offers (status, submitted_at DESC, id DESC) WHERE possible_duplicate;
-- Index-only walks need a current visibility map: vacuum offers after 5% of it changes, not 20%.
ALTER TABLE offers SET (autovacuum_vacuum_scale_factor = 0.05, autovacuum_vacuum_insert_scale_factor = 0.05);
