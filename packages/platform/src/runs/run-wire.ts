import type { runs } from '@renum/db';

/** The schedule a run came from, as the run's wire form names it. */
export interface RunSchedule {
  id: string;
  name: string;
}

/** Wire form of a run row (lease fields stay internal), with the schedule whose tick started it. */
export function runToWire(row: typeof runs.$inferSelect, schedule: RunSchedule | null = null) {
  return {
    id: row.id,
    client_id: row.client_id,
    conversation_id: row.conversation_id,
    agent_id: row.agent_id,
    sub_agent_id: row.sub_agent_id,
    status: row.status,
    executor: row.executor,
    model: row.model,
    attempts: row.attempts,
    error_code: row.error_code,
    error_message: row.error_message,
    routing_error: row.routing_error,
    tokens_input: row.tokens_input,
    tokens_output: row.tokens_output,
    cost_usd: Number(row.cost_usd),
    queued_at: row.queued_at.toISOString(),
    started_at: row.started_at?.toISOString() ?? null,
    first_token_at: row.first_token_at?.toISOString() ?? null,
    finished_at: row.finished_at?.toISOString() ?? null,
    created_at: row.created_at.toISOString(),
    cancel_requested_at: row.cancel_requested_at?.toISOString() ?? null,
    claims: row.claims,
    suspensions: row.suspensions,
    execution_id: row.execution_id,
    trace_id: traceIdOf(row.trace_parent),
    schedule,
  };
}

/** The trace id (32 hex) of a W3C `traceparent`, `00-<trace id>-<span id>-<flags>`; null without one. */
export function traceIdOf(traceParent: string | null): string | null {
  return traceParent?.split('-')[1] ?? null;
}
