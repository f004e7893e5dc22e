import type { ProxyTool } from './proxy-tool.ts';
import type { CallOutcome } from './read-outcome.ts';
import type { SecretScrubber } from './secret-scrubber.ts';
import type { ToolCallRecord, ToolCallResult } from './tool-call-record.ts';

/** What a call gathers as it goes, kept outside the try so failures are recorded and scrubbed too. */
export interface CallState {
  credentialId: string | null;
  scrubber: SecretScrubber;
  attempts: number;
  bytes: number;
}

/** How a call ended: its outcome and whether the cache answered it. */
export interface Settled {
  readonly outcome: CallOutcome;
  readonly cached: boolean;
}

/** Builds the call's ledger record and the caller's result. Units are billed only for fresh successes. */
export function toolCallReport(options: {
  readonly call: {
    readonly clientId: string;
    readonly agentId: string;
    readonly runId: string | null;
    readonly tool: Pick<ProxyTool, 'name' | 'service' | 'unitPriceUsd'>;
  };
  readonly state: CallState;
  readonly settled: Settled;
  readonly durationMs: number;
}): { record: ToolCallRecord; result: ToolCallResult } {
  const { call, state, settled } = options;
  const { outcome, cached } = settled;
  const units = outcome.ok && !cached ? outcome.units : 0;
  const base = { attempts: state.attempts, durationMs: options.durationMs, cached, bytes: state.bytes };
  const record: ToolCallRecord = {
    clientId: call.clientId,
    agentId: call.agentId,
    runId: call.runId,
    tool: call.tool.name,
    service: call.tool.service,
    credentialId: state.credentialId,
    status: outcome.ok ? 'ok' : 'error',
    ...(outcome.ok ? {} : { errorCode: outcome.code }),
    ...base,
    units,
    costUsd: Math.round(units * call.tool.unitPriceUsd * 1e8) / 1e8,
  };
  const result: ToolCallResult = outcome.ok
    ? { ok: true, result: outcome.result, ...base }
    : { ok: false, result: outcome.message, errorCode: outcome.code, ...base };
  return { record, result };
}
