-- Durable runs (issue 9, ADR 0009): a run is executed by whichever worker claims its `run.execute` job.
--   lease_token          set by each claim; every write a worker makes to its run is fenced by it, so a
--                        worker that lost the run (stalled, or replaced after a crash) changes nothing.
--   cancel_requested_at  a stop asked from any process; the worker holding the run sees it (over the event
--                        bus at once, or at its next lease renewal) and settles the run `stopped`.
--   claims               how many times a worker took the run; a run taken over after a crash says so.
--   checkpoint           what a resumed attempt reuses (routing decided, and its metered extra calls).
--   idempotency_key      the `Idempotency-Key` of the send that created the run: a retried send answers
--                        the first run instead of storing a second message.
ALTER TABLE runs
  ADD COLUMN lease_token uuid,
  ADD COLUMN cancel_requested_at timestamptz,
  ADD COLUMN claims integer NOT NULL DEFAULT 0,
  ADD COLUMN checkpoint jsonb,
  ADD COLUMN idempotency_key text;

CREATE UNIQUE INDEX idx_runs_idempotency_key ON runs(client_id, idempotency_key)
  WHERE idempotency_key IS NOT NULL;

-- Sequence numbers are handed out in blocks (ADR 0009 §6): `seq_reserved` is the highest number given to a
-- writer; `last_seq` stays the highest number stored, the position a reader resumes from.
ALTER TABLE conversations ADD COLUMN seq_reserved bigint NOT NULL DEFAULT 0;
