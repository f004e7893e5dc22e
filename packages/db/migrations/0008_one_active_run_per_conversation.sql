-- A conversation answers one message at a time. The check in sendMessage reads the runs table with the
-- snapshot of its statement, so two sends racing for the same conversation could both pass it; this index
-- makes the database refuse the second unfinished run (sendMessage turns that into 409 CONFLICT).

-- Runs that would break the index (left over from that race) are settled first: all but the newest
-- unfinished run of each conversation are marked failed, as a restart would.
UPDATE runs SET status = 'failed', error_code = 'INTERRUPTED',
  error_message = 'Another answer was running in this conversation', finished_at = now(),
  lease_owner = NULL, lease_expires_at = NULL
WHERE status IN ('queued', 'running') AND conversation_id IS NOT NULL
  AND id NOT IN (
    SELECT max(id::text)::uuid FROM runs
    WHERE status IN ('queued', 'running') AND conversation_id IS NOT NULL
    GROUP BY conversation_id
  );

CREATE UNIQUE INDEX idx_runs_one_active_per_conversation ON runs(conversation_id)
  WHERE status IN ('queued', 'running');
