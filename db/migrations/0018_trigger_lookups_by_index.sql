-- The trigger functions below read or write a handful of rows by key. PL/pgSQL keeps each
-- statement's plan for the connection's life, made for the tables as they were then: planned on
-- a register of a few hundred offers — a launch day's first minutes, before autovacuum has
-- analysed anything — a look-up by key was planned as a full scan, and stayed one as the
-- register grew (bench/launch-day with auto_explain: the UPDATE of offers in the queue refresh
-- scanned every offer, 8 ms a submission at 6,000 offers under load). With enable_seqscan off for
-- the function's own statements, PostgreSQL reads them through their indexes whatever it believes
-- the tables' sizes are; a table without a usable index is still read in full.
-- (offers_refresh_queue_columns has the same setting since 0016.)
ALTER FUNCTION offers_copy_organisation_kind() SET enable_seqscan = off;
ALTER FUNCTION organisations_copy_kind_to_offers() SET enable_seqscan = off;
ALTER FUNCTION offer_lines_copy_offer_status() SET enable_seqscan = off;
ALTER FUNCTION offers_copy_status_to_lines() SET enable_seqscan = off;
ALTER FUNCTION offer_lines_scope_region_codes() SET enable_seqscan = off;
ALTER FUNCTION offers_scope_region_codes_to_lines() SET enable_seqscan = off;
