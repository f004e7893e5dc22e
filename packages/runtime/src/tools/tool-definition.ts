import type { z } from 'zod';

/**
 * What a tool's `execute` receives besides its input: the call's identity, the run's abort signal and
 * the tenancy scope the executor runs in. Scope fields are optional so tools without tenant data (the
 * calculator) run anywhere; tools that need them (memory) must check them.
 */
export interface ToolContext {
  /** Id the model gave this call; ties the result to the call in events and messages. */
  readonly toolCallId: string;
  /** Aborted when the run is stopped; long-running tools should honour it. */
  readonly abortSignal?: AbortSignal;
  /** Tenant (seed "client") the run belongs to. */
  readonly clientId?: string;
  /** Agent that runs. */
  readonly agentId?: string;
  /** Sub-agent that answers, when routing chose one. */
  readonly subAgentId?: string;
  /** Conversation of the run. */
  readonly conversationId?: string;
  /** Run that made the call. */
  readonly runId?: string;
  /** End user (contact) the conversation is with. */
  readonly contactId?: string;
}

/** The scope part of {@link ToolContext}: what the executor knows before any call is made. */
export type ToolScope = Omit<ToolContext, 'toolCallId' | 'abortSignal'>;

/**
 * A tool as Renum registers it: plain data plus an `execute` function, independent of any model SDK.
 * `inputSchema` validates the model's arguments before `execute` runs; `critical` tools need a person's
 * approval before they run (seed 004 #2), which the executor enforces.
 */
export interface ToolDefinition<INPUT = unknown, OUTPUT = unknown> {
  /** Unique name the model calls the tool by (snake_case, e.g. `current_time`). */
  readonly name: string;
  /** What the tool does and when to use it; the model reads this. */
  readonly description: string;
  /** Zod schema of the input; also sent to the model as JSON Schema. */
  readonly inputSchema: z.ZodType<INPUT>;
  /**
   * Whether a call must be approved by a person before it runs.
   * @defaultValue false
   */
  readonly critical?: boolean;
  /** Runs the tool. Throw an `Error` with a clear message for bad input; the model sees the message. */
  execute(input: INPUT, context: ToolContext): Promise<OUTPUT> | OUTPUT;
}

/** Identity function that infers `INPUT` and `OUTPUT` of a {@link ToolDefinition} from its schema and `execute`. */
export function defineTool<INPUT, OUTPUT>(
  definition: ToolDefinition<INPUT, OUTPUT>,
): ToolDefinition<INPUT, OUTPUT> {
  return definition;
}
