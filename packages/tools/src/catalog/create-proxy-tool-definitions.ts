import type { ToolDefinition } from '@renum/runtime';
import type { JsonValue } from '../cache/stable-json.ts';
import type { ProxyTool } from '../proxy/proxy-tool.ts';
import { ToolCallError } from '../proxy/tool-call-error.ts';
import type { ToolCallRecord } from '../proxy/tool-call-record.ts';
import type { ToolProxy } from '../proxy/tool-proxy.ts';
import type { ResilienceEvent } from '../resilience/resilience-events.ts';
import { createToolCatalog, type EnabledTool, type ToolCatalog } from './tool-catalog.ts';

/** The run a set of proxy tool definitions is bound to. */
export interface ProxyToolScope {
  readonly clientId: string;
  readonly agentId: string;
  readonly runId: string;
}

/** Options of {@link createProxyToolDefinitions}. */
export interface ProxyToolDefinitionsOptions {
  /** The proxy every call goes through. */
  readonly proxy: ToolProxy;
  /** Client, agent and run the calls are made for and billed to. */
  readonly scope: ProxyToolScope;
  /** The agent's enabled catalog tools with their options (see `EnabledTool`). */
  readonly enabled: readonly EnabledTool[];
  /** Builds the tools. @defaultValue one shared `createToolCatalog()` (real service URLs) */
  readonly catalog?: ToolCatalog;
  /** Receives resilience events of each call (attempts, retries, breaker), with the tool call id. */
  readonly onEvent?: (
    event: ResilienceEvent,
    call: { readonly toolCallId: string; readonly tool: string },
  ) => void;
  /**
   * Takes each call's ledger record with the model's tool call id, instead of the proxy's `onCall`: the
   * run's event writer, which stores it with that call's `tool_result` event (ADR 0075).
   */
  readonly report?: (record: ToolCallRecord, toolCallId: string) => void;
}

/**
 * Turns one proxy tool into a runtime `ToolDefinition` bound to a run: `execute` calls the proxy with the
 * scope and the run's abort signal, returns the shaped result, and throws a `ToolCallError` with the
 * readable message (no secret, no cause) when the call fails, which the executor hands to the model.
 */
export function toToolDefinition(
  tool: ProxyTool,
  options: Omit<ProxyToolDefinitionsOptions, 'enabled' | 'catalog'>,
): ToolDefinition<unknown, JsonValue> {
  const { proxy, scope, onEvent, report } = options;
  return {
    name: tool.name,
    description: tool.description,
    inputSchema: tool.inputSchema,
    critical: tool.critical,
    async execute(input, context) {
      const outcome = await proxy.call({
        ...scope,
        tool,
        input,
        signal: context.abortSignal,
        onEvent: onEvent && ((event) => onEvent(event, { toolCallId: context.toolCallId, tool: tool.name })),
        report: report && ((record) => report(record, context.toolCallId)),
      });
      if (outcome.ok) return outcome.result;
      throw new ToolCallError(outcome.errorCode, outcome.result);
    },
  };
}

/** The catalog used when none is given: one per process, so its memo of built tools is shared. */
const defaultCatalog = createToolCatalog();

/**
 * Builds the runtime tool definitions of an agent's enabled catalog tools for one run, every call going
 * through `proxy` with the run's scope (so the client's credential is used and the call is billed to it).
 * @throws AppError `VALIDATION_ERROR` for unknown tools, invalid options or duplicate names
 */
export function createProxyToolDefinitions(
  options: ProxyToolDefinitionsOptions,
): ToolDefinition<unknown, JsonValue>[] {
  const catalog = options.catalog ?? defaultCatalog;
  return catalog.createAll(options.enabled).map((tool) => toToolDefinition(tool, options));
}
