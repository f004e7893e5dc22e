-- A team execution started with an `Idempotency-Key` (issue 9: every endpoint that starts work accepts
-- one): a POST retried after a dropped connection answers the first execution instead of starting a
-- second. Unique per client, as runs' keys are (migration 0012); NULL when the caller sent none.
ALTER TABLE renum_team_executions
  ADD COLUMN idempotency_key text CHECK (length(idempotency_key) BETWEEN 1 AND 255);

CREATE UNIQUE INDEX idx_team_executions_idempotency_key ON renum_team_executions (client_id, idempotency_key)
  WHERE idempotency_key IS NOT NULL;
