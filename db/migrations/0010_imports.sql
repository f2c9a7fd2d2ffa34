-- Bulk import of offers from a CSV or XLSX file (issue 5). An upload becomes a batch: its rows,
-- grouped into offers and checked by the public form's rules, wait here until a staff member
-- imports the valid ones or none. Batches expire: the answers are personal data, and a batch
-- nobody decided on is deleted with them (the batch row stays, with its counts, for the record).
CREATE TABLE import_batches (
  id                    uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  staff_account_id      uuid NOT NULL REFERENCES staff_accounts (id),
  file_name             text NOT NULL CHECK (length(file_name) BETWEEN 1 AND 255),
  format                text NOT NULL CHECK (format IN ('csv', 'xlsx')),
  status                text NOT NULL CHECK (status IN ('validating', 'ready', 'importing', 'imported', 'discarded', 'expired', 'failed')),
  -- data rows in the file (blank rows not counted) and the offers they make
  row_count             integer NOT NULL CHECK (row_count >= 0),
  offer_count           integer NOT NULL DEFAULT 0 CHECK (offer_count >= 0),
  valid_offer_count     integer NOT NULL DEFAULT 0 CHECK (valid_offer_count >= 0),
  rejected_row_count    integer NOT NULL DEFAULT 0 CHECK (rejected_row_count >= 0),
  -- progress of the running step (validating or importing), in offers
  processed             integer NOT NULL DEFAULT 0 CHECK (processed >= 0),
  imported_count        integer CHECK (imported_count >= 0),
  -- headers the file had that are no column of the template (their cells are not read)
  ignored_columns       text[] NOT NULL DEFAULT '{}',
  -- why the last step failed, as a message key ('import_failed', 'validation_failed')
  failure               text CHECK (length(failure) <= 100),
  created_at            timestamptz NOT NULL DEFAULT now(),
  -- touched by the running step: a step silent for minutes was cut short by a restart
  updated_at            timestamptz NOT NULL DEFAULT now(),
  expires_at            timestamptz NOT NULL,
  finished_at           timestamptz
);
CREATE INDEX import_batches_created_idx ON import_batches (created_at DESC);
CREATE INDEX import_batches_expires_idx ON import_batches (expires_at) WHERE status IN ('validating', 'ready', 'failed');

-- One offer of a batch: the spreadsheet rows it came from, its answers in the public form's
-- shape (offers' DraftAnswers) and the problems found in them. Answers are emptied once the
-- batch is decided; offer_id links an imported offer.
CREATE TABLE import_batch_offers (
  batch_id    uuid NOT NULL REFERENCES import_batches (id) ON DELETE CASCADE,
  position    integer NOT NULL CHECK (position >= 1),
  -- spreadsheet row numbers, the header being row 1
  rows        integer[] NOT NULL,
  answers     jsonb NOT NULL,
  -- the offer as the form's rules read it (offers' OfferInput), when valid: the import writes it
  -- as it is when it runs on the day of the check, and checks the answers again on a later day
  offer       jsonb,
  -- [{ row, column, rule | key, params }]
  issues      jsonb NOT NULL DEFAULT '[]'::jsonb,
  valid       boolean NOT NULL,
  offer_id    uuid REFERENCES offers (id),
  PRIMARY KEY (batch_id, position)
);
CREATE INDEX import_batch_offers_invalid_idx ON import_batch_offers (batch_id, position) WHERE NOT valid;
