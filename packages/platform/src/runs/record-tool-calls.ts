import { type Transaction, type usageLogs, withClient } from '@renum/db';
import type { ToolCallRecord } from '@renum/tools';
import { sql } from 'drizzle-orm';
import type { PlatformDeps } from '../platform-deps.ts';

/** A proxied call's report with the time it was made (rows keep it, however late they are written). */
export interface TimedToolCallRecord {
  readonly record: ToolCallRecord;
  readonly at: Date;
}

/** The ledger row of one proxied tool call (kind `tool`), so usage groups by tool too. */
export function toolCallUsageRow(
  id: string,
  record: ToolCallRecord,
  at?: Date,
): typeof usageLogs.$inferInsert & { request_data: Record<string, unknown> } {
  return {
    id,
    client_id: record.clientId,
    agent_id: record.agentId,
    run_id: record.runId,
    kind: 'tool',
    tool_name: record.tool,
    api_key_type: 'client',
    units: String(record.units),
    cost_usd: record.costUsd.toFixed(8),
    latency_ms: Math.round(record.durationMs),
    request_data: {
      service: record.service,
      attempts: record.attempts,
      cached: record.cached,
      bytes: record.bytes,
    },
    response_data: { status: record.status, error_code: record.errorCode ?? null },
    ...(at ? { created_at: at } : {}),
  };
}

/** One `credential.use` audit row per credential, run and tool of a batch, with how many calls. */
function auditRows(newId: () => string, calls: readonly TimedToolCallRecord[]) {
  const groups = new Map<string, { record: ToolCallRecord; calls: number; first: Date; last: Date }>();
  for (const { record, at } of calls) {
    if (record.credentialId === null) continue;
    const key = `${record.credentialId}\u0000${record.runId}\u0000${record.tool}`;
    const group = groups.get(key);
    if (group) {
      group.calls += 1;
      if (at > group.last) group.last = at;
    } else groups.set(key, { record, calls: 1, first: at, last: at });
  }
  return [...groups.values()].map(({ record, calls: count, first, last }) => ({
    id: newId(),
    target_id: record.credentialId,
    data: {
      service: record.service,
      run_id: record.runId,
      tool: record.tool,
      calls: count,
      first_at: first.toISOString(),
      last_at: last.toISOString(),
    },
    created_at: first.toISOString(),
  }));
}

/** The latest use of each credential among the audit rows. */
function lastUses(audits: ReturnType<typeof auditRows>) {
  const lastUse = new Map<string, string>();
  for (const audit of audits) {
    const id = audit.target_id as string;
    const previous = lastUse.get(id);
    if (!previous || previous < audit.data.last_at) lastUse.set(id, audit.data.last_at);
  }
  return [...lastUse].map(([id, last]) => ({ id, last_used_at: last }));
}

/**
 * Writes one client's proxied tool calls inside the caller's transaction (scoped to that client), in one
 * statement whatever their number: a ledger row per call, the `credential.use` audit rows (one per
 * credential, run and tool, counting its calls) and the credentials' `last_used_at`. Rows travel as JSON
 * parameters expanded by `jsonb_to_recordset`, which keeps big batches cheap to build and to parse.
 */
export async function writeToolCalls(
  tx: Transaction,
  clientId: string,
  calls: readonly TimedToolCallRecord[],
  newId: () => string,
): Promise<void> {
  const usage = calls.map(({ record, at }) => ({
    ...toolCallUsageRow(newId(), record),
    created_at: at.toISOString(),
  }));
  const audits = auditRows(newId, calls);
  await tx.execute(sql`
    with ledger as (
      insert into renum_ai_usage_logs
        (id, client_id, agent_id, run_id, kind, tool_name, api_key_type, units, cost_usd, latency_ms,
         request_data, response_data, created_at)
      select id, client_id, agent_id, run_id, kind, tool_name, api_key_type, units, cost_usd, latency_ms,
             request_data, response_data, created_at
      from jsonb_to_recordset(${JSON.stringify(usage)}::jsonb) as r(
        id uuid, client_id uuid, agent_id uuid, run_id uuid, kind text, tool_name text, api_key_type text,
        units numeric, cost_usd numeric, latency_ms integer, request_data jsonb, response_data jsonb,
        created_at timestamptz)
    ), audit as (
      insert into audit_log (id, client_id, actor_type, action, target_type, target_id, data, created_at)
      select id, ${clientId}::uuid, 'system', 'credential.use', 'credential', target_id, data, created_at
      from jsonb_to_recordset(${JSON.stringify(audits)}::jsonb) as r(
        id uuid, target_id uuid, data jsonb, created_at timestamptz)
    )
    update credentials c set last_used_at = u.last_used_at
    from jsonb_to_recordset(${JSON.stringify(lastUses(audits))}::jsonb) as u(id uuid, last_used_at timestamptz)
    where c.id = u.id and (c.last_used_at is null or c.last_used_at < u.last_used_at)`);
}

/**
 * Stores one tool call ({@link writeToolCalls}) in a transaction of its own: a call made outside a run
 * executing in this process, before it answers (ADR 0075).
 */
export async function recordToolCall(deps: PlatformDeps, record: ToolCallRecord, at: Date): Promise<void> {
  await withClient(deps.db, record.clientId, (tx) =>
    writeToolCalls(tx, record.clientId, [{ record, at }], deps.newId),
  );
}
