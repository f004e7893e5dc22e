-- Local pick-up and settlement with the job (issue 9, ADR 0029). Two functions beside migration 0011's
-- renum_enqueue_job, with the same scope rule (a client transaction reaches only its own client's jobs):
--
-- renum_enqueue_claimed_job: a process that runs the job's queue stores the job already claimed by
-- itself (running, attempt 1, its lease, marked relayed so the Redis relay leaves it alone) and runs it
-- right after the commit, without a claim's transaction. If it dies first, the lease expires and the job
-- is claimed again like any job whose worker died (the embedded engine's claim, or the BullMQ
-- reconciler). A taken idempotency key is refused (unique violation): the caller's transaction fails
-- instead of a job another worker may hold being run here.
--
-- renum_complete_job: a handler that commits its own work completes its job in the same transaction, so
-- the work and the job's completion are one commit (a run's settlement). Fenced by the lease token: it
-- answers false, and changes nothing, when the lease is no longer the caller's.
CREATE FUNCTION renum_enqueue_claimed_job(
  p_id uuid,
  p_queue text,
  p_name text,
  p_version integer,
  p_payload jsonb,
  p_client_id uuid,
  p_priority integer,
  p_max_attempts integer,
  p_idempotency_key text,
  p_now timestamptz,
  p_lease_token uuid,
  p_lease_owner text,
  p_lease_expires_at timestamptz
) RETURNS TABLE (job_id uuid, created boolean)
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
AS $$
DECLARE
  scope_client uuid := renum_current_client();
  job_client uuid := coalesce(p_client_id, scope_client);
BEGIN
  IF scope_client IS NOT NULL AND job_client IS DISTINCT FROM scope_client THEN
    RAISE EXCEPTION 'a job enqueued in a client transaction belongs to that client'
      USING ERRCODE = '42501';
  END IF;
  INSERT INTO jobs (id, queue, name, version, payload, client_id, priority, max_attempts, run_at,
                    idempotency_key, status, attempts, lease_token, lease_owner, lease_expires_at,
                    relayed_at, created_at, updated_at)
  VALUES (p_id, p_queue, p_name, p_version, p_payload, job_client, p_priority, p_max_attempts, p_now,
          p_idempotency_key, 'running', 1, p_lease_token, p_lease_owner, p_lease_expires_at,
          p_now, p_now, p_now);
  RETURN QUERY SELECT p_id, true;
END
$$;

CREATE FUNCTION renum_complete_job(p_id uuid, p_lease_token uuid, p_now timestamptz)
RETURNS boolean
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
AS $$
DECLARE
  scope_client uuid := renum_current_client();
  done uuid;
BEGIN
  UPDATE jobs SET status = 'completed', lease_token = NULL, lease_owner = NULL, lease_expires_at = NULL,
                  last_error = NULL, completed_at = p_now, updated_at = p_now
   WHERE id = p_id AND status = 'running' AND lease_token = p_lease_token
     AND (scope_client IS NULL OR client_id = scope_client)
  RETURNING id INTO done;
  RETURN done IS NOT NULL;
END
$$;

REVOKE ALL ON FUNCTION renum_enqueue_claimed_job(uuid, text, text, integer, jsonb, uuid, integer, integer, text, timestamptz, uuid, text, timestamptz) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION renum_enqueue_claimed_job(uuid, text, text, integer, jsonb, uuid, integer, integer, text, timestamptz, uuid, text, timestamptz) TO renum_app, renum_platform;
REVOKE ALL ON FUNCTION renum_complete_job(uuid, uuid, timestamptz) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION renum_complete_job(uuid, uuid, timestamptz) TO renum_app, renum_platform;

-- As for renum_enqueue_job (migration 0011): names resolve in this schema only, and the functions run as
-- renum_platform, whose policy admits every row (CREATE on the schema lent for the ownership change).
DO $$
BEGIN
  EXECUTE format(
    'ALTER FUNCTION renum_enqueue_claimed_job(uuid, text, text, integer, jsonb, uuid, integer, integer, text, timestamptz, uuid, text, timestamptz) SET search_path = %I, pg_temp',
    current_schema());
  EXECUTE format(
    'ALTER FUNCTION renum_complete_job(uuid, uuid, timestamptz) SET search_path = %I, pg_temp',
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
  ALTER FUNCTION renum_enqueue_claimed_job(uuid, text, text, integer, jsonb, uuid, integer, integer, text, timestamptz, uuid, text, timestamptz)
    OWNER TO renum_platform;
  ALTER FUNCTION renum_complete_job(uuid, uuid, timestamptz) OWNER TO renum_platform;
  IF lend THEN
    EXECUTE format('REVOKE CREATE ON SCHEMA %I FROM renum_platform', current_schema());
  END IF;
EXCEPTION WHEN insufficient_privilege THEN
  RAISE NOTICE 'renum_enqueue_claimed_job and renum_complete_job stay owned by %: % (run ALTER FUNCTION … OWNER TO renum_platform as an administrator)', current_user, SQLERRM;
END
$$;
