import { usageLogs, withClient } from '@renum/db';
import type { ToolCallRecord } from '@renum/tools';
import type { PlatformDeps } from '../platform-deps.ts';

/** Writes one outbound tool call to the usage log (kind `tool`), so usage groups by tool too. */
export async function recordToolCall(deps: PlatformDeps, record: ToolCallRecord): Promise<void> {
  await withClient(deps.db, record.clientId, (tx) =>
    tx.insert(usageLogs).values({
      id: deps.newId(),
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
    }),
  );
}
