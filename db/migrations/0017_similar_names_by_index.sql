-- Organisations whose name key is similar to a given one (pg_trgm's `%`, at the threshold the
-- caller set in pg_trgm.similarity_threshold), found through organisations_name_key_trgm_idx
-- always. Inside duplicate detection's query the planner chose to read every organisation and
-- compute `%` on each when its statistics were missing or old — as on a launch day, with the
-- register filling faster than autovacuum analyses it: 135 ms a submission at 6,000
-- organisations under load, and growing (bench/launch-day, auto_explain), against well under a
-- millisecond through the index. A function's own SET applies to its statement alone.
CREATE FUNCTION organisations_with_similar_name(query text)
RETURNS TABLE (organisation_id uuid, similarity real, municipality_code text, region_code text)
LANGUAGE plpgsql STABLE ROWS 20
SET enable_seqscan = off
AS $$
BEGIN
  RETURN QUERY
    SELECT g.id, similarity(g.name_key, query), g.municipality_code, g.region_code
    FROM organisations g
    WHERE g.name_key % query;
END;
$$;
