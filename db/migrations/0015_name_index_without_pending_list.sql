-- Possible duplicates are searched by organisation name (pg_trgm's % through this index) for every
-- offer submitted or imported, in the transaction that inserts it. With GIN's fast update, new
-- entries wait in a pending list that every search reads from end to end until a vacuum or the
-- list's 4 MB limit merges it; an import of thousands of offers in one transaction searched its
-- own growing list for each offer (30 offers a second, bench/imports.ts). Without it, each insert
-- goes straight into the index's tree.
ALTER INDEX organisations_name_key_trgm_idx SET (fastupdate = off);
