-- Exports of the review queue too large to stream straight to the browser (issue 5): each is a
-- job, run in the background by the export worker, written to a file under EXPORT_DIR and
-- downloaded by the staff member who asked for it. A job claimed by a process that then stopped
-- is taken up again once its heartbeat is older than the worker's stale limit.
CREATE TABLE export_jobs (
  id                uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  staff_account_id  uuid NOT NULL REFERENCES staff_accounts (id),
  format            text NOT NULL CHECK (format IN ('csv', 'csv-comma', 'xlsx', 'jsonl', 'hxl')),
  -- the queue's filters as its query string (review.schemas parseQueueQuery reads it again)
  query             text NOT NULL CHECK (length(query) <= 4000),
  -- the member's scope and rights when they asked: the job exports what they could see then
  regions           text[],
  contact           boolean NOT NULL,
  language          text NOT NULL CHECK (language IN ('el', 'en')),
  -- offers submitted after this are left out, so counting and writing agree
  as_of             timestamptz NOT NULL,
  status            text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'running', 'done', 'failed', 'expired')),
  total_offers      integer,
  total_lines       integer,
  progress_done     integer NOT NULL DEFAULT 0,
  progress_total    integer,
  offers_written    integer,
  lines_written     integer,
  file_bytes        bigint,
  attempts          integer NOT NULL DEFAULT 0,
  error             text,
  created_at        timestamptz NOT NULL DEFAULT now(),
  claimed_at        timestamptz,
  heartbeat_at      timestamptz,
  finished_at       timestamptz
);
CREATE INDEX export_jobs_pending_idx ON export_jobs (created_at) WHERE status IN ('queued', 'running');
CREATE INDEX export_jobs_staff_idx ON export_jobs (staff_account_id, created_at DESC);
CREATE INDEX export_jobs_finished_idx ON export_jobs (finished_at) WHERE status = 'done';
