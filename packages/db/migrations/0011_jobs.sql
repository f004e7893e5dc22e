-- Background jobs (issue 9, ADR 0014). The `jobs` table is the transactional outbox and the source of
-- truth of every job, whichever engine delivers it: the embedded one claims rows here directly; the
-- BullMQ one relays committed rows into Redis (`relayed_at`) and fences each delivery on the row.
-- Jobs are platform plumbing: they carry a client id, never a secret; `renum_app` has no grant on the
-- table and enqueues only through `renum_enqueue_job`, for its own client.

CREATE TABLE jobs (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  queue text NOT NULL CHECK (queue ~ '^[a-z][a-z0-9_-]{0,63}$'),
  name text NOT NULL CHECK (name ~ '^[a-z][a-z0-9_.-]{0,99}$'),
  version integer NOT NULL DEFAULT 1 CHECK (version > 0),
  payload jsonb NOT NULL DEFAULT '{}',
  client_id uuid REFERENCES clients(id) ON DELETE CASCADE,
  -- queued: waiting for run_at; running: leased (lease_*); failed: an attempt failed, retried at run_at;
  -- completed; dead: no attempt left (or unrecoverable), last_error says why.
  status text NOT NULL DEFAULT 'queued'
    CHECK (status IN ('queued', 'running', 'completed', 'failed', 'dead')),
  -- 0: none; otherwise lower runs first, after the unprioritised ones (BullMQ's meaning).
  priority integer NOT NULL DEFAULT 0 CHECK (priority BETWEEN 0 AND 2097151),
  attempts integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
  max_attempts integer NOT NULL DEFAULT 1 CHECK (max_attempts > 0),
  run_at timestamptz NOT NULL DEFAULT now(),
  lease_token uuid,
  lease_owner text,
  lease_expires_at timestamptz,
  last_error text,
  idempotency_key text CHECK (length(idempotency_key) BETWEEN 1 AND 400),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  completed_at timestamptz,
  relayed_at timestamptz,
  -- A lease exists exactly while the job runs: every settlement clears it.
  CHECK ((status = 'running') = (lease_token IS NOT NULL AND lease_expires_at IS NOT NULL))
);

-- The claim: the first claimable rows of a queue, in priority then time order.
CREATE INDEX idx_jobs_claimable ON jobs (queue, priority, run_at) WHERE status IN ('queued', 'failed');
-- Crash recovery: running rows whose lease has expired are claimable again.
CREATE INDEX idx_jobs_leases ON jobs (queue, lease_expires_at) WHERE status = 'running';
-- A second enqueue with the same key finds the first job.
CREATE UNIQUE INDEX idx_jobs_idempotency_key ON jobs (idempotency_key) WHERE idempotency_key IS NOT NULL;
-- The Redis relay: committed rows not yet handed to BullMQ.
CREATE INDEX idx_jobs_unrelayed ON jobs (created_at)
  WHERE relayed_at IS NULL AND status IN ('queued', 'failed', 'running');
-- Pruning of completed jobs, and erasure of a client.
CREATE INDEX idx_jobs_completed_at ON jobs (completed_at) WHERE status = 'completed';
CREATE INDEX idx_jobs_client_id ON jobs (client_id) WHERE client_id IS NOT NULL;

ALTER TABLE jobs ENABLE ROW LEVEL SECURITY;
ALTER TABLE jobs FORCE ROW LEVEL SECURITY;
CREATE POLICY jobs_platform ON jobs TO renum_platform USING (true) WITH CHECK (true);
GRANT SELECT, INSERT, UPDATE, DELETE ON jobs TO renum_platform;

-- Enqueues one job inside the caller's transaction (the outbox write), in either scope. In a client
-- transaction the job belongs to that client and to no other. With an idempotency key that is already
-- taken it inserts nothing and answers the first job's id (created = false), unless that job belongs to
-- another client. It runs as renum_platform (SECURITY DEFINER, owner set below), so renum_app needs no
-- grant on the table; it reads nothing else.
CREATE FUNCTION renum_enqueue_job(
  p_id uuid,
  p_queue text,
  p_name text,
  p_version integer,
  p_payload jsonb,
  p_client_id uuid,
  p_priority integer,
  p_max_attempts integer,
  p_run_at timestamptz,
  p_idempotency_key text,
  p_now timestamptz
) RETURNS TABLE (job_id uuid, created boolean)
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
AS $$
DECLARE
  scope_client uuid := renum_current_client();
  job_client uuid := coalesce(p_client_id, scope_client);
  inserted uuid;
  existing_id uuid;
  existing_client uuid;
BEGIN
  IF scope_client IS NOT NULL AND job_client IS DISTINCT FROM scope_client THEN
    RAISE EXCEPTION 'a job enqueued in a client transaction belongs to that client'
      USING ERRCODE = '42501';
  END IF;
  INSERT INTO jobs AS j (id, queue, name, version, payload, client_id, priority, max_attempts, run_at,
                         idempotency_key, created_at, updated_at)
  VALUES (p_id, p_queue, p_name, p_version, p_payload, job_client, p_priority, p_max_attempts, p_run_at,
          p_idempotency_key, p_now, p_now)
  ON CONFLICT (idempotency_key) WHERE idempotency_key IS NOT NULL DO NOTHING
  RETURNING j.id INTO inserted;
  IF inserted IS NOT NULL THEN
    RETURN QUERY SELECT inserted, true;
    RETURN;
  END IF;
  SELECT j.id, j.client_id INTO existing_id, existing_client
    FROM jobs j WHERE j.idempotency_key = p_idempotency_key;
  IF existing_id IS NULL THEN
    -- The conflicting job was deleted between the insert and this read: the caller may retry.
    RAISE EXCEPTION 'job idempotency key % changed while enqueuing', p_idempotency_key
      USING ERRCODE = '40001';
  END IF;
  IF existing_client IS DISTINCT FROM job_client THEN
    RAISE EXCEPTION 'job idempotency key % belongs to another client', p_idempotency_key
      USING ERRCODE = '23505';
  END IF;
  RETURN QUERY SELECT existing_id, false;
END
$$;

REVOKE ALL ON FUNCTION renum_enqueue_job(uuid, text, text, integer, jsonb, uuid, integer, integer, timestamptz, text, timestamptz) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION renum_enqueue_job(uuid, text, text, integer, jsonb, uuid, integer, integer, timestamptz, text, timestamptz) TO renum_app, renum_platform;

-- The function resolves names in this schema only (never in pg_temp first), and runs as renum_platform,
-- whose policy admits every row. A non-superuser may give a function to a role only when that role may
-- create in the schema, so that right is lent for the one statement.
DO $$
BEGIN
  EXECUTE format(
    'ALTER FUNCTION renum_enqueue_job(uuid, text, text, integer, jsonb, uuid, integer, integer, timestamptz, text, timestamptz) SET search_path = %I, pg_temp',
    current_schema());
END
$$;

DO $$
DECLARE
  lend boolean := NOT has_schema_privilege('renum_platform', current_schema(), 'CREATE');
BEGIN
  IF lend THEN
    EXECUTE format('GRANT CREATE ON SCHEMA %I TO renum_platform', current_schema());
  END IF;
  ALTER FUNCTION renum_enqueue_job(uuid, text, text, integer, jsonb, uuid, integer, integer, timestamptz, text, timestamptz)
    OWNER TO renum_platform;
  IF lend THEN
    EXECUTE format('REVOKE CREATE ON SCHEMA %I FROM renum_platform', current_schema());
  END IF;
EXCEPTION WHEN insufficient_privilege THEN
  RAISE NOTICE 'renum_enqueue_job stays owned by %: % (client transactions can enqueue jobs once an administrator runs ALTER FUNCTION renum_enqueue_job OWNER TO renum_platform)', current_user, SQLERRM;
END
$$;
