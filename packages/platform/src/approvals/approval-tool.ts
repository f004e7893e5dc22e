import { AppError } from '@renum/contracts';
import { createBuiltinTools, type ToolDefinition } from '@renum/runtime';
import { createProxyToolDefinitions } from '@renum/tools';
import type { RunDeps } from '../runs/run-deps.ts';

const builtins = createBuiltinTools();

/**
 * The definition of one of an agent's tools, for the run it was called in: a built-in, or a catalog tool
 * through the tool proxy (the client's credential, metered to the run). Null when the agent no longer has
 * the tool, or this deployment lacks it.
 */
export function approvalTool(
  run: Pick<RunDeps, 'tools'>,
  options: {
    tool: string;
    agent: {
      id: string;
      tools: ReadonlyArray<{ name: string; options?: Record<string, unknown> | undefined }>;
    };
    clientId: string;
    runId: string;
  },
): ToolDefinition | null {
  const entry = options.agent.tools.find((candidate) => candidate.name === options.tool);
  const builtin = builtins.find((candidate) => candidate.name === options.tool);
  if (builtin && entry) return builtin;
  if (!entry || !run.tools?.catalog.has(entry.name)) return null;
  const [definition] = createProxyToolDefinitions({
    proxy: run.tools.proxy,
    catalog: run.tools.catalog,
    scope: { clientId: options.clientId, agentId: options.agent.id, runId: options.runId },
    enabled: [{ name: entry.name, options: entry.options ?? {} }],
  });
  return (definition as unknown as ToolDefinition) ?? null;
}

/** Checks edited arguments against the tool's input schema: `400 VALIDATION_ERROR` listing the problems. */
export function assertToolArguments(
  definition: ToolDefinition,
  args: Record<string, unknown>,
): Record<string, unknown> {
  const parsed = definition.inputSchema.safeParse(args);
  if (parsed.success) return args;
  const details = parsed.error.issues.map((issue) => ({
    field: ['arguments', ...issue.path.map(String)].join('.'),
    message: issue.message,
  }));
  throw new AppError(
    'VALIDATION_ERROR',
    `The edited arguments do not fit ${definition.name}: ${details[0]?.field} ${details[0]?.message}`,
    {
      context: { details },
    },
  );
}
