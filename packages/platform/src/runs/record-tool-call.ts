import { usageLogs, withClient } from '@renum/db';
import type { ToolCallRecord } from '@renum/tools';
import type { PlatformDeps } from '../platform-deps.ts';
import { toolCallUsageRow } from './record-tool-calls.ts';

/**
 * Writes one outbound tool call to the usage log (kind `tool`) in its own transaction. The server
 * batches them instead (`createToolCallRecorder`), which also audits the credential's use.
 */
export async function recordToolCall(deps: PlatformDeps, record: ToolCallRecord): Promise<void> {
  await withClient(deps.db, record.clientId, (tx) =>
    tx.insert(usageLogs).values(toolCallUsageRow(deps.newId(), record)),
  );
}
