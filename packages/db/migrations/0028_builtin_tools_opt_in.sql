-- Built-in tools become opt-in (ADR 0034): a run gets exactly the agent's listed tools. Until now an
-- agent with an empty list silently got calculator and current_time, while the builder showed none
-- ticked. Agents saved that way keep what they had, now written down; a new row defaults to the same
-- two built-ins, and an agent saved with `[]` afterwards really has no tools.
UPDATE agents
SET tools = '[{"name":"calculator","critical":false},{"name":"current_time","critical":false}]'::jsonb
WHERE tools = '[]'::jsonb;

ALTER TABLE agents
  ALTER COLUMN tools SET DEFAULT '[{"name":"calculator","critical":false},{"name":"current_time","critical":false}]'::jsonb;
