-- Allocations follow their offer (issue 4 × issue 6): when an offer stops being live help —
-- withdrawn or expired, by a staff member, by the offeror through the self-service link, or by
-- the availability cycle — or the offeror withdraws one line, its active allocations are released
-- in the same transaction (needs module, releaseAllocationsOfOffer). Such a release is no longer
-- always a staff member's act with a typed reason, so the allocation records who released it
-- (released_by_kind, with released_by only for staff) and why it happened (release_cause), and the
-- reason is the one given for the withdrawal, when there was one.

ALTER TABLE allocations
  ADD COLUMN released_by_kind text CHECK (released_by_kind IN ('staff', 'offeror', 'system')),
  -- null: released by hand from the need's page; otherwise what happened to the offer or line
  ADD COLUMN release_cause text CHECK (release_cause IN ('offer_withdrawn', 'offer_expired', 'offer_rejected', 'offer_duplicate', 'line_withdrawn'));

UPDATE allocations SET released_by_kind = 'staff' WHERE status = 'released';

-- 0011's unnamed second table CHECK (status = 'active' OR (release_reason IS NOT NULL AND
-- released_by IS NOT NULL)), which PostgreSQL named allocations_check1, becomes:
ALTER TABLE allocations DROP CONSTRAINT allocations_check1;
ALTER TABLE allocations ADD CONSTRAINT allocations_release_recorded CHECK (
  status = 'active' OR (
    released_by_kind IS NOT NULL
    -- a staff member is named; the offeror and the system are not accounts
    AND (released_by_kind = 'staff') = (released_by IS NOT NULL)
    -- a release by hand needs its reason; one that follows the offer has its cause
    AND (release_cause IS NOT NULL OR release_reason IS NOT NULL)
  )
);
