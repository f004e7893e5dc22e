import type { ToolCallRecord } from '@renum/tools';
import type { PlatformDeps } from '../platform-deps.ts';
import { recordToolCall } from './record-tool-calls.ts';

/**
 * Stores the tool proxy's reports of calls made outside a run executing in this process (the MCP
 * server, the tool test endpoint, an approved call, an external executor's call): the ledger row, the
 * `credential.use` audit row and `last_used_at`, before the call answers, so a process that dies after
 * answering has stored them (ADR 0075). A run's own calls go to its event writer instead, which stores
 * each with its `tool_result` event.
 */
export interface ToolCallRecorder {
  /** Stores a call's report; resolves once it is stored, or its failure reported to `onError`. Never rejects. */
  record(record: ToolCallRecord): Promise<void>;
}

/** Options of {@link createToolCallRecorder}. */
export interface ToolCallRecorderOptions {
  /** Receives write failures (the report is then lost, so log and count them). */
  onError?: (error: unknown, record: ToolCallRecord) => void;
}

/** Creates a {@link ToolCallRecorder} writing through {@link recordToolCall}, one transaction a call. */
export function createToolCallRecorder(
  deps: PlatformDeps,
  options: ToolCallRecorderOptions = {},
): ToolCallRecorder {
  return {
    record: (record) =>
      recordToolCall(deps, record, deps.clock()).catch((error: unknown) => options.onError?.(error, record)),
  };
}
