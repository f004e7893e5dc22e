-- Issue 15: a run that waits for a person's decision ends `suspended` (ADR 0039). It holds no process,
-- no lease and no job while it waits; the decision's `approval.resume` job puts it back to `queued` with a
-- new `run.execute` job (or, for a team step, a new `team.step` job), and any worker claims it.
-- `suspended` is not an unfinished status for the one-active-run-per-conversation index nor for
-- admission: the conversation goes on while the run waits.
ALTER TABLE runs DROP CONSTRAINT runs_status_check;
ALTER TABLE runs ADD CONSTRAINT runs_status_check
  CHECK (status IN ('queued', 'running', 'completed', 'failed', 'stopped', 'suspended'));
-- How many times the run was suspended and resumed: shown in the runs list, and it bounds a run that
-- asks for approval again and again.
ALTER TABLE runs ADD COLUMN suspensions integer NOT NULL DEFAULT 0;
CREATE INDEX idx_runs_suspended ON runs(client_id, id) WHERE status = 'suspended';

-- When the model was told the decision (the outcome message written and, when it was the last decision
-- the run waited for, the run queued again): a retried `approval.resume` job finds it set and does nothing.
ALTER TABLE approval_requests ADD COLUMN reported_at timestamptz;

-- A schedule whose target is a team starts a team execution per tick (instead of a run).
ALTER TABLE schedule_executions ADD COLUMN execution_id uuid
  REFERENCES renum_team_executions(id) ON DELETE SET NULL;
