import { auditLog, credentials, usageLogs, withClient } from '@renum/db';
import type { ToolCallRecord } from '@renum/tools';
import { inArray } from 'drizzle-orm';
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
): typeof usageLogs.$inferInsert {
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

/**
 * Writes proxied tool calls in one transaction per client: a ledger row each, a `credential.use` audit
 * row for each call that used a credential (with its run), and the credentials' `last_used_at`. Many
 * calls cost a few statements instead of a transaction each.
 */
export async function recordToolCalls(
  deps: PlatformDeps,
  calls: readonly TimedToolCallRecord[],
): Promise<void> {
  const byClient = new Map<string, TimedToolCallRecord[]>();
  for (const call of calls) {
    const list = byClient.get(call.record.clientId);
    if (list) list.push(call);
    else byClient.set(call.record.clientId, [call]);
  }
  for (const [clientId, list] of byClient) {
    await withClient(deps.db, clientId, async (tx) => {
      await tx
        .insert(usageLogs)
        .values(list.map(({ record, at }) => toolCallUsageRow(deps.newId(), record, at)));
      const used = list.filter(({ record }) => record.credentialId !== null);
      if (used.length === 0) return;
      await tx.insert(auditLog).values(
        used.map(({ record, at }) => ({
          id: deps.newId(),
          client_id: clientId,
          actor_type: 'system' as const,
          actor_id: null,
          action: 'credential.use',
          target_type: 'credential',
          target_id: record.credentialId,
          data: { service: record.service, run_id: record.runId, tool: record.tool },
          created_at: at,
        })),
      );
      const ids = [...new Set(used.map(({ record }) => record.credentialId as string))];
      const last = used.reduce((latest, { at }) => (at > latest ? at : latest), used[0]!.at);
      await tx.update(credentials).set({ last_used_at: last }).where(inArray(credentials.id, ids));
    });
  }
}
