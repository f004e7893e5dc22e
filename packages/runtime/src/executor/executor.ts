import type { RunEventDraft, RunEventErrorCode } from '@renum/contracts';
import type { ModelMessage } from 'ai';
import type { ApiKeyType, ClientKeySource } from '../models/registry/create-model-registry.ts';
import type { ModelProvider } from '../models/registry/model-id.ts';
import type { ModelPrice } from '../pricing/price-table.ts';
import type { ToolDefinition, ToolScope } from '../tools/tool-definition.ts';

/**
 * Who the run is for and who runs it: the tenancy scope handed to every tool call, plus what an external
 * executor needs to find its own records (Suna keeps a thread per conversation and an agent of its own).
 */
export interface ExecutorRunMetadata extends ToolScope {
  /** Display name of the agent or sub-agent that answers. */
  readonly agentName?: string;
  /** Other executor-specific values (e.g. `sunaThreadId`, `sunaAgentId`). */
  readonly [key: string]: unknown;
}

/** What starting a run needs. Shaped so both the built-in loop and Suna's `POST /agent/start` fit it. */
export interface ExecutorStartInput {
  /** The platform's run id; the executor reports it back and never invents one. */
  readonly runId: string;
  /**
   * The prompt: system messages, then the history, then the new user message. An executor that keeps
   * its own history (Suna) sends only the last user message.
   */
  readonly messages: readonly ModelMessage[];
  /** Model reference (`openai/gpt-4o-mini`, `offline/renum`...). */
  readonly model: string;
  /** Models to fall back to, in order, when the model keeps failing. @defaultValue [] */
  readonly fallbackModels?: readonly string[];
  /** Tools the model may call. */
  readonly tools: readonly ToolDefinition[];
  /** Most model calls (steps) the run may make; tool results need a further step to be answered. */
  readonly maxSteps: number;
  /**
   * A JSON schema the answer must satisfy: the built-in executor asks the model for it through the
   * provider's structured-output API (OpenAI `json_schema`, not strict, since a client's schema need not
   * meet strict mode's rules); an executor that cannot ignores it. The answer is still only text: its
   * caller validates it. @defaultValue none
   */
  readonly responseSchema?: Readonly<Record<string, unknown>>;
  /** Aborting it stops the run like {@link RunExecution.stop}. */
  readonly abortSignal?: AbortSignal;
  readonly metadata?: ExecutorRunMetadata;
  /**
   * A client's own provider key, as a source the model's requests open one at a time (never the key
   * itself); replaces the platform's and marks usage `api_key_type: client`.
   */
  readonly credentials?: { readonly clientKey?: ClientKeySource | undefined };
  /** Called after each model call with its usage: one ledger row each. */
  readonly onStep?: (step: StepUsage) => void;
  /**
   * Prices over the executor's table for this run (the platform settings' overrides, ADR 0050): the
   * steps are priced with them and carry the version `<table version>+<label>`. @defaultValue none
   */
  readonly priceOverride?: PriceOverride | undefined;
}

/** Model prices (USD per million tokens, by canonical id) applied over a price table, and their label. */
export interface PriceOverride {
  readonly label: string;
  readonly models: Readonly<Record<string, ModelPrice>>;
}

/** Lifecycle of an execution; the same words as the `runs.status` column. */
export type ExecutionStatus = 'queued' | 'running' | 'completed' | 'failed' | 'stopped';

/** One model call (step) of a run, priced: what a usage-ledger row needs. */
export interface StepUsage {
  /** 0-based step number within the run. */
  readonly stepNumber: number;
  /** The model's provider; `suna` for a Suna model alias the platform does not know (`kortix/basic`). */
  readonly provider: ModelProvider | 'suna';
  /** Canonical id of the model that answered (a fallback's if the agent's own model failed). */
  readonly modelId: string;
  readonly modelName: string;
  readonly apiKeyType: ApiKeyType;
  readonly inputTokens: number;
  readonly outputTokens: number;
  readonly totalTokens: number;
  /** Cost in USD (8 decimals) and as exact text; 0 / `"0.00000000"` when unpriced. */
  readonly costUsd: number;
  readonly costUsdText: string;
  readonly priced: boolean;
  readonly priceVersion: string;
  /** From the step's start to its last model output, in milliseconds. */
  readonly latencyMs: number;
  /** Attempts the call policy made for this call (1 = no retry). */
  readonly attempts: number;
  readonly finishReason: string;
  /** The executor that made the call when it is not the built-in one (`suna`); kept in the ledger row. */
  readonly executor?: string;
}

/** Usage summed over a run's steps. */
export interface RunUsageTotals {
  readonly inputTokens: number;
  readonly outputTokens: number;
  readonly totalTokens: number;
  readonly costUsd: number;
}

/** Why a run failed. */
export interface ExecutionError {
  readonly code: RunEventErrorCode;
  readonly message: string;
  readonly retryable: boolean;
}

/** A snapshot of an execution. */
export interface RunExecutionState {
  readonly status: ExecutionStatus;
  readonly usage: RunUsageTotals;
  readonly steps: readonly StepUsage[];
  /** The answer's text so far. */
  readonly text: string;
  /** Model calls made, retries and fallbacks included (the `runs.attempts` column). */
  readonly attempts: number;
  readonly error: ExecutionError | null;
  readonly startedAt: Date | null;
  readonly firstTokenAt: Date | null;
  readonly finishedAt: Date | null;
}

/**
 * A started run. `events` yields drafts in order and ends after exactly one terminal event (`complete`,
 * `error`, or `status: stopped`); it can be iterated once. The run goes on whether or not anyone reads.
 */
export interface RunExecution {
  readonly runId: string;
  readonly events: AsyncIterable<RunEventDraft>;
  /** Stops the run (the model stream is aborted) and resolves once it has ended with `status: stopped`. */
  stop(): Promise<void>;
  /** Current state; an external executor keeps it current from its event stream or status polling. */
  state(): RunExecutionState;
  /** Resolves with the final state once the run has ended; never rejects. */
  readonly finished: Promise<RunExecutionState>;
}

/**
 * Runs agents. The built-in executor runs the AI SDK tool loop in this process; an external one (Suna)
 * maps `start` to `POST /agent/start`, `events` to its SSE stream, `state` to status polling and `stop` to
 * `POST /agent-run/{id}/stop`.
 */
export interface Executor {
  /** Stored in `runs.executor` (`builtin`, `suna`). */
  readonly kind: string;
  /**
   * Starts a run. Rejects only when the run could not be started at all (an external service refused
   * it); every later failure, an unusable model included, arrives as an `error` event.
   */
  start(input: ExecutorStartInput): Promise<RunExecution>;
}
