import type { ToolDefinition } from '../tools/tool-definition.ts';

/** When a tool call ran, for `tool_result.duration_ms`. */
export interface ToolTiming {
  readonly startedAt: number;
  finishedAt?: number;
}

/**
 * What a tool threw, carrying a message the model can act on. The AI SDK hands the model
 * `error.toString()`; this class makes that the bare message, without an `Error: ` prefix.
 */
export class ToolExecutionError extends Error {
  override readonly name = 'ToolExecutionError';
  /** Tool that failed. */
  readonly toolName: string;

  constructor(options: { toolName: string; message: string; cause: unknown }) {
    super(options.message, { cause: options.cause });
    this.toolName = options.toolName;
  }

  override toString(): string {
    return this.message;
  }
}

/** A message the model can act on, whatever the tool threw. */
export function readableToolError(options: { toolName: string; error: unknown }): string {
  const { toolName, error } = options;
  if (error instanceof Error && error.message.trim().length > 0) return error.message;
  if (typeof error === 'string' && error.trim().length > 0) return error;
  return `The tool ${toolName} failed without a message`;
}

/**
 * Wraps tool definitions so each call's start and end times land in `timings` (keyed by tool call id)
 * and anything a tool throws becomes a {@link ToolExecutionError} with a readable message: the AI SDK then reports a
 * `tool-error`, and the model sees the message in the next step instead of the run crashing.
 */
export function instrumentTools(options: {
  tools: readonly ToolDefinition[];
  timings: Map<string, ToolTiming>;
  now: () => number;
}): ToolDefinition[] {
  const { timings, now } = options;
  return options.tools.map((tool) => ({
    ...tool,
    execute: async (input: unknown, context) => {
      const timing: ToolTiming = { startedAt: now() };
      timings.set(context.toolCallId, timing);
      try {
        return await tool.execute(input, context);
      } catch (error) {
        const message = readableToolError({ toolName: tool.name, error });
        throw new ToolExecutionError({ toolName: tool.name, message, cause: error });
      } finally {
        timing.finishedAt = now();
      }
    },
  }));
}
